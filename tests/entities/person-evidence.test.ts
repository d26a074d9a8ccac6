// Each kind of evidence src/entities/findPeople.ts accepts a name on, recorded on the mention, with its own case.
import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/corpus/sentences.ts';
import type { PersonEvidence } from '../../src/domain/mentions.ts';
import { findPeople } from '../../src/entities/findPeople.ts';

const cases: [PersonEvidence, string, string][] = [
  ['title-before', 'Finance Minister Ishaq Dar resigned on Monday.', 'Ishaq Dar'],
  ['role-before', 'The finance minister, Ishaq Dar, resigned on Monday.', 'Ishaq Dar'],
  ['role-after', 'Bilal Zafar, chief executive of the company, resigned on Monday.', 'Bilal Zafar'],
  ['tagged-name', 'John Smith resigned on Monday.', 'John Smith'],
  ['speaks', 'The talks had failed, Zorvan Quelt said.', 'Zorvan Quelt'],
  ['short-form-of-a-full-name', 'Finance Minister Ishaq Dar resigned on Monday. Dar left for London.', 'Dar'],
];

describe('person evidence', () => {
  it.each(cases)('%s: %s', (evidence, text, name) => {
    const mentions = findPeople(text, splitSentences(text));
    expect(mentions.find((mention) => mention.name === name)?.evidence).toBe(evidence);
  });

  // Guards findPeople's tagging only where tags matter: an ordinary word opening a sentence can be a surname.
  it.each(['Baker', 'Brown', 'Reed'])('takes "%s said" opening a sentence for the short form of a full name', (surname) => {
    const text = `Treasury Secretary James ${surname} met them on Monday.\n\n${surname} said the dollar had fallen.`;
    const mentions = findPeople(text, splitSentences(text));
    expect(mentions.map(({ name, person }) => [name, person])).toEqual([
      [`James ${surname}`, `James ${surname}`],
      [surname, `James ${surname}`],
    ]);
  });

  it("rejects runs that are no one's name, whatever else is said of them", () => {
    const text = 'Prime Minister said the Pakistan Tehreek-e-Insaf (PTI) would win.';
    expect(findPeople(text, splitSentences(text))).toEqual([]);
  });
});
