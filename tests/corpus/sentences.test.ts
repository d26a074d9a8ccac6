import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.ts';
import { splitSentences } from '../../src/corpus/sentences.ts';

const sentencesOf = (text: string) => splitSentences(text).map(({ start, end }) => text.slice(start, end));

describe('splitSentences', () => {
  it.each([
    [
      'abbreviations',
      'The U.S. envoy met Mr. Khan and the PML-N chief. They talked.',
      ['The U.S. envoy met Mr. Khan and the PML-N chief.', 'They talked.'],
    ],
    [
      'a.m. before a lower-case word',
      'It starts at 9:30 a.m. on Friday. Doors open early.',
      ['It starts at 9:30 a.m. on Friday.', 'Doors open early.'],
    ],
    [
      'times and numeric dates',
      'Release at 9:30 am on Friday (09/30). Then silence.',
      ['Release at 9:30 am on Friday (09/30).', 'Then silence.'],
    ],
    ['initials', 'The book by J. R. R. Tolkien sold well. Critics agreed.', ['The book by J. R. R. Tolkien sold well.', 'Critics agreed.']],
    [
      'joined initials before a name',
      'It was led by O.C. Davis of L.F. Rothschild. He left.',
      ['It was led by O.C. Davis of L.F. Rothschild.', 'He left.'],
    ],
    [
      'U.S. before a name, and ending a sentence',
      'A bill before the U.S. Congress failed in the U.S. The vote was close.',
      ['A bill before the U.S. Congress failed in the U.S.', 'The vote was close.'],
    ],
    [
      'St. inside a place name',
      'It has offices in the Minneapolis-St. Paul area. Shares rose.',
      ['It has offices in the Minneapolis-St. Paul area.', 'Shares rose.'],
    ],
    [
      'a quotation ending a sentence',
      'He said, "We are ready." Officials disagreed.',
      ['He said, "We are ready."', 'Officials disagreed.'],
    ],
    [
      'sentences inside a long quotation',
      'He said, "Stop it. We know." Then he left.',
      ['He said, "Stop it.', 'We know."', 'Then he left.'],
    ],
    [
      'a glued full stop',
      'It became part of the record.Earlier, an audio clip surfaced.',
      ['It became part of the record.', 'Earlier, an audio clip surfaced.'],
    ],
    [
      'paragraphs without a full stop',
      'PMO says agencies are alert\n\nAsks officials not to respond',
      ['PMO says agencies are alert', 'Asks officials not to respond'],
    ],
    ['surrounding whitespace', '  \n First one.   Second one.  \n', ['First one.', 'Second one.']],
  ])('%s', (_name, text, expected) => {
    expect(sentencesOf(text)).toEqual(expected);
  });

  it('keeps the glued sentence of seed 002 apart', () => {
    const article = loadCorpus('seeds').articles.find((a) => a.id.startsWith('002'))!;
    const sentences = sentencesOf(article.text);
    expect(sentences).toContain('After this, we will write the analysis as we deem fit, so it becomes part of the record.');
    expect(sentences.some((s) => s.startsWith('Earlier, an audio clip featuring'))).toBe(true);
    expect(sentences).toContain('The web said, "For undisclosed reasons, I will be releasing ALL files this Friday (09/30)."');
  });

  it('offsets are ordered, trimmed and only skip whitespace in the seeds', () => {
    for (const article of loadCorpus('seeds').articles) {
      const sentences = splitSentences(article.text);
      expect(sentences.length).toBeGreaterThan(5);
      let previousEnd = 0;
      for (const { start, end } of sentences) {
        expect(start).toBeGreaterThanOrEqual(previousEnd);
        expect(article.text.slice(previousEnd, start).trim()).toBe('');
        const sentence = article.text.slice(start, end);
        expect(sentence).toBe(sentence.trim());
        previousEnd = end;
      }
      expect(article.text.slice(previousEnd).trim()).toBe('');
    }
  });
});
