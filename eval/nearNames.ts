// "Did you mean" on misspelt names: how often the person a misspelling was made from comes first, and in the first five,
// by the near-name rule every store shares (NEAR_NAMES) and by the MiniSearch index it replaced (kept here to compare).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import { nameKey, NameWords, PersonDirectory, stripTitles, type Person, type StoredDirectory } from '../src/entities/people.ts';
import { INDEX_FILES } from '../src/index/files.ts';
import { unpaced } from '../src/pace.ts';
import { mulberry32 } from './random.ts';

/** A ranking of a directory's people (indexes, best first) for a name key. */
type NameRule = (key: string, limit: number) => number[];

/** The rule before NEAR_NAMES: MiniSearch over each person's name and aliases (fuzzy 0.34, prefix, any word). */
function miniSearchRule(people: readonly Person[]): NameRule {
  const search = new MiniSearch<{ id: number; names: string }>({
    fields: ['names'],
    searchOptions: { fuzzy: 0.34, prefix: true, combineWith: 'OR' },
  });
  for (const [id, person] of people.entries()) search.add({ id, names: [person.name, ...person.aliases].join(' ') });
  return (key, limit) =>
    search
      .search(key)
      .slice(0, limit)
      .map((hit) => hit.id as number);
}

/** The people directory of the index files in `dir`. */
export async function storedDirectory(dir: string): Promise<PersonDirectory> {
  const stored = JSON.parse(readFileSync(join(dir, INDEX_FILES.people), 'utf8')) as StoredDirectory;
  return PersonDirectory.fromStored(stored, unpaced);
}

const MISSPELLINGS = ['drop', 'swap', 'replace'] as const;
type Misspelling = (typeof MISSPELLINGS)[number];

/** `name` with one letter dropped, two neighbouring letters swapped or one replaced, at a position `next` picks. */
function misspell(name: string, how: Misspelling, next: () => number): string {
  const letters = [...name];
  const at = (positions: number[]) => positions[Math.floor(next() * positions.length)];
  const isLetter = (i: number) => /\p{L}/u.test(letters[i] ?? '');
  const positions = letters.map((_, i) => i).filter(isLetter);
  if (how === 'drop') letters.splice(at(positions), 1);
  if (how === 'swap') {
    const pairs = positions.filter((i) => isLetter(i + 1) && letters[i].toLowerCase() !== letters[i + 1].toLowerCase());
    if (pairs.length === 0) return misspell(name, 'replace', next);
    const i = at(pairs);
    [letters[i], letters[i + 1]] = [letters[i + 1], letters[i]];
  }
  if (how === 'replace') {
    const i = at(positions);
    const others = 'abcdefghijklmnopqrstuvwxyz'.replace(letters[i].toLowerCase(), '');
    letters[i] = others[Math.floor(next() * others.length)];
  }
  return letters.join('');
}

export interface NearNameFigures {
  set: string;
  misspelt: number;
  /** Per rule: the share of misspellings whose person comes first, and in the first five. */
  rules: { rule: string; top1: number; top5: number }[];
}

/**
 * Misspells `count` people of `directory` drawn with `seed` (every person when there are fewer), each once by each of
 * drop, swap and replace, and asks each rule for the misspelt name's key (titles stripped, as lookups do).
 */
export function measureNearNames(set: string, directory: PersonDirectory, count: number, seed: number): NearNameFigures {
  const next = mulberry32(seed);
  const people = directory.people;
  const drawn = [...people.keys()];
  for (let i = drawn.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [drawn[i], drawn[j]] = [drawn[j], drawn[i]];
  }
  const cases = drawn
    .slice(0, count)
    .flatMap((person) => MISSPELLINGS.map((how) => ({ person, key: stripTitles(nameKey(misspell(people[person].name, how, next))) })));
  const nearNames = new NameWords(people, directory.ranks());
  const rules: [string, NameRule][] = [
    ['NEAR_NAMES (both stores)', (key, limit) => nearNames.find(key, limit)],
    ['MiniSearch (before)', miniSearchRule(people)],
  ];
  return {
    set,
    misspelt: cases.length,
    rules: rules.map(([rule, find]) => {
      let top1 = 0;
      let top5 = 0;
      for (const { person, key } of cases) {
        const found = find(key, 5);
        if (found[0] === person) top1++;
        if (found.includes(person)) top5++;
      }
      return { rule, top1: top1 / cases.length, top5: top5 / cases.length };
    }),
  };
}
