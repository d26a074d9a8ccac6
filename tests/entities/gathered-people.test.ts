// The people directory gathered in columns (GatheredPeople, what a build writes a person at a time) is the directory
// PersonDirectory.create keeps whole: the same people, occurrences, aliases and attributions, as people.json holds them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PersonMention } from '../../src/domain/mentions.ts';
import { GatheredPeople, PersonDirectory, type ArticleNames } from '../../src/entities/people.ts';
import { attributedQuotations } from '../../src/index/attribution.ts';
import { INDEX_FILES } from '../../src/index/files.ts';
import { unpaced } from '../../src/pace.ts';
import { seedIndex } from '../support/seedIndex.ts';
import { storedSeeds } from './storedSeeds.ts';

/** people.json's text for a directory handed over a person at a time, as the index writer joins it. */
function storedText(gathered: GatheredPeople): string {
  return JSON.stringify({ people: [...gathered.people()], aliases: [...gathered.aliases] });
}

function mention(name: string, person: string, sentence: number): PersonMention {
  return { name, person, sentence, start: 0, end: name.length, evidence: 'title-before' };
}

function named(id: string, ...people: PersonMention[]): ArticleNames {
  return { id, entities: { people, dates: [] } };
}

describe('the people directory gathered in columns', () => {
  it("is, on the seeds, the seed index's people.json and the directory kept whole, attributions included", async () => {
    const articles = await storedSeeds();
    const gathered = await GatheredPeople.gather(articles, unpaced);
    const whole = await PersonDirectory.create(articles, unpaced);
    const onDisk = readFileSync(join(seedIndex().config.indexDir, INDEX_FILES.people), 'utf8');
    expect(whole.people.length).toBeGreaterThan(5);
    expect(storedText(gathered)).toBe(JSON.stringify(whole.toStored()));
    expect(storedText(gathered)).toBe(onDisk);
    const quotations = articles.flatMap((article) => attributedQuotations(article, whole));
    expect(quotations.length).toBeGreaterThan(0);
    expect(articles.flatMap((article) => attributedQuotations(article, gathered))).toEqual(quotations);
  });

  it('keeps each occurrence as it was: article ids of any spelling, sentences, names as written, in order', async () => {
    const loneSurrogate = 'wire-\ud800';
    const articles = [
      named('__proto__', mention('Shehbaz', 'Shehbaz Sharif', 3), mention('Imran Khan', 'Imran Khan', 0)),
      named('no-names'),
      named(loneSurrogate, mention('Shehbaz Sharif’s', 'Shehbaz Sharif', 70_000), mention('Khan', 'Khan', 2)),
      named('42', mention('Azam Khan', 'Azam Khan', 1), mention('Shehbaz', 'Shehbaz Sharif', 0), mention('  ', '  ', 0)),
    ];
    const gathered = await GatheredPeople.gather(articles, unpaced);
    expect([...gathered.people()]).toEqual([
      {
        name: 'Shehbaz Sharif',
        aliases: ['Shehbaz'],
        occurrences: [
          { article: '__proto__', sentence: 3, name: 'Shehbaz' },
          { article: loneSurrogate, sentence: 70_000, name: 'Shehbaz Sharif’s' },
          { article: '42', sentence: 0, name: 'Shehbaz' },
        ],
      },
      { name: 'Imran Khan', aliases: [], occurrences: [{ article: '__proto__', sentence: 0, name: 'Imran Khan' }] },
      { name: 'Azam Khan', aliases: [], occurrences: [{ article: '42', sentence: 1, name: 'Azam Khan' }] },
    ]);
    expect(gathered.aliases.get('khan')).toEqual([1, 2]);
    expect(gathered.resolveName('PM Shehbaz')).toBe('Shehbaz Sharif');
    expect(gathered.resolveName('Khan')).toBeUndefined();
    const whole = await PersonDirectory.create(articles, unpaced);
    expect(storedText(gathered)).toBe(JSON.stringify(whole.toStored()));
    for (const query of ['Shehbaz', 'Khan', 'Azam Khan', 'nobody']) expect(gathered.resolveName(query)).toBe(whole.resolveName(query));
  });
});
