import { describe, expect, it } from 'vitest';
import { answerTypeOf, holdsAnswerType, wordsOf } from '../../src/search/answerType.ts';
import type { StoredArticle } from '../../src/domain/article.ts';
import { storedSeeds } from '../entities/storedSeeds.ts';

describe('answerTypeOf', () => {
  it('reads who/when questions, and nothing else', () => {
    expect(answerTypeOf('Who replaced Miftah Ismail as finance minister?')).toBe('person');
    expect(answerTypeOf('Which official suggested a meeting on the cypher?')).toBe('person');
    expect(answerTypeOf('When will the dark web release the hacked audios?')).toBe('time');
    expect(answerTypeOf('At what time will the files be released?')).toBe('time');
    expect(answerTypeOf('What did the PMO ask officials to do?')).toBeUndefined();
  });

  it.each([
    ['How many people were hurt in the storm?', 'number'],
    ['What percentage of voters backed the measure?', 'number'],
    ['A plane door blew out on a flight operated by which airline?', 'name'],
    ['Which singer announced a world tour?', 'person'],
    ['In which country did the earthquake strike?', 'place'],
    ['Where did the rocket land?', 'place'],
    ['In what year was the law passed?', 'time'],
  ])('reads "%s" as asking for a %s', (question, type) => {
    expect(answerTypeOf(question)).toBe(type);
  });
});

const seeds: StoredArticle[] = await storedSeeds();

describe('holdsAnswerType', () => {
  const sentenceWith = (needle: string): [StoredArticle, number] => {
    for (const article of seeds) {
      const index = article.sentences.findIndex(({ start, end }) => article.text.slice(start, end).includes(needle));
      if (index >= 0) return [article, index];
    }
    throw new Error(`no seed sentence holds "${needle}"`);
  };

  it('counts a person the question does not already name', () => {
    const question = new Set(wordsOf('Who replaced Miftah Ismail as finance minister?'));
    expect(holdsAnswerType(...sentenceWith('made way for PML-N leader Ishaq Dar'), 'person', question)).toBe(1);
    expect(holdsAnswerType(...sentenceWith('the other was about former finance minister Miftah Ismail'), 'person', question)).toBe(0);
  });

  it('counts figures and names the question does not already hold', () => {
    const question = new Set(wordsOf('Which hacker group leaked the audio of the Prime Minister?'));
    expect(holdsAnswerType(...sentenceWith('made way for PML-N leader Ishaq Dar'), 'name', question)).toBe(1);
    expect(
      holdsAnswerType(...sentenceWith('release the data on Friday next at 9:30 am'), 'number', new Set(wordsOf('How many files?'))),
    ).toBe(1);
    expect(
      holdsAnswerType(...sentenceWith('release the data on Friday next at 9:30 am'), 'number', new Set(wordsOf('At 9:30 how many?'))),
    ).toBe(0);
  });

  it('counts dates and clock times', () => {
    const none = new Set<string>();
    expect(holdsAnswerType(...sentenceWith('release the data on Friday next at 9:30 am'), 'time', none)).toBe(1);
    expect(holdsAnswerType(...sentenceWith('Asks officials not to respond'), 'time', none)).toBe(0);
  });
});
