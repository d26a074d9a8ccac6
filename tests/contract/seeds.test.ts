// The ArchiveStore contract on the seeds: every query option and lookup answers the same from the index files and from
// PostgreSQL, and each case's answer is what it must be (both asOf bugs of issue 20 among them).
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createEmbedder } from '../../src/embedding/embedder.ts';
import { seedIndex } from '../support/seedIndex.ts';
import { expectSameResults } from './cases.ts';
import { SEED_CASES } from './seedCases.ts';
import { openBothStores, type StorePair } from './stores.ts';

let pair: StorePair;

beforeAll(async () => {
  const { config } = seedIndex();
  pair = await openBothStores(config, await createEmbedder(config));
});
afterAll(async () => {
  await pair?.stop();
});

describe('the ArchiveStore contract on the seeds', () => {
  it.each(SEED_CASES.map((contractCase) => [contractCase.name, contractCase] as const))('%s', async (name, contractCase) => {
    const [reference, ...others] = await Promise.all(pair.stores.map(({ archive }) => contractCase.ask(archive)));
    contractCase.expect?.(reference as never);
    for (const [i, other] of others.entries()) expectSameResults(`${name} (${pair.stores[i + 1].name})`, reference, other);
  });
});
