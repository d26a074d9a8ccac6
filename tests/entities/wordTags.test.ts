// The word tagger the name finder reads (src/entities/wordTags.ts): each name rule on its own example, the cases the
// full-Reuters comparison with compromise's tagger settled, and properties over generated text.
import fc from 'fast-check';
import nlp from 'compromise';
import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/corpus/sentences.ts';
import { findPeople } from '../../src/entities/findPeople.ts';
import { NAME_RULES, tagSentence, type TaggedWord } from '../../src/entities/wordTags.ts';

const world = nlp.world() as { methods: { one: { tokenize: { fromString(text: string, world: unknown): TaggedWord[][] } } } };

/** `text` as compromise's tokeniser splits it (one sentence), tagged. */
function tagged(text: string): TaggedWord[] {
  const [sentence] = world.methods.one.tokenize.fromString(text, world);
  tagSentence(sentence);
  return sentence;
}

const peopleIn = (text: string) => [...new Set(findPeople(text, splitSentences(text)).map((mention) => mention.person))];

describe('name rules', () => {
  it.each(NAME_RULES.map((rule) => [rule.name, rule] as const))('%s', (_, rule) => {
    const words = tagged(rule.example);
    const taggedAt = (start: number) => [...(rule.tags ?? rule.pattern.keys())].every((k) => words[start + k]?.tags.has(rule.tag));
    expect(words.some((_, start) => start + rule.pattern.length <= words.length && taggedAt(start))).toBe(true);
  });

  it('lets a safe rule leave a word the lexicon places alone', () => {
    const words = tagged('He named the Ambassador to Thailand William Brown.');
    expect(words.find((word) => word.text === 'Thailand')!.tags.has('Place')).toBe(true);
    expect(words.find((word) => word.text === 'Thailand')!.tags.has('Person')).toBe(false);
  });
});

describe('word tags', () => {
  it.each([
    ['a lexicon phrase', 'They flew Pan Am to Rome.', 'Pan', 'Organization'],
    ['a family name by its ending, opening a sentence', 'Rostenkowski said the bill would pass.', 'Rostenkowski', 'LastName'],
    ['a family name by its spelling', "The bid came from O'Reilly and others.", "O'Reilly", 'LastName'],
    ['a pronoun with a contraction', "He said I'm sure of it.", "I'm", 'Pronoun'],
    ['a capitalised word inside a sentence', 'The plan of Zorvan was dropped.', 'Zorvan', 'ProperNoun'],
    ['a place word and the name before it', 'It was built in Stevens Point last year.', 'Stevens', 'Place'],
    ['an organisation word and the name before it', 'Johnson Matthey Bank lent the money.', 'Matthey', 'Organization'],
  ])('%s: %s', (_, text, word, tag) => {
    expect(
      tagged(text)
        .find((each) => each.text === word)!
        .tags.has(tag),
    ).toBe(true);
  });
});

describe('remembered tags', () => {
  it("give a word no other word's tags, whatever characters an article puts in it", () => {
    const tagsOf = (text: string, word: string) => [...tagged(text).find((each) => each.text === word)!.tags].sort();
    const fresh = tagsOf('The man met 10\u0000Wqyrte then left.', '10\u0000Wqyrte');
    tagsOf('The man met Qzxvor, then left.', 'Qzxvor');
    // "Qzxvor," was remembered with its circumstances (inside, no quote, no apostrophe); this word's text spells that key.
    expect(tagsOf('The man met 10\u0000Qzxvor then left.', '10\u0000Qzxvor')).toEqual(fresh);
  });
});

// What the name finder now decides differently from compromise's own tagger on Reuters, each judged right (README).
describe('names the comparison with compromise settled', () => {
  it.each([
    ["a possessive that speaks is a firm's", "Lloyd's said the four members were appointed.", []],
    ['a name ends at a possessive', "Robert Maxwell's British Printing and Communications Corp would not bid.", ['Robert Maxwell']],
    [
      'a name before a comma and a place is still a name',
      'Lugar urged Baker to recommend Mark Sullivan, White House associate personnel director, as commissioner.',
      ['Mark Sullivan'],
    ],
    [
      'a company with a plc is no one',
      'Goodman Fielder U.K. Plc is issuing a 75 mln stg eurobond, lead manager Credit Suisse First Boston Ltd said.',
      [],
    ],
  ])('%s', (_, text, people) => {
    expect(peopleIn(text)).toEqual(expect.arrayContaining(people));
    expect(peopleIn(text)).toHaveLength(people.length);
  });
});

describe('properties', () => {
  const word = fc.constantFrom(
    'Mr',
    'John',
    'Smith',
    "O'Reilly",
    'said',
    'the',
    'Pan',
    'Am',
    'N',
    "'N",
    'Pak',
    'of',
    'in',
    'Corp',
    'U.S.',
    'I',
    "I'm",
    'de',
    'Rio',
    '&',
  );
  const punctuation = fc.constantFrom(' ', ' ', ', ', '. ', '-', ' (', ') ', '"', "'s ");
  const text = fc.array(fc.tuple(word, punctuation), { maxLength: 40 }).map((parts) => parts.flat().join(''));

  it('finds people whose names are the text at their offsets, in order, on any mix of name words', () => {
    fc.assert(
      fc.property(text, (sample) => {
        const mentions = findPeople(sample, splitSentences(sample));
        mentions.forEach((mention, i) => {
          expect(sample.slice(mention.start, mention.end)).toBe(mention.name);
          if (i > 0) expect(mention.start).toBeGreaterThanOrEqual(mentions[i - 1].start);
        });
      }),
      { seed: 24, numRuns: 300 },
    );
  });

  it('tags every word, the same way twice', () => {
    fc.assert(
      fc.property(text, (sample) => {
        const tags = (words: TaggedWord[]) => words.map((each) => [...each.tags].sort().join(','));
        const [first, second] = [tagged(sample || 'x'), tagged(sample || 'x')];
        expect(tags(first)).toEqual(tags(second));
      }),
      { seed: 24, numRuns: 200 },
    );
  });
});
