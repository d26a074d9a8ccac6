import { describe, expect, it } from 'vitest';
import { parseAskArgs } from '../../src/cli/args.ts';
import { DateQueryError, parseDateQuery } from '../../src/entities/dateQuery.ts';
import { InvalidQuestionError } from '../../src/search/validate.ts';

const parse = (args: string[]) => parseAskArgs(args, parseDateQuery);

describe('parseAskArgs', () => {
  it('reads a question with its options', () => {
    expect(
      parse(['-k', '5', '--from', '2022-01-01', '--to', '2022-12-31', '--as-of', '2023-01-02', '--json', 'who', 'leaked it?']),
    ).toEqual({
      kind: 'ask',
      question: 'who leaked it?',
      k: 5,
      from: '2022-01-01',
      to: '2022-12-31',
      asOf: '2023-01-02',
      json: true,
    });
    expect(parse(['--index', 'some/dir', 'cypher'])).toMatchObject({ kind: 'ask', k: 3, index: 'some/dir', json: false });
  });

  it('answers as of today unless --as-of names a real day', () => {
    expect(parse(['cypher'])).toMatchObject({ asOf: new Date().toISOString().slice(0, 10) });
    expect(() => parse(['--as-of', '2023-02-30', 'cypher'])).toThrow(InvalidQuestionError);
    expect(() => parse(['--as-of', 'yesterday', 'cypher'])).toThrow(/as-of.*YYYY-MM-DD/);
  });

  it('reads the people and dates lookups', () => {
    expect(parse(['--person', ' Shehbaz '])).toMatchObject({ kind: 'person', name: 'Shehbaz' });
    expect(parse(['--timeline', 'Imran Khan'])).toMatchObject({ kind: 'timeline', name: 'Imran Khan' });
    expect(parse(['--date', '2022-09'])).toMatchObject({ kind: 'dates', range: { from: '2022-09-01', to: '2022-09-30' } });
    expect(parse(['--from', '2022-09-28', '--to', '2022-09-30'])).toMatchObject({
      kind: 'dates',
      range: { from: '2022-09-28', to: '2022-09-30' },
    });
  });

  it('reads --said with --about and publication bounds', () => {
    expect(parse(['--said', ' Imran Khan ', '--about', 'cypher', '--from', '2022-09-01'])).toEqual({
      kind: 'said',
      name: 'Imran Khan',
      about: 'cypher',
      from: '2022-09-01',
      json: false,
    });
    expect(() => parse(['--about', 'cypher', 'question'])).toThrow(/--about goes with --said/);
    expect(() => parse(['--said', 'Imran Khan', '--person', 'Azam Khan'])).toThrow(/one of --person, --said/);
  });

  it.each([
    ['empty', ['']],
    ['blank', ['   ']],
    ['over 1,000 characters', ['x'.repeat(1001)]],
    ['no question', []],
    ['an impossible day', ['--from', '2022-02-30', 'audio']],
    ['a day not written YYYY-MM-DD', ['--to', '2022-9-1', 'audio']],
    ['a backwards range', ['--from', '2023-01-01', '--to', '2022-01-01', 'audio']],
    ['k not a number', ['-k', 'two', 'audio']],
    ['k zero', ['-k', '0', 'audio']],
    ['an unknown flag', ['--no-such-flag', 'audio']],
    ['two lookups at once', ['--person', 'Dar', '--date', '2022-09']],
    ['a lookup and a question', ['--person', 'Dar', 'audio']],
    ['an empty name', ['--person', '  ']],
  ])('rejects %s with a message for the person', (_, args) => {
    expect(() => parse(args)).toThrow(InvalidQuestionError);
  });

  it("rejects an impossible --date with the date parser's message", () => {
    expect(() => parse(['--date', '2022-13'])).toThrow(DateQueryError);
  });
});
