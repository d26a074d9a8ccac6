// The answer engine: question → lexical + dense retrieval → fusion → quote selection → dedupe/diversity → abstention.
import type { DateRange } from '../domain/lookups.ts';
import type { StoredArticle } from '../domain/article.ts';
import type { ArchiveStore } from '../index/archiveStore.ts';
import { answerTypeOf, wordsOf } from './answerType.ts';
import { CALIBRATION, decide, type AbstentionCalibration, type AnswerEvidence } from './abstain.ts';
import { dedupeQuotes } from './dedupe.ts';
import { diversify } from './diversify.ts';
import { fuse, type FusionOptions } from './fuse.ts';
import type { RankedPassage, Retriever } from '../retrieval/retriever.ts';
import { isAboutNow, recencyFactor, type RecencyOptions } from './recency.ts';
import { DEFAULT_SENTENCE_WEIGHTS, selectQuotes, type QuestionProfile, type QuoteCandidate, type SentenceWeights } from './quotes.ts';
import { extractPhrases, foldForPhrase, isCalendarTerm, namesIn, normalizeTerm, termsOf } from '../corpus/terms.ts';
import { QuestionTerms } from './termMatch.ts';
import type { Answer, AskQuery } from '../domain/answer.ts';
import { checkAskOptions, checkQuestion } from './validate.ts';

/** What the engine reads of the store: the two retrievers, and the passages, articles and sentence vectors it quotes. */
export type SearchableStore = Pick<
  ArchiveStore,
  'lexical' | 'dense' | 'published' | 'passages' | 'passagesPublished' | 'articles' | 'sentenceVectors'
>;

/** What the engine needs of the embedding model (`Embedder` from src/embedding fits). */
export interface QuestionEmbedder {
  embed(texts: string[]): Promise<Float32Array[]>;
}

export type RetrievalMode = 'hybrid' | 'lexical' | 'dense';

export interface EngineSettings {
  mode: RetrievalMode;
  fusion: FusionOptions;
  /** How many passages each retriever hands to fusion. */
  retrievalDepth: number;
  /** How many fused passages have their sentences scored for quotes. */
  quotePassages: number;
  sentenceWeights: SentenceWeights;
  /** Context sentences quoted either side of the answering sentence (within the quote length limit). */
  quoteNeighbours: number;
  calibration: AbstentionCalibration;
  /**
   * The time a question is about ("in September 2022", "this week" read as of `asOf`), if any; quotes from
   * or about it score higher.
   */
  timeOfQuestion?: (question: string, asOf: Date) => DateRange | undefined;
  /** How much newer articles are preferred (see src/search/recency.ts). */
  recency: RecencyOptions;
}

/**
 * Fusion chosen by `npm run eval` on XQuAD-en (1,190 questions): min-max normalised scores weighted
 * 0.7 lexical / 0.3 dense gave recall@1 94.5% vs 86.3% for equal-weight RRF (k=60) and 94.0% lexical
 * alone; weights 0.6–0.9 are within 0.2 points of each other, 0.7 sits in the middle. The seed
 * questions cannot separate the variants (12 passages: every one reaches quote selection).
 */
export const DEFAULT_FUSION: FusionOptions = { method: 'score', lexicalWeight: 0.7 };

/**
 * News questions are mostly about the days before they are asked. On the RealTime QA tuning half
 * (`npm run eval -- --set realtimeqa`), weighting 30% of every passage's score by a 14-day half-life
 * raised hit@3 0.671 → 0.683 and MRR@5 0.576 → 0.582 (hit@1 equal); applying it only to questions that
 * say "this week"/"new"/"recently" (weights 0.3 and 0.6, half-life 7 days) gained less (hit@3 0.677).
 */
/*
 * `quoteWeight` (issue 19): 20% of each quote's final score weighed by its article's age too (relative to the
 * newest candidate): hit@1 +1.2 points on the tuning half, +1.7 on the checking half, answerable answered +2.4 and
 * +1.7; 40% gained less on the tuning half and cost paraphrases 1.7 points answered.
 */
export const DEFAULT_RECENCY: RecencyOptions = { halfLifeDays: 14, nowWeight: 0.3, otherWeight: 0.3, quoteWeight: 0.2 };

export const DEFAULT_SETTINGS: EngineSettings = {
  mode: 'hybrid',
  recency: DEFAULT_RECENCY,
  fusion: DEFAULT_FUSION,
  retrievalDepth: 50,
  quotePassages: 10,
  sentenceWeights: DEFAULT_SENTENCE_WEIGHTS,
  // Context sentences either side of the answering one (the answer is often beside the sentence that echoes
  // the question). One: RealTime QA tuning half hit@1 0.485 → 0.593, hit@3 0.671 → 0.772. Two (issue 19):
  // hit@1 +3.0 points on the tuning half and +2.3 on the checking half, paraphrase set +8.3 (`npm run eval
  // -- --set realtimeqa`, row "- second context sentence"), at a longer quote (within MAX_QUOTE_CHARS).
  quoteNeighbours: 2,
  calibration: CALIBRATION,
};

/** Milliseconds spent in each stage of one question. */
export interface StageTimings {
  embed: number;
  dense: number;
  lexical: number;
  quotes: number;
}

export interface TracedAnswer {
  answer: Answer;
  timings: StageTimings;
  /** Fused passage ranking before quote selection. */
  passages: RankedPassage[];
  /** Every quote candidate after dedupe and diversity, before abstention and the cut to k. */
  candidates: QuoteCandidate[];
  /** What abstention weighed beside the best quote's score. */
  evidence: AnswerEvidence;
}

const DAY_MS = 86_400_000;

export class AnswerEngine {
  readonly settings: EngineSettings;
  constructor(
    readonly store: SearchableStore,
    private readonly embedder: QuestionEmbedder,
    settings: Partial<EngineSettings> = {},
  ) {
    this.settings = { ...DEFAULT_SETTINGS, ...settings };
  }

  /** Verbatim, dated quotes answering `query.question`, or `answered: false` (with near misses at most). */
  async ask(query: AskQuery): Promise<Answer> {
    return (await this.askTraced(query)).answer;
  }

  /** `ask`, with the time spent per stage and the intermediate rankings (for eval and bench). */
  async askTraced(asked: AskQuery, settings: Partial<EngineSettings> = {}): Promise<TracedAnswer> {
    const query = checkQuestion(asked.question);
    const { k, from, to, asOf } = checkAskOptions(asked);
    const use = { ...this.settings, ...settings };
    // The archive as it was on `asOf`: nothing published later is searched (the newest article's day filters nothing).
    const until = to !== undefined && to < asOf ? to : asOf;
    const inDates = from || until < this.store.published.to ? await this.store.passagesPublished({ from, to: until }) : undefined;
    // Searched within the whole archive's scores, so a passage of these articles clears the bar only as it would in any answer.
    const within = asked.articles ? await this.passagesOf(asked.articles, inDates) : undefined;
    const timings: StageTimings = { embed: 0, dense: 0, lexical: 0, quotes: 0 };

    const retrieved = await this.retrieve(query, use, inDates, timings, within);
    const { vector } = retrieved;
    const passages = await this.preferRecent(retrieved.passages, query, asOf, use.recency);

    const started = performance.now();
    const profile = await this.profile(query, vector, use, asOf);
    const ranked = (within ? passages.filter(({ passageId }) => within.has(passageId)) : passages).slice(0, use.quotePassages);
    const best = passages[0]?.score ?? 0;
    const retrieval = new Map(ranked.map(({ passageId, score }) => [passageId, best > 0 ? score / best : 0]));
    const top = await this.store.passages(ranked.map(({ passageId }) => passageId));
    const quotedArticles = new Set(top.map(({ articleId }) => articleId));
    const articles = await this.store.articles(quotedArticles);
    const quoted = selectQuotes(
      top,
      retrieval,
      articles,
      profile,
      await this.store.sentenceVectors(quotedArticles),
      use.sentenceWeights,
      use.quoteNeighbours,
    );
    const aboutNow = isAboutNow(query);
    const dated = this.preferRecentQuotes(quoted, asOf, use.recency);
    const candidates = diversify(dedupeQuotes(dated), dated.length);
    const quotedFirst = candidates[0] && articles.get(candidates[0].articleId);
    const evidence = this.evidence(candidates[0], quotedFirst, profile, asOf, aboutNow, retrieved.agreed);
    const { answered, quotes } = decide(candidates, k, use.calibration, evidence);
    timings.quotes = performance.now() - started;

    return { answer: { query, answered, quotes }, timings, passages, candidates, evidence };
  }

  /** Article ids ranked by their best passage, from retrieval alone (no quote selection): for evaluation. */
  async rankArticles(question: string, settings: Partial<EngineSettings> = {}): Promise<string[]> {
    const { passages } = await this.retrieve(checkQuestion(question), { ...this.settings, ...settings });
    const stored = await this.store.passages(passages.map(({ passageId }) => passageId));
    return [...new Set(stored.map(({ articleId }) => articleId))];
  }

  /** The passages of these articles (within `dated`, when the query's dates narrow it too). */
  private async passagesOf(articleIds: readonly string[], dated: ReadonlySet<number> | undefined): Promise<ReadonlySet<number>> {
    const days = [...(await this.store.articles(articleIds)).values()].map(({ date }) => date).sort();
    if (days.length === 0) return new Set();
    const published = await this.store.passagesPublished({ from: days[0], to: days.at(-1) });
    const candidates = [...published].filter((id) => !dated || dated.has(id));
    const wanted = new Set(articleIds);
    return new Set((await this.store.passages(candidates)).filter(({ articleId }) => wanted.has(articleId)).map(({ id }) => id));
  }

  /**
   * Embeds the question and ranks passages by the configured retrievers and fusion. With `within`, those passages are
   * ranked too whatever their rank among `allowed`, on the same scale (each retriever's list holds both).
   */
  private async retrieve(
    query: string,
    use: EngineSettings,
    allowed?: ReadonlySet<number>,
    timings: StageTimings = { embed: 0, dense: 0, lexical: 0, quotes: 0 },
    within?: ReadonlySet<number>,
  ): Promise<{ vector: Float32Array; passages: RankedPassage[]; agreed?: string }> {
    let started = performance.now();
    const [vector] = await this.embedder.embed([query]);
    timings.embed = performance.now() - started;

    const question = { text: query, vector };
    const options = { limit: use.retrievalDepth, ...(allowed ? { allowed } : {}) };
    const alsoWithin = async (retriever: Retriever): Promise<RankedPassage[]> => {
      const ranked = await retriever.query(question, options);
      return within ? merged(ranked, await retriever.query(question, { limit: use.retrievalDepth, allowed: within })) : ranked;
    };
    started = performance.now();
    const dense = use.mode === 'lexical' ? [] : await alsoWithin(this.store.dense);
    timings.dense = performance.now() - started;

    started = performance.now();
    const lexical = use.mode === 'dense' ? [] : await alsoWithin(this.store.lexical);
    timings.lexical = performance.now() - started;

    const passages = use.mode === 'hybrid' ? fuse(lexical, dense, use.fusion) : use.mode === 'dense' ? dense : lexical;
    // The article both retrievers put first, each on its own: found by words and by meaning alike.
    const firsts = lexical[0] && dense[0] ? await this.store.passages([lexical[0].passageId, dense[0].passageId]) : [];
    const agreed = firsts.length === 2 && firsts[0].articleId === firsts[1].articleId ? firsts[0].articleId : undefined;
    return { vector, passages, ...(agreed ? { agreed } : {}) };
  }

  /** What abstention weighs about the best candidate beside its score. */
  private evidence(
    best: QuoteCandidate | undefined,
    article: StoredArticle | undefined,
    profile: QuestionProfile,
    asOf: string,
    aboutNow: boolean,
    agreed: string | undefined,
  ): AnswerEvidence {
    if (!best || !article) return { coverage: 0 };
    return {
      coverage: this.coverage(profile, article),
      aboutNow,
      retrieversAgree: agreed === best.articleId,
      ageDays: Math.max(0, (Date.parse(asOf) - Date.parse(best.quote.date)) / DAY_MS),
    };
  }

  /**
   * Quotes with their article's age weighing on their final score (`recency.quoteWeight` of it), relative to the
   * newest quoted article: an older story's echoing sentence falls behind a newer one's, while a question whose
   * candidates are all old (an archive asked years later) keeps the scores abstention was calibrated on.
   */
  private preferRecentQuotes(quoted: QuoteCandidate[], asOf: string, recency: RecencyOptions): QuoteCandidate[] {
    if (recency.quoteWeight <= 0 || quoted.length === 0) return quoted;
    const factors = quoted.map(({ quote }) => recencyFactor(quote.date, asOf, recency.quoteWeight, recency.halfLifeDays));
    const newest = Math.max(...factors);
    return quoted.map((candidate, at) => {
      const score = Math.round(((candidate.quote.score * factors[at]) / newest) * 1000) / 1000;
      return { ...candidate, quote: { ...candidate.quote, score } };
    });
  }

  /** IDF-weighted share of the question's terms (or their archive spellings) that `article` holds. */
  private coverage(profile: QuestionProfile, article: StoredArticle): number {
    const held = new QuestionTerms(profile.terms).heldIn(`${article.title ?? ''}\n${article.text}`, 'exact');
    const total = profile.terms.reduce((sum, { idf }) => sum + idf, 0);
    const found = profile.terms.filter((_, at) => held[at]).reduce((sum, { idf }) => sum + idf, 0);
    return total > 0 ? found / total : 1;
  }

  /** Passages re-ranked with their article's age as of `asOf` counting against them (when the settings say so). */
  private async preferRecent(passages: RankedPassage[], question: string, asOf: string, recency: RecencyOptions): Promise<RankedPassage[]> {
    const weight = isAboutNow(question) ? recency.nowWeight : recency.otherWeight;
    if (weight <= 0) return passages;
    const stored = await this.store.passages(passages.map(({ passageId }) => passageId));
    return passages
      .map(({ passageId, score }, i) => ({
        passageId,
        score: score * recencyFactor(stored[i].date, asOf, weight, recency.halfLifeDays),
      }))
      .sort((a, b) => b.score - a.score || a.passageId - b.passageId);
  }

  private async profile(question: string, vector: Float32Array, settings: EngineSettings, asOf: string): Promise<QuestionProfile> {
    const said = settings.timeOfQuestion?.(question, new Date(`${asOf}T12:00:00Z`));
    // "This week" asked on a Wednesday reaches Sunday: the days after `asOf` have no articles yet.
    const time = said && said.from <= asOf ? { from: said.from, to: said.to < asOf ? said.to : asOf } : said;
    const lexical = this.store.lexical;
    // In turn, not at once: a database store answers each from its cache or with a query of its own.
    const names = new Map<string | null, string[]>();
    for (const name of namesIn(question)) names.set(normalizeTerm(name), await lexical.variants(name));
    const known = [...names.values()].filter((variants) => variants.length > 0).length;
    const answerType = answerTypeOf(question);
    const terms: QuestionProfile['terms'] = [];
    // When the question names a time, its date words are matched by resolved dates (the time signal), not
    // as words: "30 September 2022" should find "Friday (09/30)", not any sentence saying "September".
    for (const term of termsOf(question).filter((candidate) => !time || !isCalendarTerm(candidate))) {
      const variants = names.get(term)?.filter((variant) => variant !== term) ?? [];
      if (variants.length === 0) {
        terms.push({ term, idf: await lexical.idf(term) });
        continue;
      }
      // A misspelt name weighs what its commonest spelling in the archive weighs.
      let idf = Infinity;
      for (const variant of variants) idf = Math.min(idf, await lexical.idf(variant));
      terms.push({ term, idf, variants });
    }
    return {
      knownNames: names.size ? known / names.size : 1,
      terms,
      phrases: extractPhrases(question).map(foldForPhrase),
      vector,
      ...(time ? { time } : {}),
      ...(answerType ? { answerType: { type: answerType, questionWords: new Set(wordsOf(question)) } } : {}),
    };
  }
}

/** Two rankings of one retriever as one, best first, each passage once. */
function merged(ranked: RankedPassage[], more: RankedPassage[]): RankedPassage[] {
  const seen = new Set(ranked.map(({ passageId }) => passageId));
  return [...ranked, ...more.filter(({ passageId }) => !seen.has(passageId))].sort(
    (a, b) => b.score - a.score || a.passageId - b.passageId,
  );
}
