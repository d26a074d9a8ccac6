// Lexical retrieval in PostgreSQL: BM25 from per-term impact postings written at build time, one statement per question.
import type pg from 'pg';
import { extractPhrases, namesIn, normalizeTerm, termsOf, tokenize } from '../corpus/terms.ts';
import { boostPhrases, PHRASE_CHECK_DEPTH } from './phrases.ts';
import type { LexicalSearch, RankedPassage, RetrievalOptions, RetrievalQuery } from './retriever.ts';

/**
 * `bm25` ranks as the embedded MiniSearch index does (BM25+, k 1.2, b 0.7, δ 0.5, title ×2, prefix and fuzzy
 * variants weighted as MiniSearch weighs them, × the number of question terms matched), summing the impacts the
 * build stored per term and passage (see `fromPostings`); `bm25-tsvector` computes the same scores from each
 * passage's tsvector at question time, the reference `bm25` is checked and timed against (tests,
 * `npm run bench -- --stores`); `ts_rank` is Postgres's own ranking, kept to measure against
 * (`npm run eval -- --store postgres`).
 */
export type PgLexicalRanking = 'bm25' | 'bm25-tsvector' | 'ts_rank';

/** A passage's full-text data as the build writes it. */
export interface PassageTerms {
  /** A tsvector literal: text terms unlabelled (weight D), title terms weight A. */
  search: string;
  /** Distinct raw tokens of the text and of the title (BM25 field lengths, as MiniSearch counts them). */
  textLength: number;
  titleLength: number;
  /** Distinct text and title terms, for document frequencies (per field, as MiniSearch counts them). */
  textTerms: Set<string>;
  titleTerms: Set<string>;
}

/** Postgres caps tsvector positions at 16,383. */
const MAX_POSITION = 16_383;
const BM25 = { k: 1.2, b: 0.7, d: 0.5, titleBoost: 2 };
/** MiniSearch's weights for terms reached by prefix and by fuzzy match. */
const VARIANT_WEIGHT = { prefix: 0.375, fuzzy: 0.45 };
const PREFIX_MIN_LENGTH = 5;
const FUZZY_MIN_LENGTH = 6;
const FUZZY_SHARE = 0.2;
const FUZZY_MAX = 2;

/** The terms of a passage (`title` only for an article's first passage) as written to Postgres. */
export function passageTerms(text: string, title: string): PassageTerms {
  const positions = new Map<string, string[]>();
  let position = 0;
  const add = (tokens: string[], label: string) => {
    for (const token of tokens) {
      position = Math.min(position + 1, MAX_POSITION);
      const term = normalizeTerm(token);
      if (term) positions.set(term, [...(positions.get(term) ?? []), `${position}${label}`]);
    }
  };
  const textTokens = tokenize(text);
  const titleTokens = tokenize(title);
  add(textTokens, '');
  add(titleTokens, 'A');
  const search = [...positions].map(([term, at]) => `${quoteLexeme(term)}:${at.join(',')}`).join(' ');
  return {
    search,
    textLength: new Set(textTokens).size,
    titleLength: new Set(titleTokens).size,
    textTerms: new Set(termsOf(text)),
    titleTerms: new Set(termsOf(title)),
  };
}

/** A term as a tsvector/tsquery lexeme: single-quoted, quotes and backslashes doubled. */
function quoteLexeme(term: string): string {
  return `'${term.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** BM25+ of one term in one passage, in SQL over `p` (a passages row) and `f` (see TERM_FREQUENCIES_SQL). */
function termScoreSql(textWeight: string, titleWeight: string, averageText: string, averageTitle: string): string {
  const { k, b, d, titleBoost } = BM25;
  return `${textWeight} * (
      CASE WHEN f.text_tf > 0 THEN ${d} + f.text_tf * ${k + 1} / (f.text_tf + ${k} * (${1 - b} + ${b} * p.text_length / ${averageText})) ELSE 0 END
    ) + ${titleWeight} * (
      CASE WHEN f.title_tf > 0 THEN ${titleBoost} * (${d} + f.title_tf * ${k + 1} / (f.title_tf + ${k} * (${1 - b} + ${b} * p.title_length / ${averageTitle}))) ELSE 0 END
    )`;
}

/** Each term `u.lexeme` of passage `p` with its frequency in the text and in the title (`f`). */
const TERM_FREQUENCIES_SQL = `
  CROSS JOIN LATERAL unnest(p.search) AS u(lexeme, positions, weights)
  CROSS JOIN LATERAL (
    SELECT cardinality(u.weights) - cardinality(array_positions(u.weights, 'A')) AS text_tf,
           cardinality(array_positions(u.weights, 'A')) AS title_tf
  ) f`;

/**
 * The build-time half of `bm25`: one row (term, impact, passage) per term of each passage of `passages`, the impact
 * being the term's BM25+ score there for a question weight of 1 (text and title).
 */
export function impactPostingsSql(passages: string, terms: string): string {
  const idf = (df: string) => `ln(1 + (n.passages - ${df} + 0.5) / (${df} + 0.5))`;
  return `
    WITH n AS (
      SELECT count(*)::float8 AS passages, coalesce(nullif(avg(text_length)::float8, 0), 1) AS text,
             coalesce(nullif(avg(title_length)::float8, 0), 1) AS title
      FROM ${passages}
    )
    SELECT u.lexeme AS term,
           ${termScoreSql(idf('t.df'), idf('t.title_df'), 'n.text', 'n.title')} AS impact,
           p.id AS passage
    FROM n CROSS JOIN ${passages} p
    ${TERM_FREQUENCIES_SQL}
    JOIN ${terms} t ON t.term = u.lexeme`;
}

/** A narrow date filter allows at most this many passages: their postings are looked up by passage. */
const PASSAGE_LOOKUP_LIMIT = 1_000;
/** Question terms numbered below this count as bits of a bigint (the sign bit left alone). */
const MASKED_QUERY_TERMS = 63;

interface Expansion {
  term: string;
  weight: number;
  /** Which question term it stands for (BM25 multiplies by how many of them a passage matched). */
  queryTerm: number;
}

/** A term's document frequencies: passages whose text holds it, and whose title does. */
interface TermFrequency {
  text: number;
  title: number;
}

/** Term statistics, prefix and fuzzy matches kept between questions (names and common words recur); cleared when full. */
const STATISTICS_CACHE = 20_000;
const FUZZY_CACHE = 1_000;
const PREFIX_CACHE = 1_000;

export class PgLexicalRetriever implements LexicalSearch {
  private readonly statistics = new Map<string, TermFrequency>();
  private readonly fuzzyMatches = new Map<string, { term: string; distance: number }[]>();
  private readonly prefixMatches = new Map<string, string[]>();

  /**
   * Over these `tables` (term statistics read per question, a few cached) and the average field lengths; `texts`
   * reads passages' texts for the phrase boost.
   */
  constructor(
    private readonly pool: pg.Pool,
    /**
     * Schema-qualified: the passages, their impact-ordered postings (see impactPostingsSql), and the terms with
     * their document frequencies (indexed by `text_pattern_ops` for prefixes; fuzzystrmatch for near spellings).
     */
    private readonly tables: { passages: string; postings: string; terms: string },
    private readonly passageCount: number,
    private readonly averageLength: { text: number; title: number },
    private readonly texts: (passageIds: readonly number[]) => Promise<ReadonlyMap<number, string>>,
    readonly ranking: PgLexicalRanking = 'bm25',
  ) {}

  async idf(term: string): Promise<number> {
    return this.inverse((await this.frequencies([term])).get(term)!.text);
  }

  private inverse(df: number): number {
    return Math.log(1 + (this.passageCount - df + 0.5) / (df + 0.5));
  }

  async variants(name: string): Promise<string[]> {
    const term = normalizeTerm(name);
    if (!term) return [];
    if ((await this.frequencies([term])).get(term)!.text > 0) return [term];
    if (term.length < FUZZY_MIN_LENGTH) return [];
    const near = ((await this.fuzzy([term])).get(term) ?? []).map(({ term: variant }) => variant);
    const frequencies = await this.frequencies(near);
    return near.filter((variant) => frequencies.get(variant)!.text > 0);
  }

  /** The document frequencies of `terms` (0 for a term the archive lacks): from the cache, the rest in one query. */
  private async frequencies(terms: readonly string[]): Promise<Map<string, TermFrequency>> {
    const missing = [...new Set(terms)].filter((term) => !this.statistics.has(term));
    if (missing.length > 0) {
      const { rows } = await this.pool.query<{ term: string; df: number; title_df: number }>(
        `SELECT term, df, title_df FROM ${this.tables.terms} WHERE term = ANY($1::text[])`,
        [missing],
      );
      const found = new Map(rows.map(({ term, df, title_df }) => [term, { text: df, title: title_df }]));
      for (const term of missing) this.remember(term, found.get(term) ?? { text: 0, title: 0 });
    }
    return new Map(terms.map((term) => [term, this.statistics.get(term) ?? { text: 0, title: 0 }]));
  }

  private remember(term: string, frequency: TermFrequency): void {
    if (this.statistics.size >= STATISTICS_CACHE) this.statistics.clear();
    this.statistics.set(term, frequency);
  }

  async query({ text: question }: RetrievalQuery, options: RetrievalOptions): Promise<RankedPassage[]> {
    const expansions = await this.expand(question);
    if (expansions.length === 0) return [];
    const hasPhrases = extractPhrases(question).length > 0;
    // Phrases are checked in the best PHRASE_CHECK_DEPTH passages, so that many are ranked when there are any.
    const depth = hasPhrases ? Math.max(PHRASE_CHECK_DEPTH, options.limit) : options.limit;
    const ranked =
      this.ranking === 'ts_rank'
        ? await this.tsRank(question, depth, options.allowed)
        : this.ranking === 'bm25-tsvector'
          ? await this.fromTsvectors(expansions, depth, options.allowed)
          : await this.fromPostings(expansions, depth, options.allowed);
    // Only a question with phrases reads passage texts: those of the passages its boost checks.
    const texts = hasPhrases ? await this.texts(ranked.map(({ passageId }) => passageId)) : new Map();
    return boostPhrases(question, ranked, (passageId) => texts.get(passageId) ?? '', options.limit);
  }

  /**
   * The `k` best passages by BM25 from the impact postings (src/index/postgres/postings.ts), in one statement: each
   * expansion's postings read from the index alone, weighted, summed per passage, × the question terms it matched.
   * The scores `bm25-tsvector` computes from the passages' tsvectors, without unnesting any passage's terms. A
   * narrow date filter looks its passages' postings up by passage instead of reading whole postings lists.
   */
  private async fromPostings(expansions: Expansion[], k: number, allowed?: ReadonlySet<number>): Promise<RankedPassage[]> {
    const byPassage = allowed !== undefined && allowed.size <= PASSAGE_LOOKUP_LIMIT;
    const postings = byPassage
      ? `SELECT q.query_term, q.weight, p.passage, p.impact FROM ${this.tables.postings} p JOIN q ON q.term = p.term
         WHERE p.passage = ANY($5::int[]) AND p.term = ANY($1::text[])`
      : `SELECT q.query_term, q.weight, p.passage, p.impact FROM q
         CROSS JOIN LATERAL (
           SELECT passage, impact FROM ${this.tables.postings} WHERE term = q.term AND ($5::int[] IS NULL OR passage = ANY($5::int[]))
         ) p`;
    // The question terms a passage matched, counted from a bit per term where they fit in a bigint: a hash
    // aggregate, a quarter cheaper than count(DISTINCT …), which sorts every posting read.
    const matched = expansions.every(({ queryTerm }) => queryTerm < MASKED_QUERY_TERMS)
      ? 'bit_count(bit_or(1::bigint << query_term)::bit(64))'
      : 'count(DISTINCT query_term)';
    const { rows } = await this.pool.query<{ id: number; score: number }>(
      `WITH q AS (SELECT * FROM unnest($1::text[], $2::float8[], $3::int[]) AS q(term, weight, query_term))
       SELECT passage AS id, sum(weight * impact) * ${matched} AS score FROM (${postings}) hits
       GROUP BY passage ORDER BY score DESC, passage LIMIT $4`,
      [
        expansions.map(({ term }) => term),
        expansions.map(({ weight }) => weight),
        expansions.map(({ queryTerm }) => queryTerm),
        k,
        allowed ? [...allowed] : null,
      ],
    );
    return rows.map(({ id, score }) => ({ passageId: id, score: Number(score) }));
  }

  /** BM25 of every passage holding an expansion, best first, `k` of them: from their tsvectors, term frequencies unnested. */
  private async fromTsvectors(expansions: Expansion[], k: number, allowed?: ReadonlySet<number>): Promise<RankedPassage[]> {
    const frequencies = await this.frequencies(expansions.map(({ term }) => term));
    const { rows } = await this.pool.query<{ id: number; score: number }>(this.bm25Sql, [
      expansions.map(({ term }) => term),
      expansions.map(({ term, weight }) => weight * this.inverse(frequencies.get(term)!.text)),
      expansions.map(({ queryTerm }) => queryTerm),
      expansions.map(({ term, weight }) => weight * this.inverse(frequencies.get(term)!.title)),
      this.averageLength.text || 1,
      this.averageLength.title || 1,
      k,
      allowed ? [...allowed] : null,
      expansions.map(({ term }) => quoteLexeme(term)).join(' | '),
    ]);
    return rows.map(({ id, score }) => ({ passageId: id, score: Number(score) }));
  }

  private async tsRank(question: string, k: number, allowed?: ReadonlySet<number>): Promise<RankedPassage[]> {
    const { rows } = await this.pool.query<{ id: number; score: number }>(this.tsRankSql, [
      this.tsRankQuery(question),
      allowed ? [...allowed] : null,
      k,
    ]);
    return rows.map(({ id, score }) => ({ passageId: id, score: Number(score) }));
  }

  /** The question's terms, each with the archive's terms it reaches by prefix (long terms) or fuzzy match (names). */
  private async expand(question: string): Promise<Expansion[]> {
    const names = new Set(namesIn(question).map(normalizeTerm));
    const terms = termsOf(question);
    // One query after the other: a question asks the database a few things in turn, not many at once. The terms'
    // own statistics are read now, so the engine's `idf` calls for the question find them cached.
    const prefixed = await this.withPrefix(
      terms,
      terms.filter((term) => term.length >= PREFIX_MIN_LENGTH),
    );
    const near = await this.fuzzy(terms.filter((term) => names.has(term) && term.length >= FUZZY_MIN_LENGTH));
    const expansions = new Map<string, Expansion>();
    const add = (term: string, weight: number, queryTerm: number) => {
      const known = expansions.get(term);
      if (!known || known.weight < weight) expansions.set(term, { term, weight, queryTerm });
    };
    terms.forEach((term, queryTerm) => {
      add(term, 1, queryTerm);
      for (const longer of prefixed.get(term) ?? []) {
        add(longer, (VARIANT_WEIGHT.prefix * longer.length) / (longer.length + 0.3 * (longer.length - term.length)), queryTerm);
      }
      for (const match of near.get(term) ?? [])
        add(match.term, (VARIANT_WEIGHT.fuzzy * match.term.length) / (match.term.length + match.distance), queryTerm);
    });
    return [...expansions.values()];
  }

  /**
   * Per prefix, the archive's terms that begin with it (itself excepted), in code-unit order; and the statistics of
   * `terms` and of those, cached: what the caches lack is read in one query.
   */
  private async withPrefix(terms: string[], prefixes: string[]): Promise<Map<string, string[]>> {
    const missingTerms = [...new Set(terms)].filter((term) => !this.statistics.has(term));
    const missingPrefixes = [...new Set(prefixes)].filter((prefix) => !this.prefixMatches.has(prefix));
    if (missingTerms.length > 0 || missingPrefixes.length > 0) {
      // text_pattern_ops compares bytes: every term beginning with a prefix sorts between it and it + U+10FFFF.
      const { rows } = await this.pool.query<{ prefix: string | null; term: string; df: number; title_df: number }>(
        `SELECT NULL::text AS prefix, term, df, title_df FROM ${this.tables.terms} WHERE term = ANY($1::text[])
         UNION ALL
         SELECT q.prefix, t.term, t.df, t.title_df FROM unnest($2::text[]) AS q(prefix)
         CROSS JOIN LATERAL (
           SELECT term, df, title_df FROM ${this.tables.terms}
           WHERE term ~>=~ q.prefix AND term ~<~ (q.prefix || chr(1114111)) AND starts_with(term, q.prefix) AND term <> q.prefix
         ) t`,
        [missingTerms, missingPrefixes],
      );
      const found = new Map(missingPrefixes.map((prefix) => [prefix, [] as string[]]));
      const known = new Set<string>();
      for (const { prefix, term, df, title_df } of rows) {
        this.remember(term, { text: df, title: title_df });
        known.add(term);
        if (prefix !== null) found.get(prefix)!.push(term);
      }
      for (const term of missingTerms) if (!known.has(term)) this.remember(term, { text: 0, title: 0 });
      if (this.prefixMatches.size + missingPrefixes.length > PREFIX_CACHE) this.prefixMatches.clear();
      for (const [prefix, longer] of found) this.prefixMatches.set(prefix, longer.sort());
    }
    return new Map(prefixes.map((prefix) => [prefix, this.prefixMatches.get(prefix) ?? []]));
  }

  /** Per name, the archive's terms within MiniSearch's fuzzy distance of it (20% of its length, at most 2 edits). */
  private async fuzzy(names: string[]): Promise<Map<string, { term: string; distance: number }[]>> {
    const missing = [...new Set(names)].filter((name) => !this.fuzzyMatches.has(name));
    if (missing.length > 0) {
      const { rows } = await this.pool.query<{ name: string; term: string; distance: number }>(
        `SELECT q.name, t.term, d.distance
         FROM unnest($1::text[], $2::int[]) AS q(name, max_edits)
         JOIN ${this.tables.terms} t ON length(t.term) BETWEEN length(q.name) - q.max_edits AND length(q.name) + q.max_edits
           AND t.term <> q.name
         CROSS JOIN LATERAL (SELECT levenshtein_less_equal(t.term, q.name, q.max_edits) AS distance) d
         WHERE d.distance <= q.max_edits`,
        [missing, missing.map((name) => Math.min(FUZZY_MAX, Math.round(name.length * FUZZY_SHARE)))],
      );
      if (this.fuzzyMatches.size + missing.length > FUZZY_CACHE) this.fuzzyMatches.clear();
      for (const name of missing) this.fuzzyMatches.set(name, []);
      for (const { name, term, distance } of rows) this.fuzzyMatches.get(name)!.push({ term, distance });
      for (const name of missing) this.fuzzyMatches.get(name)!.sort((a, b) => (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
    }
    return new Map(names.map((name) => [name, this.fuzzyMatches.get(name) ?? []]));
  }

  private tsRankQuery(question: string): string {
    return termsOf(question)
      .map((term) => (term.length >= PREFIX_MIN_LENGTH ? `${quoteLexeme(term)}:*` : quoteLexeme(term)))
      .join(' | ');
  }

  /**
   * BM25+ per field from the tsvector's positions (weight A = title, the rest text): the GIN index finds the
   * passages holding any term, `unnest` gives each term's frequency. Parameters: see `fromTsvectors`.
   */
  private get bm25Sql(): string {
    return `
      WITH q AS (SELECT * FROM unnest($1::text[], $2::float8[], $3::int[], $4::float8[]) AS q(term, weight, query_term, title_weight)),
      hits AS (
        SELECT p.id, q.query_term, ${termScoreSql('q.weight', 'q.title_weight', '$5::float8', '$6::float8')} AS score
        FROM ${this.tables.passages} p
        ${TERM_FREQUENCIES_SQL}
        JOIN q ON q.term = u.lexeme
        WHERE p.search @@ $9::tsquery AND ($8::int[] IS NULL OR p.id = ANY($8::int[]))
      )
      SELECT id, SUM(score) * COUNT(DISTINCT query_term) AS score
      FROM hits GROUP BY id ORDER BY score DESC, id LIMIT $7`;
  }

  private get tsRankSql(): string {
    return `
      SELECT id, ts_rank(search, $1::tsquery) AS score FROM ${this.tables.passages}
      WHERE search @@ $1::tsquery AND ($2::int[] IS NULL OR id = ANY($2::int[]))
      ORDER BY score DESC, id LIMIT $3`;
  }
}
