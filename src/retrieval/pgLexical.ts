// Lexical retrieval in PostgreSQL: BM25 over passage terms (GIN-indexed tsvectors), the top k found from impact-ordered postings.
import type pg from 'pg';
import { extractPhrases, namesIn, normalizeTerm, termsOf, tokenize } from '../corpus/terms.ts';
import { boostPhrases, PHRASE_CHECK_DEPTH } from './phrases.ts';
import type { LexicalSearch, RankedPassage, RetrievalOptions, RetrievalQuery } from './retriever.ts';

/**
 * `bm25` ranks as the embedded MiniSearch index does (BM25+, k 1.2, b 0.7, δ 0.5, title ×2, prefix and fuzzy
 * variants weighted as MiniSearch weighs them, × the number of question terms matched), reading only the best
 * postings of each term (see `topK`); `bm25-exhaustive` gives the same ranking by scoring every passage holding a
 * question word, the reference the cut is checked and timed against (tests, `npm run bench -- --stores`);
 * `ts_rank` is Postgres's own ranking, kept to measure against (`npm run eval -- --store postgres`).
 */
export type PgLexicalRanking = 'bm25' | 'bm25-exhaustive' | 'ts_rank';

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

/** How much a stored impact may exceed the exact one: they are rounded up to 4-byte floats. */
const IMPACT_ROUNDING = 1e-6;
/** Slack for the rounding of sums in double precision, on the safe side of every bound. */
const SAFETY = 1e-9;

/**
 * The build-time half of `bm25`: one row (term, impact, passage) per term of each passage of `passages`, the impact
 * being the term's BM25+ score there for a question weight of 1 (text and title), rounded up to a 4-byte float.
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
           ((${termScoreSql(idf('t.df'), idf('t.title_df'), 'n.text', 'n.title')}) * ${1 + IMPACT_ROUNDING})::real AS impact,
           p.id AS passage
    FROM n CROSS JOIN ${passages} p
    ${TERM_FREQUENCIES_SQL}
    JOIN ${terms} t ON t.term = u.lexeme`;
}

/**
 * How deep to read each term's postings: a floor per term (in weighted score) whose sum is `budget`, so a passage
 * under every floor scores less than `budget` × the question terms. A term whose best posting is under its fair
 * share gets exactly that (nothing of it need be read) and leaves the rest to the others.
 */
function postingFloors(bests: number[], budget: number): number[] {
  const floors = new Array<number>(bests.length).fill(0);
  const order = bests.map((_, i) => i).sort((a, b) => bests[a] - bests[b]);
  let remaining = Math.max(0, budget);
  order.forEach((term, i) => {
    floors[term] = Math.min(bests[term], remaining / (order.length - i));
    remaining -= floors[term];
  });
  return floors;
}

/** A narrow date filter allows at most this many passages: they are scored directly. */
const DIRECT_SCORING_LIMIT = 1_000;

/** What `topK` found of the postings: see `rescore`. */
interface CandidateBounds {
  /** Per expansion, the lowest stored impact read. */
  floors: number[];
  /** Per expansion, what it may add to a passage not found under its floor. */
  bounds: number[];
  /** The sum of `bounds`. */
  unseen: number;
  queryTerms: number;
  threshold: number;
}

interface Expansion {
  term: string;
  weight: number;
  /** Which question term it stands for (BM25 multiplies by how many of them a passage matched). */
  queryTerm: number;
}

export class PgLexicalRetriever implements LexicalSearch {
  private readonly sorted: string[];

  /**
   * Over these `tables`, with the document frequencies of its text terms and the
   * average field lengths; `texts` reads passages' texts for the phrase boost.
   */
  constructor(
    private readonly pool: pg.Pool,
    /** Schema-qualified: the passages, and their impact-ordered postings (see impactPostingsSql). */
    private readonly tables: { passages: string; postings: string },
    private readonly frequencies: { text: ReadonlyMap<string, number>; title: ReadonlyMap<string, number> },
    private readonly passageCount: number,
    private readonly averageLength: { text: number; title: number },
    private readonly texts: (passageIds: readonly number[]) => Promise<ReadonlyMap<number, string>>,
    readonly ranking: PgLexicalRanking = 'bm25',
  ) {
    this.sorted = [...new Set([...frequencies.text.keys(), ...frequencies.title.keys()])].sort();
  }

  idf(term: string): number {
    return this.inverse(this.frequencies.text.get(term) ?? 0);
  }

  private inverse(df: number): number {
    return Math.log(1 + (this.passageCount - df + 0.5) / (df + 0.5));
  }

  variants(name: string): string[] {
    const term = normalizeTerm(name);
    if (!term) return [];
    if (this.frequencies.text.has(term)) return [term];
    if (term.length < FUZZY_MIN_LENGTH) return [];
    return this.fuzzy(term)
      .map(({ term: variant }) => variant)
      .filter((variant) => this.frequencies.text.has(variant));
  }

  async query({ text: question }: RetrievalQuery, options: RetrievalOptions): Promise<RankedPassage[]> {
    const expansions = this.expand(question);
    if (expansions.length === 0) return [];
    const hasPhrases = extractPhrases(question).length > 0;
    // Phrases are checked in the best PHRASE_CHECK_DEPTH passages, so that many are ranked when there are any.
    const depth = hasPhrases ? Math.max(PHRASE_CHECK_DEPTH, options.limit) : options.limit;
    const ranked =
      this.ranking === 'ts_rank'
        ? await this.tsRank(question, depth, options.allowed)
        : this.ranking === 'bm25-exhaustive'
          ? await this.rescore(expansions, { all: true }, depth, options.allowed)
          : await this.topK(expansions, depth, options.allowed);
    // Only a question with phrases reads passage texts: those of the passages its boost checks.
    const texts = hasPhrases ? await this.texts(ranked.map(({ passageId }) => passageId)) : new Map();
    return boostPhrases(question, ranked, (passageId) => texts.get(passageId) ?? '', options.limit);
  }

  /**
   * The `k` best passages by BM25, reading only the best postings of each term (impact-ordered, see
   * src/index/postgres/postings.ts). First the top `k` postings of every term give `threshold`, a score `k`
   * passages are known to reach. Then each term's postings are read down to a floor, the floors chosen so that a
   * passage found under none of them cannot reach `threshold`; of those found, the ones that still may are scored
   * exactly, as `bm25-exhaustive` scores them. So the ranking is the exhaustive one, ties (by id) included.
   */
  private async topK(expansions: Expansion[], k: number, allowed?: ReadonlySet<number>): Promise<RankedPassage[]> {
    // A narrow date filter: scoring its passages is cheaper than walking postings in search of them.
    if (allowed && allowed.size <= DIRECT_SCORING_LIMIT) return this.rescore(expansions, { ids: [...allowed] }, k);
    const allowedIds = allowed ? [...allowed] : null;
    const { rows } = await this.pool.query<{ top: number; threshold: number }>(this.thresholdSql, [
      expansions.map(({ term }) => term),
      expansions.map(({ weight }) => weight),
      expansions.map(({ queryTerm }) => queryTerm),
      allowedIds,
      k,
    ]);
    // Stored impacts are rounded up (postings.ts); a lower bound must stay under the exact scores.
    const threshold = Number(rows[0]?.threshold ?? 0) * (1 - IMPACT_ROUNDING) * (1 - SAFETY);
    const queryTerms = new Set(expansions.map(({ queryTerm }) => queryTerm)).size;
    const floors = postingFloors(
      expansions.map(({ weight }, i) => weight * Number(rows[i].top)),
      threshold / queryTerms,
    );
    return this.rescore(
      expansions,
      {
        candidates: {
          floors: floors.map((floor, i) => (floor / expansions[i].weight) * (1 - SAFETY)),
          bounds: floors,
          unseen: floors.reduce((sum, floor) => sum + floor, 0),
          queryTerms,
          threshold,
        },
      },
      k,
      allowed,
    );
  }

  /**
   * BM25 of some passages, best first, `k` of them: those holding any expansion (`all`), these `ids`, or the
   * `candidates` read from postings down to their floors that can still reach `threshold`.
   */
  private async rescore(
    expansions: Expansion[],
    among: { all: true } | { ids: number[] } | { candidates: CandidateBounds },
    k: number,
    allowed?: ReadonlySet<number>,
  ): Promise<RankedPassage[]> {
    const parameters: unknown[] = [
      expansions.map(({ term }) => term),
      expansions.map(({ term, weight }) => weight * this.idf(term)),
      expansions.map(({ queryTerm }) => queryTerm),
      expansions.map(({ term, weight }) => weight * this.inverse(this.frequencies.title.get(term) ?? 0)),
      this.averageLength.text || 1,
      this.averageLength.title || 1,
      k,
      allowed ? [...allowed] : null,
    ];
    let candidates: string;
    if ('all' in among) {
      parameters.push(expansions.map(({ term }) => quoteLexeme(term)).join(' | '));
      candidates = `SELECT id FROM ${this.tables.passages} WHERE search @@ $9::tsquery`;
    } else if ('ids' in among) {
      parameters.push(among.ids);
      candidates = 'SELECT unnest($9::int[]) AS id';
    } else {
      const { floors, bounds, unseen, queryTerms, threshold } = among.candidates;
      parameters.push(
        expansions.map(({ weight }) => weight),
        floors,
        bounds,
        unseen,
        queryTerms,
        threshold,
      );
      // A passage's score is at most (what its postings read say + what the terms it was not found under may
      // add, each under its floor) × the question terms it may match.
      candidates = `
        SELECT passage AS id FROM (
          SELECT t.passage, sum(f.weight * t.impact) AS seen, sum(f.bound) AS bounded
          FROM unnest($1::text[], $9::float8[], $10::float8[], $11::float8[]) AS f(term, weight, floor, bound)
          CROSS JOIN LATERAL (
            SELECT passage, impact FROM ${this.tables.postings}
            WHERE term = f.term AND impact >= f.floor AND ($8::int[] IS NULL OR passage = ANY($8::int[]))
          ) t
          GROUP BY t.passage
        ) s WHERE (seen + $12::float8 - bounded) * $13::int >= $14::float8`;
    }
    const { rows } = await this.pool.query<{ id: number; score: number }>(this.bm25Sql(candidates), parameters);
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
  private expand(question: string): Expansion[] {
    const names = new Set(namesIn(question).map(normalizeTerm));
    const expansions = new Map<string, Expansion>();
    const add = (term: string, weight: number, queryTerm: number) => {
      const known = expansions.get(term);
      if (!known || known.weight < weight) expansions.set(term, { term, weight, queryTerm });
    };
    termsOf(question).forEach((term, queryTerm) => {
      add(term, 1, queryTerm);
      if (term.length >= PREFIX_MIN_LENGTH) {
        for (const longer of this.withPrefix(term)) {
          add(longer, (VARIANT_WEIGHT.prefix * longer.length) / (longer.length + 0.3 * (longer.length - term.length)), queryTerm);
        }
      }
      if (names.has(term) && term.length >= FUZZY_MIN_LENGTH) {
        for (const near of this.fuzzy(term))
          add(near.term, (VARIANT_WEIGHT.fuzzy * near.term.length) / (near.term.length + near.distance), queryTerm);
      }
    });
    return [...expansions.values()];
  }

  private withPrefix(prefix: string): string[] {
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.sorted[middle] < prefix) low = middle + 1;
      else high = middle;
    }
    const found: string[] = [];
    for (let i = low; i < this.sorted.length && this.sorted[i].startsWith(prefix); i++)
      if (this.sorted[i] !== prefix) found.push(this.sorted[i]);
    return found;
  }

  /** The archive's terms within MiniSearch's fuzzy distance of `term` (20% of its length, at most 2 edits). */
  private fuzzy(term: string): { term: string; distance: number }[] {
    const limit = Math.min(FUZZY_MAX, Math.round(term.length * FUZZY_SHARE));
    const found: { term: string; distance: number }[] = [];
    for (const candidate of this.sorted) {
      if (Math.abs(candidate.length - term.length) > limit) continue;
      const distance = editDistance(term, candidate, limit);
      if (distance <= limit && candidate !== term) found.push({ term: candidate, distance });
    }
    return found;
  }

  private tsRankQuery(question: string): string {
    return termsOf(question)
      .map((term) => (term.length >= PREFIX_MIN_LENGTH ? `${quoteLexeme(term)}:*` : quoteLexeme(term)))
      .join(' | ');
  }

  /**
   * BM25+ per field from the tsvector's positions (weight A = title, the rest text) of the passages `candidates`
   * (a query giving ids) holds: `unnest` gives each term's frequency. Parameters: see `rescore`.
   */
  private bm25Sql(candidates: string): string {
    return `
      WITH q AS (SELECT * FROM unnest($1::text[], $2::float8[], $3::int[], $4::float8[]) AS q(term, weight, query_term, title_weight)),
      hits AS (
        SELECT p.id, q.query_term, ${termScoreSql('q.weight', 'q.title_weight', '$5::float8', '$6::float8')} AS score
        FROM (${candidates}) c
        JOIN ${this.tables.passages} p ON p.id = c.id
        ${TERM_FREQUENCIES_SQL}
        JOIN q ON q.term = u.lexeme
        WHERE $8::int[] IS NULL OR p.id = ANY($8::int[])
      )
      SELECT id, SUM(score) * COUNT(DISTINCT query_term) AS score
      FROM hits GROUP BY id ORDER BY score DESC, id LIMIT $7`;
  }

  /**
   * Each expansion's best stored impact, and the `k`-th best score over the passages among the top `k` postings of
   * every expansion, counting only what those postings say (so a score these passages are known to reach), or 0
   * when fewer than `k` passages were found.
   */
  private get thresholdSql(): string {
    return `
      WITH q AS (SELECT * FROM unnest($1::text[], $2::float8[], $3::int[]) WITH ORDINALITY AS q(term, weight, query_term, n)),
      top AS (
        SELECT q.n, q.query_term, q.weight, t.passage, t.impact FROM q
        CROSS JOIN LATERAL (
          SELECT passage, impact FROM ${this.tables.postings}
          WHERE term = q.term AND ($4::int[] IS NULL OR passage = ANY($4::int[]))
          ORDER BY impact DESC LIMIT $5
        ) t
      ),
      best AS (
        SELECT sum(weight * impact) * count(DISTINCT query_term) AS score FROM top GROUP BY passage ORDER BY score DESC LIMIT $5
      )
      SELECT coalesce(max(top.impact), 0)::float8 AS top,
             (SELECT CASE WHEN count(*) = $5 THEN min(score) ELSE 0 END FROM best)::float8 AS threshold
      FROM q LEFT JOIN top ON top.n = q.n GROUP BY q.n ORDER BY q.n`;
  }

  private get tsRankSql(): string {
    return `
      SELECT id, ts_rank(search, $1::tsquery) AS score FROM ${this.tables.passages}
      WHERE search @@ $1::tsquery AND ($2::int[] IS NULL OR id = ANY($2::int[]))
      ORDER BY score DESC, id LIMIT $3`;
  }
}

/** Levenshtein distance of `a` and `b`, or `limit + 1` as soon as it must exceed `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, current[j]);
    }
    if (best > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length];
}
