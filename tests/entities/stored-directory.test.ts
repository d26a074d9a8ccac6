// Issue 12: the people directory is built at index time; the one read back answers exactly as one built from the articles.
import { describe, expect, it } from 'vitest';
import { PersonDirectory } from '../../src/entities/people.ts';
import { loadArchiveIndex } from '../../src/openArchive.ts';
import { unpaced } from '../../src/pace.ts';
import { seedIndex } from '../support/seedIndex.ts';
import { store } from './storedSeeds.ts';

describe('the people directory stored with the index', () => {
  it('is the directory built from the articles: same people, aliases, resolutions, completions and suggestions', async () => {
    const { config } = seedIndex();
    const index = await loadArchiveIndex(config.indexDir, config);
    const built = await PersonDirectory.create([...index.articles.values()], unpaced);
    const read = await PersonDirectory.fromStored(index.people, unpaced);
    expect(read.people).toEqual(built.people);
    expect(read.people.length).toBeGreaterThan(5);
    const queries = read.people.flatMap((person) => [person.name, ...person.aliases, person.name.slice(0, 3), person.name.slice(0, 1)]);
    for (const query of [...queries, 'Khan', 'Imran Kahn', 'PM Shehbaz', 'nobody at all']) {
      expect(read.resolve(query)).toEqual(built.resolve(query));
      expect(read.complete(query)).toEqual(built.complete(query));
      expect(read.suggest(query)).toEqual(built.suggest(query));
    }
  });

  it('survives JSON as the index writes it, an alias naming two people included', async () => {
    const articles = [
      store({
        id: 'a.txt',
        date: '2023-01-02',
        text: 'Treasury Secretary James Baker arrived in Tokyo on Monday. Baker said the dollar was stable.',
      }),
      store({ id: 'b.txt', date: '2023-01-03', text: 'Senator Howard Baker arrived in Paris on Tuesday. Baker said the talks went well.' }),
    ];
    const built = await PersonDirectory.create(articles, unpaced);
    const read = await PersonDirectory.fromStored(JSON.parse(JSON.stringify(built.toStored())), unpaced);
    expect(built.resolve('Baker').kind).toBe('ambiguous');
    expect(read.resolve('Baker')).toEqual(built.resolve('Baker'));
    for (const query of ['baker', 'ba', 'James', 'Howard Baker', 'Senator Baker'])
      expect(read.complete(query)).toEqual(built.complete(query));
  });
});
