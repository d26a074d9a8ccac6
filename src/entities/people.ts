// The directory of people across the archive: short forms merged into one person, lookups by any alias, suggestions, autocomplete.
import { NumberColumn, StringColumn } from '../columns.ts';
import type { StoredArticle } from '../domain/article.ts';
import type { Pace } from '../pace.ts';
import { containsRun } from './runs.ts';
import { HONORIFICS, TITLE_WORDS } from './lexicon.ts';

/** What the directory reads of an article: its id and the people it names (no text). */
export type ArticleNames = Pick<StoredArticle, 'id' | 'entities'>;

/** Where a person is named: an article's sentence, with the name as written. */
export interface PersonOccurrence {
  article: string;
  sentence: number;
  name: string;
}

export interface Person {
  /** Canonical full name, e.g. "Shehbaz Sharif". */
  name: string;
  /** Every other form the archive uses for them ("Shehbaz", "Dar"), in first-seen order. */
  aliases: string[];
  occurrences: PersonOccurrence[];
}

export type PersonResolution =
  | { kind: 'found'; person: Person }
  /** An alias shared by several people ("Khan" for Imran Khan and Azam Khan). */
  | { kind: 'ambiguous'; candidates: Person[] }
  | { kind: 'unknown' };

/** Lower-case, accents and curly quotes folded, spaces collapsed: how names are compared. */
export function nameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[‘’`]/g, "'")
    .replace(/[‐‑–—]/g, '-')
    .toLowerCase()
    .replace(/['’]s$/, '')
    .replace(/[^\p{L}\p{N}' -]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A query without the titles people type before names: "then-PM Shehbaz" → "shehbaz", "Mr. Baker" → "baker". */
export function stripTitles(key: string): string {
  const words = key.split(' ');
  const isTitle = (word: string) => word.split('-').every((part) => TITLE_WORDS.has(part) || HONORIFICS.has(part));
  while (words.length > 1 && isTitle(words[0])) words.shift();
  return words.join(' ');
}

interface NameGroup {
  key: string;
  words: string[];
  spellings: Map<string, number>;
  /** Its number in `NameOccurrences`' group column. */
  id: number;
  /** The names as written of its occurrences (numbers in `NameOccurrences`), in first-seen order. */
  written: Set<number>;
}

/** A directory as an index stores it (`people.json`): built once per build, read by every process that answers. */
export interface StoredDirectory {
  people: Person[];
  /** Alias key → indexes into `people`. */
  aliases: [string, number[]][];
}

/**
 * The near-name rule "did you mean" and completion fall back on, as data: every store ranks by it (the index files in
 * `NameWords`, PostgreSQL in SQL over the build's `name_words`), and the contract suite holds them to the same answers.
 * Each word typed matches a word of a person's name or aliases exactly (cost 0), as its beginning (`prefixCost`), or
 * within `editsAllowed` edits (cost: the Levenshtein distance, insertions, deletions and substitutions of one character
 * each), its best match counting; a person ranks by how many words typed they match, then by the sum of those costs,
 * then by rank (most mentioned first, then by name).
 */
export const NEAR_NAMES = {
  prefixCost: 1,
  /** Edits allowed by the typed word's length in characters (index); the last entry for longer words. */
  editsByLength: [0, 0, 1, 1, 2, 2, 2, 2, 3],
  /** Longer typed words are matched only exactly or as beginnings. */
  fuzzyLengthLimit: 64,
} as const;

/** How many edits a typed word may be from a name's word. */
export function editsAllowed(word: string): number {
  const length = [...word].length;
  if (length > NEAR_NAMES.fuzzyLengthLimit) return 0;
  return NEAR_NAMES.editsByLength[Math.min(length, NEAR_NAMES.editsByLength.length - 1)];
}

/** The distinct words of a name key (a query's, or a name's and aliases'). */
export function nameWords(...keys: string[]): string[] {
  return [...new Set(keys.flatMap((key) => key.split(' ')).filter(Boolean))];
}

/** The words `NEAR_NAMES` matches a person by: those of their name and aliases, as keys. */
export function wordsOfPerson(person: Pick<Person, 'name' | 'aliases'>): string[] {
  return nameWords(nameKey(person.name), ...person.aliases.map(nameKey));
}

/** Levenshtein distance of `a` and `b` (in characters) if at most `limit`, otherwise any number above it. */
function editDistance(a: string[], b: string[], limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, row[j]);
    }
    if (best > limit) return limit + 1;
    previous = row;
  }
  return previous[b.length];
}

/** `NEAR_NAMES` over a directory's people, in memory. */
export class NameWords {
  /** Each word with the people whose names or aliases hold it. */
  private readonly peopleOf = new Map<string, number[]>();
  /** The words by length in characters, and all of them sorted (for beginnings). */
  private readonly byLength = new Map<number, string[][]>();
  private readonly sorted: { key: string }[];

  /** Over `people` (index → name and aliases), ranked by `rank` (index → place). */
  constructor(
    people: readonly Pick<Person, 'name' | 'aliases'>[],
    private readonly rank: readonly number[],
  ) {
    for (const [person, entry] of people.entries()) {
      for (const word of wordsOfPerson(entry)) {
        const holders = this.peopleOf.get(word);
        if (holders) holders.push(person);
        else this.peopleOf.set(word, [person]);
      }
    }
    for (const word of this.peopleOf.keys()) {
      const letters = [...word];
      const same = this.byLength.get(letters.length);
      if (same) same.push(letters);
      else this.byLength.set(letters.length, [letters]);
    }
    this.sorted = [...this.peopleOf.keys()].sort().map((key) => ({ key }));
  }

  /** The people nearest `key` (a name key), best first, at most `limit`. */
  find(key: string, limit: number): number[] {
    const matched = new Map<number, { words: number; cost: number }>();
    for (const typed of nameWords(key)) {
      const best = new Map<number, number>();
      const match = (word: string, cost: number) => {
        for (const person of this.peopleOf.get(word)!) best.set(person, Math.min(cost, best.get(person) ?? cost));
      };
      for (let i = lowerBound(this.sorted, typed); i < this.sorted.length && this.sorted[i].key.startsWith(typed); i++) {
        match(this.sorted[i].key, this.sorted[i].key === typed ? 0 : NEAR_NAMES.prefixCost);
      }
      const letters = [...typed];
      const allowed = editsAllowed(typed);
      for (let length = letters.length - allowed; allowed > 0 && length <= letters.length + allowed; length++) {
        for (const word of this.byLength.get(length) ?? []) {
          const distance = editDistance(letters, word, allowed);
          if (distance <= allowed) match(word.join(''), distance);
        }
      }
      for (const [person, cost] of best) {
        const sum = matched.get(person) ?? { words: 0, cost: 0 };
        matched.set(person, { words: sum.words + 1, cost: sum.cost + cost });
      }
    }
    return [...matched]
      .sort(([a, x], [b, y]) => y.words - x.words || x.cost - y.cost || this.rank[a] - this.rank[b])
      .slice(0, limit)
      .map(([person]) => person);
  }
}

export class PersonDirectory {
  readonly people: Person[] = [];
  /** Alias key → indexes into `people`; more than one means the alias is ambiguous. */
  private readonly byAlias = new Map<string, number[]>();
  /** Sorted (key, person) pairs over every alias and every word-start of it, for prefix completion. */
  private readonly prefixTable: { key: string; person: number }[] = [];
  /** Near names for "did you mean" (`NEAR_NAMES`). */
  private nearNames?: NameWords;
  /** Builds `prefixTable` and `nearNames` a step at a time; shared by `prepare` and the lookups that need them. */
  private tableBuilder?: Generator<void>;

  /** The people named in `articles`, built in steps with `pace` between them (a large archive takes a while). */
  static async create(articles: Iterable<ArticleNames>, pace: Pace): Promise<PersonDirectory> {
    const gathered = await GatheredPeople.gather(articles, pace);
    const directory = new PersonDirectory();
    for (const person of gathered.people()) {
      directory.people.push(person);
      await pace();
    }
    for (const [key, indexes] of gathered.aliases) directory.byAlias.set(key, indexes);
    await directory.prepare(pace);
    return directory;
  }

  /**
   * The directory `toStored` saved (at index time). Its completion tables are built when first needed (see `prepare`):
   * resolving a name needs none, and a one-question process never completes one.
   */
  static async fromStored(stored: StoredDirectory, pace: Pace): Promise<PersonDirectory> {
    const directory = new PersonDirectory();
    await pace();
    directory.people.push(...stored.people);
    for (const [key, indexes] of stored.aliases) directory.byAlias.set(key, indexes);
    return directory;
  }

  /** Builds the tables `suggest` and `complete` read, in steps with `pace` between them (once; they build them at once otherwise). */
  async prepare(pace: Pace): Promise<void> {
    const steps = (this.tableBuilder ??= this.buildTables());
    while (!steps.next().done) await pace();
  }

  /** What the index stores of the directory: the people and which of them each alias names. */
  toStored(): StoredDirectory {
    return { people: this.people, aliases: [...this.byAlias] };
  }

  private constructor() {}

  /** The completion tables (the prefix table and near names over `people` and `byAlias`), a step at a time. */
  private *buildTables(): Generator<void> {
    yield;
    for (const [key, indexes] of this.byAlias) {
      const words = key.split(' ');
      for (let i = 0; i < words.length; i++) {
        for (const person of indexes) this.prefixTable.push({ key: words.slice(i).join(' '), person });
      }
    }
    yield;
    this.prefixTable.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : this.rank(a.person, b.person)));
    yield;
    this.nearNames = new NameWords(this.people, this.ranks());
  }

  /** The completion tables, built now if `prepare` has not finished them. */
  private tables(): void {
    const steps = (this.tableBuilder ??= this.buildTables());
    while (!steps.next().done);
  }

  /** The person an alias names, case-insensitively, with titles ("PM", "then-premier") ignored. */
  resolve(query: string): PersonResolution {
    const indexes = aliasedPeople(this.byAlias, query);
    if (!indexes || indexes.length === 0) return { kind: 'unknown' };
    if (indexes.length === 1) return { kind: 'found', person: this.people[indexes[0]] };
    return { kind: 'ambiguous', candidates: [...indexes].sort((a, b) => this.rank(a, b)).map((index) => this.people[index]) };
  }

  /** The name of the one person `query` names (as `resolve` finds them), if it names exactly one. */
  resolveName(query: string): string | undefined {
    const resolution = this.resolve(query);
    return resolution.kind === 'found' ? resolution.person.name : undefined;
  }

  /** "Did you mean": people whose names or aliases are close to `query`, best first. */
  suggest(query: string, limit = 5): string[] {
    const resolution = this.resolve(query);
    if (resolution.kind === 'ambiguous') return resolution.candidates.slice(0, limit).map((person) => person.name);
    const key = stripTitles(nameKey(query));
    if (!key) return [];
    this.tables();
    const names = this.nearNames!.find(key, limit).map((index) => this.people[index].name);
    return unique([...names, ...this.complete(key, limit)]).slice(0, limit);
  }

  /**
   * Autocomplete over names and aliases: people with a name or alias, or a word of one, starting with
   * `query` (most mentioned first), then near names (`NEAR_NAMES`); at most `limit`. An empty query lists the most mentioned.
   */
  complete(query: string, limit = 25): string[] {
    const key = stripTitles(nameKey(query));
    if (!key)
      return [...this.people.keys()]
        .sort((a, b) => this.rank(a, b))
        .slice(0, limit)
        .map((index) => this.people[index].name);
    this.tables();
    const found = new Set<number>();
    for (let i = lowerBound(this.prefixTable, key); i < this.prefixTable.length && this.prefixTable[i].key.startsWith(key); i++) {
      found.add(this.prefixTable[i].person);
    }
    const ranked = [...found].sort((a, b) => this.rank(a, b)).slice(0, limit);
    if (ranked.length < limit && key.length >= 3) {
      for (const index of this.nearNames!.find(key, limit)) {
        if (ranked.length >= limit) break;
        if (!ranked.includes(index)) ranked.push(index);
      }
    }
    return ranked.map((index) => this.people[index].name);
  }

  /** Each person's place when all are ordered most mentioned first, then by name (the order completion lists them in). */
  ranks(): number[] {
    const ranks = new Array<number>(this.people.length);
    [...this.people.keys()].sort((a, b) => this.rank(a, b)).forEach((person, place) => (ranks[person] = place));
    return ranks;
  }

  /** Most mentioned first, then alphabetical. */
  private rank(a: number, b: number): number {
    const difference = this.people[b].occurrences.length - this.people[a].occurrences.length;
    return difference || this.people[a].name.localeCompare(this.people[b].name);
  }
}

/** The people `query` names by an alias (case-insensitively, titles such as "PM" ignored), as indexes into the directory's. */
function aliasedPeople(byAlias: ReadonlyMap<string, number[]>, query: string): number[] | undefined {
  const key = nameKey(query);
  return byAlias.get(key) ?? byAlias.get(stripTitles(key));
}

/**
 * Every occurrence of a name in an archive, a row each in typed columns (its article, sentence, name as written and
 * name group) rather than an object each: a million articles name people ~980,000 times, ~110 MB as objects, ~20 MB
 * here (README, "At scale"). A group's occurrences are made into objects only when asked for.
 */
class NameOccurrences {
  private readonly articleIds = new StringColumn();
  private readonly article = new NumberColumn(Uint32Array);
  private readonly sentence = new NumberColumn();
  private readonly written = new NumberColumn(Uint32Array);
  private readonly group = new NumberColumn(Uint32Array);
  /** The names as written, each once, by number. */
  private readonly names: string[] = [];
  private readonly nameNumbers = new Map<string, number>();
  /** The rows ordered by group, then as added; group g's are `byGroup[groupStarts[g] .. groupStarts[g + 1]]` (see `seal`). */
  private byGroup = new Uint32Array(0);
  private groupStarts = new Uint32Array(1);

  get length(): number {
    return this.article.length;
  }

  /** The next article's id: the occurrences added until the next call are its. */
  startArticle(id: string): void {
    this.articleIds.push(id);
  }

  /** Adds an occurrence of the current article's; returns the number of the name as written. */
  add(sentence: number, name: string, group: number): number {
    let written = this.nameNumbers.get(name);
    if (written === undefined) {
      written = this.names.push(name) - 1;
      this.nameNumbers.set(name, written);
    }
    this.article.push(this.articleIds.length - 1);
    this.sentence.push(sentence);
    this.written.push(written);
    this.group.push(group);
    return written;
  }

  nameWritten(number: number): string {
    return this.names[number];
  }

  /**
   * Orders the rows by group (a counting sort, stable), once every occurrence is in; `groups` is how many there are.
   * The columns let go of their room to grow (a million articles' ids, ~22 bytes each, grew to 32 MB).
   */
  seal(groups: number): void {
    for (const column of [this.articleIds, this.article, this.sentence, this.written, this.group]) column.fit();
    const starts = new Uint32Array(groups + 1);
    for (let row = 0; row < this.length; row++) starts[this.group.at(row) + 1]++;
    for (let group = 0; group < groups; group++) starts[group + 1] += starts[group];
    const next = starts.slice(0, groups);
    const byGroup = new Uint32Array(this.length);
    for (let row = 0; row < this.length; row++) byGroup[next[this.group.at(row)]++] = row;
    [this.byGroup, this.groupStarts] = [byGroup, starts];
  }

  /** Group `group`'s occurrences, in the order they were added (after `seal`). */
  *of(group: number): Generator<PersonOccurrence> {
    for (let at = this.groupStarts[group]; at < this.groupStarts[group + 1]; at++) {
      const row = this.byGroup[at];
      yield { article: this.articleIds.at(this.article.at(row)), sentence: this.sentence.at(row), name: this.names[this.written.at(row)] };
    }
  }
}

/** A person of a gathered directory: their name, aliases, and the name groups whose occurrences are theirs. */
interface GatheredPerson {
  name: string;
  aliases: string[];
  members: NameGroup[];
}

/**
 * The people named in an archive, short forms merged into one person, as the directory is built: every occurrence in
 * `NameOccurrences`' columns, a person's made into objects (`Person`) only when asked for, so a build writes a million
 * articles' directory a person at a time and `PersonDirectory.create` keeps them all.
 */
export class GatheredPeople {
  private readonly gathered: GatheredPerson[] = [];
  /** Alias key → indexes into the people, in the order a directory stores them. */
  readonly aliases = new Map<string, number[]>();

  private constructor(private readonly occurrences: NameOccurrences) {}

  /** The people named in `articles` (read once), in steps with `pace` between them. */
  static async gather(articles: Iterable<ArticleNames>, pace: Pace): Promise<GatheredPeople> {
    const occurrences = new NameOccurrences();
    const groups = await groupByName(articles, occurrences, pace);
    occurrences.seal(groups.size);
    const people = new GatheredPeople(occurrences);
    await people.merge(groups, pace);
    return people;
  }

  /** Every person with their occurrences, in the directory's order, one at a time. */
  *people(): Generator<Person> {
    for (const { name, aliases, members } of this.gathered) {
      const occurrences: PersonOccurrence[] = [];
      for (const member of members) occurrences.push(...this.occurrences.of(member.id));
      yield { name, aliases, occurrences };
    }
  }

  /** As `PersonDirectory.resolveName`. */
  resolveName(query: string): string | undefined {
    const indexes = aliasedPeople(this.aliases, query);
    return indexes?.length === 1 ? this.gathered[indexes[0]].name : undefined;
  }

  private async merge(groups: Map<string, NameGroup>, pace: Pace): Promise<void> {
    const { roots, ambiguous } = await mergeShortForms(groups, pace);
    const personOf = new Map<string, number>();
    for (const [root, members] of roots) {
      await pace();
      const index = this.gathered.length;
      const name = mostUsed(root.spellings);
      const aliases = new Map<string, string>();
      for (const member of members) {
        for (const written of member.written) {
          const alias = this.occurrences
            .nameWritten(written)
            .replace(/\s+/g, ' ')
            .replace(/['’]s$/, '');
          if (nameKey(alias) !== nameKey(name) && !aliases.has(nameKey(alias))) aliases.set(nameKey(alias), alias);
        }
        personOf.set(member.key, index);
      }
      this.gathered.push({ name, aliases: [...aliases.values()], members });
    }
    for (const [index, person] of this.gathered.entries()) {
      for (const key of new Set([nameKey(person.name), ...person.aliases.map(nameKey)])) this.addAlias(key, index);
      await pace();
    }
    // Short forms used by several people ("Khan") resolve to all of them, as an ambiguity.
    for (const [group, targets] of ambiguous) {
      for (const root of targets) this.addAlias(group.key, personOf.get(root.key)!);
    }
  }

  private addAlias(key: string, person: number): void {
    const indexes = this.aliases.get(key) ?? [];
    if (!indexes.includes(person)) indexes.push(person);
    this.aliases.set(key, indexes);
  }
}

async function groupByName(articles: Iterable<ArticleNames>, occurrences: NameOccurrences, pace: Pace): Promise<Map<string, NameGroup>> {
  const groups = new Map<string, NameGroup>();
  for (const article of articles) {
    await pace();
    let started = false;
    for (const mention of article.entities.people) {
      const key = nameKey(mention.person);
      if (!key) continue;
      let group = groups.get(key);
      if (!group) {
        group = { key, words: key.split(' '), spellings: new Map(), id: groups.size, written: new Set() };
        groups.set(key, group);
      }
      group.spellings.set(mention.person, (group.spellings.get(mention.person) ?? 0) + 1);
      if (!started) occurrences.startArticle(article.id);
      started = true;
      group.written.add(occurrences.add(mention.sentence, mention.name, group.id));
    }
  }
  return groups;
}

interface Merged {
  /** Each person's full name with the short forms merged into it. */
  roots: Map<NameGroup, NameGroup[]>;
  /** Short forms shared by several people, with those people's full names. */
  ambiguous: Map<NameGroup, NameGroup[]>;
}

/**
 * Merges each name into the one longer name that contains it ("Shehbaz" → "Shehbaz Sharif",
 * "Sultan Raja" → "Sikandar Sultan Raja"). A name contained in several people's names ("Khan" in
 * Imran Khan and Azam Khan) merges into none: it is kept only as an ambiguous alias.
 */
async function mergeShortForms(groups: Map<string, NameGroup>, pace: Pace): Promise<Merged> {
  const ordered = [...groups.values()].sort((a, b) => b.words.length - a.words.length);
  const byWord = new Map<string, NameGroup[]>();
  for (const group of ordered) {
    for (const word of new Set(group.words)) {
      const holding = byWord.get(word);
      if (holding) holding.push(group);
      else byWord.set(word, [group]);
    }
  }
  const rootOf = new Map<NameGroup, NameGroup[]>();
  const roots = new Map<NameGroup, NameGroup[]>();
  const ambiguous = new Map<NameGroup, NameGroup[]>();
  for (const group of ordered) {
    await pace();
    const containing = (byWord.get(group.words[0]) ?? []).filter(
      (other) => other.words.length > group.words.length && containsRun(other.words, group.words, true),
    );
    const targets = [...new Set(containing.flatMap((other) => rootOf.get(other) ?? []))];
    if (containing.length === 0) {
      rootOf.set(group, [group]);
      roots.set(group, [group]);
    } else if (targets.length === 1) {
      rootOf.set(group, targets);
      roots.get(targets[0])!.push(group);
    } else {
      rootOf.set(group, targets);
      ambiguous.set(group, targets);
    }
  }
  return { roots, ambiguous };
}

function mostUsed(spellings: Map<string, number>): string {
  return [...spellings.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
}

function lowerBound(table: { key: string }[], key: string): number {
  let low = 0;
  let high = table.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (table[middle].key < key) low = middle + 1;
    else high = middle;
  }
  return low;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
