// What newly added articles hold for a follow (the real seeds index, model and engine): a person named by any alias,
// quoted where they speak; a topic answered above the answer bar by an article searched on its own.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../src/archive.ts';
import { openArchive } from '../../src/openArchive.ts';
import { seedIndex } from '../support/seedIndex.ts';

const root = join(import.meta.dirname, '../..');
const HACKING = '000_ae1dca75ecde649c.txt';
const CYPHER = '002_da930858047ced72.txt';

describe('archive.concerning (real seeds index)', () => {
  let archive: Archive;
  beforeAll(async () => {
    archive = await openArchive(seedIndex().config);
  });
  afterAll(async () => {
    await archive?.close();
  });

  it('finds a person only in the articles named, preferring a sentence of their own words', async () => {
    const matches = await archive.concerning({ kind: 'person', name: 'Azam Khan' }, [HACKING, CYPHER]);
    expect(matches.map(({ article }) => article)).toEqual([CYPHER]);
    expect(matches[0].quote.speaker).toBe('Azam Khan');
    expect(matches[0].quote.date).toBe('2022-09-28');
    expect(matches[0].quote.text).toMatch(/^"Sir, I was thinking/);
    expect(readFileSync(join(root, 'seeds', CYPHER), 'utf8')).toContain(matches[0].quote.text);
    expect(await archive.concerning({ kind: 'person', name: 'Azam Khan' }, [HACKING])).toEqual([]);
    expect(await archive.concerning({ kind: 'person', name: 'Nobody Known' }, [HACKING, CYPHER])).toEqual([]);
  });

  it('finds a person in every new article naming them, oldest first', async () => {
    const matches = await archive.concerning({ kind: 'person', name: 'Shehbaz Sharif' }, [HACKING, CYPHER]);
    expect(matches.map(({ article }) => article)).toEqual([CYPHER, HACKING]);
    for (const { quote } of matches) expect(quote.highlight).toMatch(/\bShehbaz\b/);
  });

  it.each([
    { topic: 'hacking attempts on government officials through WhatsApp', answeredBy: [HACKING] },
    { topic: 'the US cypher audio leak', answeredBy: [CYPHER] },
    { topic: 'wheat harvest in Punjab', answeredBy: [] },
  ])('asks “$topic” of each article alone, above the answer bar', async ({ topic, answeredBy }) => {
    const matches = await archive.concerning({ kind: 'topic', topic }, [HACKING, CYPHER]);
    expect(matches.map(({ article }) => article)).toEqual(answeredBy);
    for (const { article, quote } of matches) {
      expect(quote.article).toBe(article);
      expect(quote.nearMiss).toBeUndefined();
    }
  });

  it('answers nothing for no articles', async () => {
    expect(await archive.concerning({ kind: 'topic', topic: 'hacking' }, [])).toEqual([]);
  });
});
