// The default model ships in the repository: every file listed in models/SOURCES.md is there with its recorded size and sha256.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EMBEDDING_MODEL, DEFAULT_MODEL_DIR } from '../../src/config.ts';

const folder = join(DEFAULT_MODEL_DIR, DEFAULT_EMBEDDING_MODEL);
const rows = [...readFileSync(join(DEFAULT_MODEL_DIR, 'SOURCES.md'), 'utf8').matchAll(/^\| (\S+) \| (\d+) \| ([0-9a-f]{64}) \|$/gm)];

describe('the bundled model', () => {
  it('is listed in models/SOURCES.md with the weights, tokenizer and licence notice', () => {
    expect(rows.map((row) => row[1])).toEqual(
      expect.arrayContaining(['onnx/model_quantized.onnx', 'tokenizer.json', 'config.json', 'source/NOTICE']),
    );
    expect(readFileSync(join(folder, 'LICENSE.md'), 'utf8')).toMatch(/MIT License/);
  });

  it.each(rows.map((row) => [row[1], Number(row[2]), row[3]] as const))('%s has its recorded size and sha256', (file, bytes, sha256) => {
    const content = readFileSync(join(folder, file));
    expect(content.length).toBe(bytes);
    expect(createHash('sha256').update(content).digest('hex')).toBe(sha256);
  });
});
