// The build's growable columns: values read back as pushed, before and after `fit` lets go of their room to grow.
import { describe, expect, it } from 'vitest';
import { NumberColumn, StringColumn } from '../src/columns.ts';

describe('growable columns', () => {
  it('keep numbers as pushed through growth and fit, and grow again after it, even from empty', () => {
    for (const kind of [Float64Array, Uint32Array]) {
      const column = new NumberColumn(kind);
      column.fit();
      const values = Array.from({ length: 3_000 }, (_, i) => i * 7 + 1);
      for (const value of values.slice(0, 2_500)) column.push(value);
      column.fit();
      for (const value of values.slice(2_500)) column.push(value);
      expect(column.length).toBe(values.length);
      expect(values.map((_, i) => column.at(i))).toEqual(values);
    }
  });

  it('keep strings as pushed (a lone surrogate and non-ASCII included) through fit, and grow again after it', () => {
    const column = new StringColumn();
    column.fit();
    const values = Array.from({ length: 5_000 }, (_, i) => (i % 97 === 0 ? `lone-\ud800-${i}` : `reuters21578-${i}~é${i % 50}`));
    for (const value of values.slice(0, 4_000)) column.push(value);
    column.fit();
    for (const value of values.slice(4_000)) column.push(value);
    expect(column.length).toBe(values.length);
    expect(values.map((_, i) => column.at(i))).toEqual(values);
    expect(Math.sign(column.compare(1, 2))).toBe(Math.sign(values[1] < values[2] ? -1 : 1));
  });
});
