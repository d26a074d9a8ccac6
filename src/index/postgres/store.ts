// The PostgreSQL adapter of the ArchiveStore port: the current build in the database at DATABASE_URL, read per question
// (the passages and articles being quoted, a person, a range of days), so a bot holds nothing proportional to the archive.
import type pg from 'pg';
import { citationOf } from '../../corpus/label.ts';
import type { EngineConfig } from '../../config.ts';
import type { ArticleCitation, Passage, StoredArticle } from '../../domain/article.ts';
import type { DateRange } from '../../domain/lookups.ts';
import type { DateMention } from '../../domain/mentions.ts';
import type { Embedder } from '../../embedding/embedder.ts';
import { editsAllowed, nameKey, nameWords, NEAR_NAMES, stripTitles, type Person, type PersonResolution } from '../../entities/people.ts';
import { PgDenseRetriever } from '../../retrieval/pgDense.ts';
import { PgLexicalRetriever, type PgLexicalRanking } from '../../retrieval/pgLexical.ts';
import type { ArchiveStore, AttributedQuotation, MentionedDate, PeopleIndex, SentenceVectorLookup } from '../archiveStore.ts';
import { IndexError } from '../errors.ts';
import { RecentlyUsed } from '../recentlyUsed.ts';
import { INDEX_SCHEMA_VERSION, type IndexManifest } from '../types.ts';
import { lookupTables } from './lookupTables.ts';
import { postingsTable } from './postings.ts';
import { createPool, describeDatabase, reaching } from './connect.ts';
import { checkedRecord, type BuildSummary } from './integrity.ts';
import { currentBuild, tables } from './schema.ts';

export interface OpenPostgresStoreOptions {
  /** The configured model, whose output size is checked against the build's. */
  embedder: Embedder;
  /** Rank full-text matches by BM25 (default) or ts_rank (to compare them in eval). */
  ranking?: PgLexicalRanking;
  log?: (line: string) => void;
}

/**
 * Articles (text, sentences, entities and sentence vectors) kept between questions: a question quotes from at most
 * ten passages' articles, so this holds a few questions' worth, whatever the archive's size.
 */
const ARTICLE_CACHE = 256;
/** Passages (ids, offsets, dates) kept between questions: a question ranks a few hundred; a few questions' worth. */
const PASSAGE_CACHE = 4_096;

interface ArticleRow {
  id: string;
  date: string;
  title: string | null;
  text: string;
  source: string | null;
  sentences: StoredArticle['sentences'];
  entities: StoredArticle['entities'];
  sentence_vectors: Buffer;
}

interface CachedArticle {
  article: StoredArticle;
  /** Its sentences' vectors, one row of `dimensions` per sentence. */
  vectors: Float32Array;
}

/** The store over the current build at `url`. Throws IndexError (unreachable, empty or mismatched). */
export async function openPostgresStore(url: string, config: EngineConfig, options: OpenPostgresStoreOptions): Promise<ArchiveStore> {
  const source = describeDatabase(url);
  const pool = createPool(url, config.postgres, { log: options.log });
  try {
    const current = await reaching(url, config.postgres, () => currentBuild(pool));
    if (!current) throw new IndexError(source, 'holds no archive yet; build it with `npm run index -- --store postgres`');
    const { summary } = await checkedRecord(pool, source, current.id);
    const { id, manifest } = current;
    const rebuild = 'rebuild it with `npm run index -- --store postgres`';
    if (manifest.model.id !== config.embeddingModel) {
      throw new IndexError(source, `built with model "${manifest.model.id}" but EMBEDDING_MODEL is "${config.embeddingModel}"; ${rebuild}`);
    }
    if (manifest.model.dimensions !== options.embedder.dimensions) {
      throw new IndexError(
        source,
        `holds ${manifest.model.dimensions}-dimension vectors but the model gives ${options.embedder.dimensions}; ${rebuild}`,
      );
    }
    // A build from before the lookup tables, the name words, the postings or fuzzystrmatch lacks them: refused as older,
    // not as damaged.
    const present = await pool.query<{ present: boolean }>(
      `SELECT to_regclass($1) IS NOT NULL AND to_regclass($2) IS NOT NULL AND to_regclass($3) IS NOT NULL
              AND EXISTS (SELECT 1 FROM pg_proc WHERE proname = 'levenshtein_less_equal') AS present`,
      [lookupTables(id).people, lookupTables(id).nameWords, postingsTable(id)],
    );
    if (manifest.schemaVersion !== INDEX_SCHEMA_VERSION || !present.rows[0].present) {
      throw new IndexError(source, `was built by an older version of this program; ${rebuild}`);
    }
    return PostgresStore.open(pool, source, id, manifest, summary, config, options);
  } catch (error) {
    await pool.end();
    throw error;
  }
}

type BuildTables = ReturnType<typeof tables> & ReturnType<typeof lookupTables>;

class PostgresStore implements ArchiveStore {
  private readonly articleCache = new RecentlyUsed<string, CachedArticle>(ARTICLE_CACHE);
  private readonly passageCache = new RecentlyUsed<number, Passage>(PASSAGE_CACHE);

  /** Over build `buildId`, from what its build recorded (`summary`): opening reads no table. */
  static open(
    pool: pg.Pool,
    source: string,
    buildId: number,
    manifest: IndexManifest,
    summary: BuildSummary,
    config: EngineConfig,
    options: OpenPostgresStoreOptions,
  ): PostgresStore {
    const t = { ...tables(buildId), ...lookupTables(buildId) };
    // The lexical retriever reads passage texts (for its phrase boost) through the store, made just after it.
    let store: PostgresStore | undefined;
    const lexical = new PgLexicalRetriever(
      pool,
      { passages: t.passages, postings: postingsTable(buildId), terms: t.terms },
      manifest.counts.passages,
      summary.averageLength,
      (ids) => store!.passageTexts(ids),
      options.ranking,
    );
    const dense = new PgDenseRetriever(pool, t.passages, config.hnsw.efSearch);
    const people = new PostgresPeople(pool, t, summary.people);
    store = new PostgresStore(pool, source, manifest, summary.published, t, lexical, dense, people);
    return store;
  }

  private constructor(
    private readonly pool: pg.Pool,
    readonly source: string,
    readonly manifest: IndexManifest,
    readonly published: DateRange,
    private readonly t: BuildTables,
    readonly lexical: PgLexicalRetriever,
    readonly dense: PgDenseRetriever,
    readonly people: PeopleIndex,
  ) {}

  /** These passages, from the cache, the missing ones read in one query. */
  async passages(ids: readonly number[]): Promise<Passage[]> {
    const byId = await this.passageCache.readThrough(ids, async (missing) => {
      const { rows } = await this.pool.query<Passage>(
        `SELECT id, article_id AS "articleId", date, first_sentence AS "firstSentence", last_sentence AS "lastSentence",
                start_offset AS start, end_offset AS "end"
         FROM ${this.t.passages} WHERE id = ANY($1::int[])`,
        [missing],
      );
      return rows.map((row) => [row.id, row]);
    });
    return ids.map((id) => {
      const passage = byId.get(id);
      if (!passage) throw new IndexError(this.source, `has no passage ${id}; rebuild it with \`npm run index -- --store postgres\``);
      return passage;
    });
  }

  async passagesPublished({ from, to }: Partial<DateRange>): Promise<ReadonlySet<number>> {
    const { rows } = await this.pool.query<{ id: number }>(
      `SELECT id FROM ${this.t.passages} WHERE ($1::text IS NULL OR date >= $1) AND ($2::text IS NULL OR date <= $2)`,
      [from ?? null, to ?? null],
    );
    return new Set(rows.map(({ id }) => id));
  }

  async articles(ids: Iterable<string>): Promise<Map<string, StoredArticle>> {
    const cached = await this.cached(ids);
    return new Map([...cached].map(([id, { article }]) => [id, article]));
  }

  async sentenceVectors(articleIds: Iterable<string>): Promise<SentenceVectorLookup> {
    const cached = await this.cached(articleIds);
    const dimensions = this.manifest.model.dimensions;
    return {
      of: (articleId, index) => {
        const entry = cached.get(articleId);
        if (!entry) throw new RangeError(`no sentence vectors for article ${articleId}`);
        return entry.vectors.subarray(index * dimensions, (index + 1) * dimensions);
      },
    };
  }

  async quotationsBy(person: string, { from, to }: Partial<DateRange>): Promise<AttributedQuotation[]> {
    const { rows } = await this.pool.query<AttributedQuotation>(
      `${QUOTATION_COLUMNS} FROM ${this.t.quotations}
       WHERE person = $1 AND ($2::text IS NULL OR date >= $2) AND ($3::text IS NULL OR date <= $3)
       ORDER BY date DESC, article_id COLLATE "C", start_offset`,
      [person, from ?? null, to ?? null],
    );
    return rows;
  }

  async quotationsIn(articleIds: Iterable<string>): Promise<AttributedQuotation[]> {
    const ids = [...new Set(articleIds)];
    if (ids.length === 0) return [];
    const { rows } = await this.pool.query<AttributedQuotation>(
      `${QUOTATION_COLUMNS} FROM ${this.t.quotations} WHERE article_id = ANY($1::text[]) ORDER BY article_id COLLATE "C", start_offset`,
      [ids],
    );
    return rows;
  }

  async articlesPublished({ from, to }: DateRange): Promise<ArticleCitation[]> {
    // A label is read from the first 2,000 characters (see corpus/label.ts): the rest of the text stays in the database.
    const { rows } = await this.pool.query<{ id: string; date: string; title: string | null; text: string; source: string | null }>(
      `SELECT id, date, title, left(text, 2000) AS text, source FROM ${this.t.articles}
       WHERE date >= $1 AND date <= $2 ORDER BY date, id COLLATE "C"`,
      [from, to],
    );
    return rows.map(({ title, source, ...article }) =>
      citationOf({ ...article, ...(title !== null ? { title } : {}), ...(source !== null ? { source } : {}) }),
    );
  }

  async datesMentioned({ from, to }: DateRange): Promise<MentionedDate[]> {
    const { rows } = await this.pool.query<{ article_id: string; mention: DateMention }>(
      `SELECT article_id, mention FROM ${this.t.dates} WHERE from_day >= $1 AND to_day <= $2
       ORDER BY article_date, article_id COLLATE "C", ordinal`,
      [from, to],
    );
    return rows.map(({ article_id: articleId, mention }) => ({ articleId, mention }));
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  /**
   * The verbatim text of these passages (for the phrase boost of lexical ranking), in one query: each article's text
   * up to the passage's end, not its sentences and vectors (a question with phrases checks up to 200 passages).
   */
  private async passageTexts(ids: readonly number[]): Promise<Map<number, string>> {
    // Offsets count UTF-16 code units, as JavaScript strings do; `left` counts characters, never fewer of them.
    const { rows } = await this.pool.query<{ id: number; start: number; end: number; text: string }>(
      `SELECT p.id, p.start_offset AS start, p.end_offset AS "end", left(a.text, p.end_offset) AS text
       FROM ${this.t.passages} p JOIN ${this.t.articles} a ON a.id = p.article_id WHERE p.id = ANY($1::int[])`,
      [ids],
    );
    return new Map(rows.map(({ id, start, end, text }) => [id, text.slice(start, end)]));
  }

  /** These articles from the cache, the missing ones read in one query; the least recently used are dropped past ARTICLE_CACHE. */
  private cached(ids: Iterable<string>): Promise<Map<string, CachedArticle>> {
    return this.articleCache.readThrough(ids, async (missing) => {
      const { rows } = await this.pool.query<ArticleRow>(
        `SELECT id, date, title, text, source, sentences, entities, sentence_vectors FROM ${this.t.articles} WHERE id = ANY($1::text[])`,
        [missing],
      );
      return rows.map(({ title, source, sentence_vectors: bytes, ...article }) => [
        article.id,
        {
          article: { ...article, ...(title !== null ? { title } : {}), ...(source !== null ? { source } : {}) },
          vectors: new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)),
        },
      ]);
    });
  }
}

const QUOTATION_COLUMNS = `SELECT article_id AS "articleId", date, person, cue, start_offset AS start, end_offset AS "end"`;

interface PersonRow {
  id: number;
  rank: number;
  name: string;
  aliases: string[];
  occurrences: Person['occurrences'];
}

/**
 * The people directory in the database: aliases, name prefixes and near names ("did you mean", completion of a misspelt
 * name) are queried; nothing of it is held.
 */
class PostgresPeople implements PeopleIndex {
  constructor(
    private readonly pool: pg.Pool,
    private readonly t: ReturnType<typeof lookupTables>,
    readonly count: number,
  ) {}

  async resolve(query: string): Promise<PersonResolution> {
    const key = nameKey(query);
    const { rows } = await this.pool.query<{ key: string; people: number[] }>(
      `SELECT key, people FROM ${this.t.aliases} WHERE key = ANY($1::text[])`,
      [[key, stripTitles(key)]],
    );
    const indexes = (rows.find((row) => row.key === key) ?? rows.find((row) => row.key === stripTitles(key)))?.people;
    if (!indexes || indexes.length === 0) return { kind: 'unknown' };
    const people = await this.rows(indexes);
    if (people.length === 1) return { kind: 'found', person: people[0] };
    return { kind: 'ambiguous', candidates: people };
  }

  async suggest(query: string, limit = 5): Promise<string[]> {
    const resolution = await this.resolve(query);
    if (resolution.kind === 'ambiguous') return resolution.candidates.slice(0, limit).map((person) => person.name);
    const key = stripTitles(nameKey(query));
    if (!key) return [];
    const close = await this.names(await this.nearNames(key, limit));
    return [...new Set([...close, ...(await this.complete(key, limit))])].slice(0, limit);
  }

  async complete(query: string, limit = 25): Promise<string[]> {
    const key = stripTitles(nameKey(query));
    if (!key) {
      const { rows } = await this.pool.query<{ name: string }>(`SELECT name FROM ${this.t.people} ORDER BY rank LIMIT $1`, [limit]);
      return rows.map(({ name }) => name);
    }
    // A name key holds only letters, digits, apostrophes, hyphens and spaces: nothing LIKE reads as a wildcard.
    const { rows } = await this.pool.query<{ person: number }>(
      `SELECT person FROM ${this.t.prefixes} WHERE prefix LIKE $1 || '%' GROUP BY person ORDER BY min(rank) LIMIT $2`,
      [key, limit],
    );
    const ranked = rows.map(({ person }) => person);
    if (ranked.length < limit && key.length >= 3) {
      for (const index of await this.nearNames(key, limit)) {
        if (ranked.length >= limit) break;
        if (!ranked.includes(index)) ranked.push(index);
      }
    }
    return this.names(ranked);
  }

  /** The names of these people (directory indexes), in their order. */
  private async names(indexes: number[]): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: number; name: string }>(
      `SELECT id, name FROM ${this.t.people} WHERE id = ANY($1::int[])`,
      [indexes],
    );
    const nameOf = new Map(rows.map(({ id, name }) => [id, name]));
    return indexes.map((index) => nameOf.get(index)!);
  }

  /**
   * The people nearest `key` (a name key), best first, at most `limit`: `NEAR_NAMES` in SQL, as `NameWords` ranks in
   * memory. Each word typed finds the name words equal to it or beginning with it (indexed by prefix) and those of
   * about its length (indexed by length) within its edits; its best match per person counts.
   */
  private async nearNames(key: string, limit: number): Promise<number[]> {
    const typed = nameWords(key);
    // text_pattern_ops compares bytes: every word beginning with a typed word sorts between it and it + U+10FFFF.
    const { rows } = await this.pool.query<{ person: number }>(
      `WITH typed AS (SELECT * FROM unnest($1::text[], $2::int[]) AS q(word, edits)),
       matches AS (
         SELECT q.word AS typed, w.person, w.rank, d.distance AS cost
         FROM typed q
         JOIN ${this.t.nameWords} w ON length(w.word) BETWEEN length(q.word) - q.edits AND length(q.word) + q.edits
           AND q.edits > 0
         CROSS JOIN LATERAL (SELECT levenshtein_less_equal(q.word, w.word, q.edits) AS distance) d
         WHERE d.distance <= q.edits
         UNION ALL
         SELECT q.word, w.person, w.rank, CASE WHEN w.word = q.word THEN 0 ELSE $3::int END
         FROM typed q
         JOIN ${this.t.nameWords} w ON w.word ~>=~ q.word AND w.word ~<~ (q.word || chr(1114111)) AND starts_with(w.word, q.word)
       ),
       best AS (SELECT typed, person, rank, min(cost) AS cost FROM matches GROUP BY typed, person, rank)
       SELECT person FROM best GROUP BY person, rank ORDER BY count(*) DESC, sum(cost), rank LIMIT $4`,
      [typed, typed.map(editsAllowed), NEAR_NAMES.prefixCost, limit],
    );
    return rows.map(({ person }) => person);
  }

  /** People by directory index, most mentioned first (then by name). */
  private async rows(indexes: number[]): Promise<Person[]> {
    const { rows } = await this.pool.query<PersonRow>(
      `SELECT id, rank, name, aliases, occurrences FROM ${this.t.people} WHERE id = ANY($1::int[]) ORDER BY rank`,
      [indexes],
    );
    return rows.map(({ name, aliases, occurrences }) => ({ name, aliases, occurrences }));
  }
}
