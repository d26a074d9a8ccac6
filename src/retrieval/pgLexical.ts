// Lexical retrieval in PostgreSQL full-text: passage terms in a GIN-indexed tsvector, ranked by BM25 computed in SQL.
import type pg from 'pg';
import { extractPhrases, namesIn, normalizeTerm, termsOf, tokenize } from '../corpus/terms.ts';
import { boostPhrases, PHRASE_CHECK_DEPTH } from './phrases.ts';
import type { LexicalSearch, RankedPassage, RetrievalOptions, RetrievalQuery } from './retriever.ts';

/**
 * `bm25` ranks as the embedded MiniSearch index does (BM25+, k 1.2, b 0.7, δ 0.5, title ×2, prefix and fuzzy
 * variants weighted as MiniSearch weighs them, × the number of question terms matched); `ts_rank` is Postgres's
 * own ranking, kept to measure against (`npm run eval -- --store postgres`).
 */
export type PgLexicalRanking = 'bm25' | 'ts_rank';

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

interface Expansion {
  term: string;
  weight: number;
  /** Which question term it stands for (BM25 multiplies by how many of them a passage matched). */
  queryTerm: number;
}

export class PgLexicalRetriever implements LexicalSearch {
  private readonly sorted: string[];

  /**
   * Over the passages table `table` (schema-qualified), with the document frequencies of its text terms and the
   * average field lengths; `texts` reads passages' texts for the phrase boost.
   */
  constructor(
    private readonly pool: pg.Pool,
    private readonly table: string,
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
    const depth = Math.max(PHRASE_CHECK_DEPTH, options.limit);
    const allowed = options.allowed ? [...options.allowed] : null;
    const tsquery = expansions.map(({ term }) => quoteLexeme(term)).join(' | ');
    const { rows } =
      this.ranking === 'bm25'
        ? await this.pool.query<{ id: number; score: number }>(this.bm25Sql, [
            expansions.map(({ term }) => term),
            expansions.map(({ term, weight }) => weight * this.idf(term)),
            expansions.map(({ queryTerm }) => queryTerm),
            tsquery,
            allowed,
            depth,
            this.averageLength.text || 1,
            this.averageLength.title || 1,
            expansions.map(({ term, weight }) => weight * this.inverse(this.frequencies.title.get(term) ?? 0)),
          ])
        : await this.pool.query<{ id: number; score: number }>(this.tsRankSql, [this.tsRankQuery(question), allowed, depth]);
    const ranked = rows.map(({ id, score }) => ({ passageId: id, score: Number(score) }));
    // Only a question with phrases reads passage texts: those of the passages its boost checks.
    const texts =
      extractPhrases(question).length > 0 ? await this.texts(ranked.slice(0, depth).map(({ passageId }) => passageId)) : new Map();
    return boostPhrases(question, ranked, (passageId) => texts.get(passageId) ?? '', options.limit);
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
   * BM25+ per field from the tsvector's positions (weight A = title, the rest text): the GIN index finds the
   * passages holding any term, `unnest` gives each term's frequency.
   */
  private get bm25Sql(): string {
    const { k, b, d, titleBoost } = BM25;
    return `
      WITH q AS (SELECT * FROM unnest($1::text[], $2::float8[], $3::int[], $9::float8[]) AS q(term, weight, query_term, title_weight)),
      hits AS (
        SELECT p.id, q.query_term,
          q.weight * (
            CASE WHEN f.text_tf > 0 THEN ${d} + f.text_tf * ${k + 1} / (f.text_tf + ${k} * (${1 - b} + ${b} * p.text_length / $7::float8)) ELSE 0 END
          ) + q.title_weight * (
            CASE WHEN f.title_tf > 0 THEN ${titleBoost} * (${d} + f.title_tf * ${k + 1} / (f.title_tf + ${k} * (${1 - b} + ${b} * p.title_length / $8::float8))) ELSE 0 END
          ) AS score
        FROM ${this.table} p
        CROSS JOIN LATERAL unnest(p.search) AS u(lexeme, positions, weights)
        JOIN q ON q.term = u.lexeme
        CROSS JOIN LATERAL (
          SELECT cardinality(u.weights) - cardinality(array_positions(u.weights, 'A')) AS text_tf,
                 cardinality(array_positions(u.weights, 'A')) AS title_tf
        ) f
        WHERE p.search @@ $4::tsquery AND ($5::int[] IS NULL OR p.id = ANY($5::int[]))
      )
      SELECT id, SUM(score) * COUNT(DISTINCT query_term) AS score
      FROM hits GROUP BY id ORDER BY score DESC, id LIMIT $6`;
  }

  private get tsRankSql(): string {
    return `
      SELECT id, ts_rank(search, $1::tsquery) AS score FROM ${this.table}
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
