// The ArchiveStore contract on 200 Reuters articles (read from ../shared/corpora at test time; skipped without it):
// questions, dates and people the sample itself supplies give the same answers from the index files and PostgreSQL.
import { createReadStream, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreArchive } from '../../src/archive.ts';
import { loadEngineConfig } from '../../src/config.ts';
import { createEmbedder } from '../../src/embedding/embedder.ts';
import { expectSameResults, noneAfter } from './cases.ts';
import { openBothStores, type StorePair } from './stores.ts';

const REUTERS = resolve('../shared/corpora/reuters21578/reuters21578.jsonl');
/** One article in this many: about 215, from February to October 1987. */
const EVERY = 100;

/** Every `every`-th line of the JSONL corpus. */
async function sampleLines(path: string, every: number): Promise<string[]> {
  const lines: string[] = [];
  let seen = 0;
  for await (const line of createInterface({ input: createReadStream(path) })) {
    if (line.trim() && seen++ % every === 0) lines.push(line);
  }
  return lines;
}

let dir: string;
let pair: StorePair;
let titles: string[];
/** The median publication day of the sample: the asOf, from and to of the cases. */
let middle: string;

beforeAll(async () => {
  if (!existsSync(REUTERS)) return;
  dir = mkdtempSync(join(tmpdir(), 'contract-reuters-'));
  const lines = await sampleLines(REUTERS, EVERY);
  const articles = lines.map((line) => JSON.parse(line) as { title?: string; date: string });
  titles = articles.map((article) => article.title ?? '').filter((title) => title.split(' ').length >= 3);
  middle = articles.map((article) => article.date).sort()[Math.floor(articles.length / 2)];
  writeFileSync(join(dir, 'sample.jsonl'), `${lines.join('\n')}\n`);
  const config = loadEngineConfig({ CORPUS: join(dir, 'sample.jsonl'), INDEX_DIR: join(dir, 'index'), HNSW_EF_CONSTRUCTION: '50' });
  pair = await openBothStores(config, await createEmbedder(config), { buildFiles: true });
});
afterAll(async () => {
  await pair?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs `ask` on every store; the answers must agree, and the first must pass `check`. */
async function agree<T>(name: string, ask: (archive: StoreArchive) => Promise<T>, check?: (result: T) => void): Promise<T> {
  const [reference, ...others] = await Promise.all(pair.stores.map(({ archive }) => ask(archive)));
  check?.(reference);
  for (const [i, other] of others.entries()) expectSameResults(`${name} (${pair.stores[i + 1].name})`, reference, other);
  return reference;
}

describe.skipIf(!existsSync(REUTERS))(
  `the ArchiveStore contract on one Reuters article in ${EVERY} (skipped: no ../shared corpora)`,
  () => {
    it('answers questions the same, with and without from, to and asOf', async () => {
      const { firstDate, lastDate } = pair.stores[0].archive.summary();
      expect(firstDate < middle && middle < lastDate).toBe(true);
      const asked = titles.filter((_, i) => i % 20 === 0);
      let answered = 0;
      for (const question of asked) {
        const answer = await agree(question, (archive) => archive.ask({ question: question.toLowerCase(), k: 5 }));
        if (answer.answered) answered++;
        await agree(`${question}, as of ${middle}`, (archive) => archive.ask({ question, asOf: middle }), noneAfter(middle));
        await agree(
          `${question}, from ${middle}`,
          (archive) => archive.ask({ question, from: middle }),
          (found) => {
            for (const quote of found.quotes) expect(quote.date >= middle).toBe(true);
          },
        );
        await agree(`${question} this week`, (archive) => archive.ask({ question: `${question} this week`, asOf: middle }));
      }
      // Titles are asked in lower case, so the archive's own words find their article most of the time.
      expect(answered).toBeGreaterThan(asked.length / 2);
    });

    it('looks people up the same: person, timeline, said (with asOf), autocomplete', async () => {
      const people = await agree('autocomplete, the most mentioned', (archive) => archive.suggestPeople('', 5));
      expect(people.length).toBeGreaterThan(0);
      for (const name of people) {
        await agree(`person ${name}`, (archive) => archive.person(name));
        await agree(`timeline ${name}`, (archive) => archive.timeline(name));
        await agree(`said ${name}`, (archive) => archive.said({ speaker: name }));
        await agree(
          `said ${name} as of ${middle}`,
          (archive) => archive.said({ speaker: name, asOf: middle }),
          (said) => {
            for (const quotation of said.found ? said.quotations : []) expect(quotation.date <= middle).toBe(true);
          },
        );
        await agree(
          `What did ${name} say?`,
          (archive) => archive.ask({ question: `What did ${name} say?`, asOf: middle }),
          noneAfter(middle),
        );
        await agree(`autocomplete ${name.slice(0, 3)}`, (archive) => archive.suggestPeople(name.slice(0, 3)));
      }
      await agree('did you mean', (archive) => archive.person(`${people[0].slice(0, -1)}x`));
    });

    it('suggests the same people for misspelt and partial names', async () => {
      const people = await agree('autocomplete, the most mentioned', (archive) => archive.suggestPeople('', 25));
      // A letter dropped, two swapped, one replaced, the first word alone, a beginning; and names typed from memory.
      const typed = people.flatMap((name) =>
        [
          name.slice(0, 2) + name.slice(3),
          name.slice(0, 1) + name[2] + name[1] + name.slice(3),
          `${name.slice(0, -2)}e${name.slice(-1)}`,
          name.split(' ')[0],
          name.slice(0, 4),
        ].map((misspelt) => ({ misspelt, name })),
      );
      let found = 0;
      for (const { misspelt, name } of [
        ...typed,
        ...['Volker', 'Baker', 'Jmes Baker', 'Reagan', 'Regan', 'Yuetter'].map((misspelt) => ({ misspelt, name: '' })),
      ]) {
        await agree(`did you mean ${misspelt}`, (archive) => archive.person(misspelt));
        const completed = await agree(`complete ${misspelt}`, (archive) => archive.suggestPeople(misspelt));
        if (completed.includes(name)) found++;
      }
      // Most misspellings still complete to the person they were made from.
      expect(found).toBeGreaterThan(typed.length / 2);
    });

    it('lists dates and sources the same', async () => {
      await agree(
        'dates, a day',
        (archive) => archive.dates({ from: middle, to: middle }),
        (dates) => expect(dates.published.length).toBeGreaterThan(0),
      );
      await agree('dates, a month', (archive) => archive.dates({ from: `${middle.slice(0, 7)}-01`, to: `${middle.slice(0, 7)}-31` }));
      await agree(
        'sources',
        (archive) => archive.sources(),
        (sources) => expect(sources).toHaveLength(pair.stores[0].archive.summary().articles),
      );
      await agree('summary', async (archive) => archive.summary());
    });
  },
);
