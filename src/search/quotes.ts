// Quote selection: scores the sentences of retrieved passages and cuts a 1–3 sentence verbatim quote around the best.
import { makeQuote, MAX_QUOTE_CHARS, sentenceText } from '../corpus/quote.ts';
import type { Passage, StoredArticle } from '../domain/article.ts';
import type { DateRange } from '../domain/lookups.ts';
import type { Quote } from '../domain/answer.ts';
import { holdsAnswerType, type AnswerType } from './answerType.ts';
import { articleOf } from '../corpus/passageText.ts';
import { foldForPhrase } from '../corpus/terms.ts';
import { QuestionTerms } from './termMatch.ts';

/** What we know about the question when scoring sentences. */
export interface QuestionProfile {
  /** Its content terms with their IDF over the archive's passages, and the archive's spellings of misspelt names. */
  terms: { term: string; idf: number; variants?: string[] }[];
  /** Phrases that should appear verbatim, folded (see `foldForPhrase`). */
  phrases: string[];
  /** Unit embedding of the question. */
  vector: Float32Array;
  /**
   * Share of the proper names in the question that the archive mentions at all (1 when it names none).
   * A question about "Tesla" in an archive that never says "Tesla" cannot be answered from it, however
   * close its other words come.
   */
  knownNames: number;
  /** The time the question is about, if it names one. */
  time?: DateRange;
  /** What a "who…"/"when…" question asks for, and the question's own words (a person it names is no answer). */
  answerType?: { type: AnswerType; questionWords: ReadonlySet<string> };
}

/** How a sentence's evidence adds up to its score. */
export interface SentenceWeights {
  semantic: number;
  lexical: number;
  phrase: number;
  time: number;
  /** Bonus for holding the kind of answer asked for (a new person for "who", a date or time for "when"). */
  answerType: number;
  /** How much the passage's own retrieval rank counts towards its quote. */
  retrieval: number;
  /**
   * Bonus for a neighbouring sentence's match of the question's terms: the answer often sits next to the
   * sentence that echoes the question ("The popular show was renewed… *Shōgun* will return…").
   */
  context: number;
}

/**
 * Chosen with `npm run eval` (table "Quote scoring weights"): against 0.5/0.5 without retrieval, these
 * raised XQuAD-en end-to-end recall@1 from 92.4% to 95.0% and seed hit@3 from 95.9% to 98.0%, with
 * seed hit@1 unchanged. Phrase and time are bonuses on top (a sentence can exceed 1); time 0.2 is the
 * smallest that lets a resolved date ("Friday (09/30)") beat a sentence merely sharing the month's name.
 * Answer type 0.15 (table "Answer-type bonus"): seed hit@1 85.7% → 87.8%, XQuAD answer-in-highlight
 * 77.4% → 77.8%, XQuAD recall@1 −0.2 points; larger bonuses cost XQuAD more than they gain on the seeds.
 */
export const DEFAULT_SENTENCE_WEIGHTS: SentenceWeights = {
  semantic: 0.4,
  lexical: 0.6,
  phrase: 0.15,
  time: 0.2,
  answerType: 0.15,
  retrieval: 0.2,
  context: 0,
};

/**
 * The evidence behind a sentence's score, each in 0..1, one per weight; `retrieval` is the quoted
 * passage's fused score relative to the best passage's (the same for all its sentences).
 */
export type SentenceSignals = Record<keyof SentenceWeights, number>;

/** A quote with where it came from, for merging and diversity before it is shown. */
export interface QuoteCandidate {
  quote: Quote;
  articleId: string;
  passageId: number;
  first: number;
  last: number;
  highlight: number;
  signals: SentenceSignals;
}

/** The unit vector of sentence `index` of article `articleId` (embedded when the index was built). */
export interface SentenceVectorLookup {
  of(articleId: string, index: number): Float32Array;
}

/** A highlight this short rarely stands alone: give it a neighbour. */
const SHORT_SENTENCE_CHARS = 80;
/** Openers that point back to the previous sentence ("It contained…", "Responding to this, …"). */
const REFERS_BACK =
  /^["“]?(it|its|they|their|this|these|those|that|he|she|his|her|in it|following this|responding to this|besides|however|furthermore|in addition|after this)\b/i;

/**
 * One quote per passage: its best sentence as `highlight`, widened to at most three consecutive
 * sentences when the neighbours also answer or the sentence leans on the one before. `retrieval`
 * gives each passage's fused score relative to the best (0..1).
 */
export function selectQuotes(
  passages: Passage[],
  retrieval: ReadonlyMap<number, number>,
  articles: ReadonlyMap<string, StoredArticle>,
  question: QuestionProfile,
  sentenceVectors: SentenceVectorLookup,
  weights: SentenceWeights = DEFAULT_SENTENCE_WEIGHTS,
  /** Context sentences quoted on each side of the answering one, as far as `MAX_QUOTE_CHARS` allows. */
  neighbours = 0,
): QuoteCandidate[] {
  const scoring = new SentenceScoring(question);
  // Per article, its scored sentences' own signals by sentence index. Neighbours one sentence beyond each passage are
  // scored too, so a quote may reach past the passage edge.
  const own = new Map<string, Map<number, SentenceSignals>>();
  for (const passage of passages) {
    const article = articleOf(articles, passage);
    let scored = own.get(article.id);
    if (!scored) own.set(article.id, (scored = new Map()));
    const first = Math.max(0, passage.firstSentence - 1);
    const last = Math.min(article.sentences.length - 1, passage.lastSentence + 1);
    for (let index = first; index <= last; index++) {
      if (!scored.has(index)) scored.set(index, scoring.signals(article, index, sentenceVectors.of(article.id, index)));
    }
  }
  const scores = new Map<string, Map<number, { score: number; signals: SentenceSignals }>>();
  for (const [id, scored] of own) {
    const withContext = new Map<number, { score: number; signals: SentenceSignals }>();
    for (const [at, signals] of scored) {
      const context = Math.max(scored.get(at - 1)?.lexical ?? 0, scored.get(at + 1)?.lexical ?? 0);
      const signalsWithContext = { ...signals, context };
      withContext.set(at, { score: combine(signalsWithContext, weights), signals: signalsWithContext });
    }
    scores.set(id, withContext);
  }
  const scoreOf = (article: StoredArticle, index: number): number => scores.get(article.id)?.get(index)?.score ?? 0;

  const quoteAt = (passage: Passage, article: StoredArticle, best: number): QuoteCandidate => {
    const { first, last } = widen(article, best, (index) => scoreOf(article, index), neighbours);
    const sentence = scores.get(article.id)?.get(best)?.signals ?? {
      semantic: 0,
      lexical: 0,
      phrase: 0,
      time: 0,
      answerType: 0,
      retrieval: 0,
      context: 0,
    };
    const signals = { ...sentence, retrieval: retrieval.get(passage.id) ?? 0 };
    return {
      quote: makeQuote(article, first, last, best, round(combine(signals, weights) * question.knownNames)),
      articleId: article.id,
      passageId: passage.id,
      first,
      last,
      highlight: best,
      signals,
    };
  };

  return passages.flatMap((passage) => {
    const article = articleOf(articles, passage);
    const score = (index: number): number => scoreOf(article, index);
    const top = bestSentence(passage.firstSentence, passage.lastSentence, score)!;
    const best = quoteAt(passage, article, top);
    // A long passage can hold a second, separate answer ("issued a warning…" beside "…sending hacking links"):
    // quote it too when it scores nearly as well and does not touch the first quote.
    const second = bestSentence(
      passage.firstSentence,
      passage.lastSentence,
      score,
      (index) => index < best.first - 1 || index > best.last + 1,
    );
    if (second === undefined || score(second) < SECOND_QUOTE_SHARE * score(top)) return [best];
    const other = quoteAt(passage, article, second);
    return other.first > best.last || other.last < best.first ? [best, other] : [best];
  });
}

/** The best-scoring sentence of `first..last` that `allowed` lets through, the earliest of equals; undefined if none is. */
function bestSentence(
  first: number,
  last: number,
  scoreOf: (index: number) => number,
  allowed: (index: number) => boolean = () => true,
): number | undefined {
  let best: number | undefined;
  for (let index = first; index <= last; index++) {
    if (allowed(index) && (best === undefined || scoreOf(index) > scoreOf(best))) best = index;
  }
  return best;
}

/** A passage's second-best separate sentence is quoted too when it scores at least this share of the best. */
const SECOND_QUOTE_SHARE = 0.75;

/**
 * The evidence that a sentence answers one question, with what every sentence's scoring shares worked out once: the
 * question's terms to look for and their total IDF, and per article the sentences that mention a day of the question's time.
 */
export class SentenceScoring {
  private readonly terms: QuestionTerms;
  private readonly totalIdf: number;
  private readonly sentencesInTime = new Map<string, ReadonlySet<number>>();

  constructor(private readonly question: QuestionProfile) {
    this.terms = new QuestionTerms(question.terms);
    this.totalIdf = question.terms.reduce((sum, { idf }) => sum + idf, 0);
  }

  /** The evidence that sentence `index` of `article` (whose vector is `vector`) answers the question. */
  signals(article: StoredArticle, index: number, vector: Float32Array): SentenceSignals {
    const { question } = this;
    const { start, end } = article.sentences[index];
    const text = article.text.slice(start, end);
    const held = this.terms.heldIn(text, 'prefix');
    const matchedIdf = question.terms.filter((_, at) => held[at]).reduce((sum, { idf }) => sum + idf, 0);
    const folded = question.phrases.length === 0 ? '' : foldForPhrase(text);
    const phrase =
      question.phrases.length === 0
        ? 0
        : question.phrases.filter((candidate) => folded.includes(candidate)).length / question.phrases.length;
    let semantic = 0;
    for (let d = 0; d < vector.length; d++) semantic += vector[d] * question.vector[d];
    return {
      semantic: Math.max(0, semantic),
      lexical: this.totalIdf > 0 ? matchedIdf / this.totalIdf : 0,
      phrase,
      time: question.time ? this.timeMatch(article, index, question.time) : 0,
      answerType: question.answerType ? holdsAnswerType(article, index, question.answerType.type, question.answerType.questionWords) : 0,
      retrieval: 0,
      context: 0,
    };
  }

  /** 1 when the sentence mentions a day in `range`, ½ when the article was published in it, else 0. */
  private timeMatch(article: StoredArticle, index: number, range: DateRange): number {
    let inTime = this.sentencesInTime.get(article.id);
    if (!inTime) {
      const mentions = article.entities?.dates ?? [];
      inTime = new Set(mentions.filter((mention) => mention.from <= range.to && mention.to >= range.from).map(({ sentence }) => sentence));
      this.sentencesInTime.set(article.id, inTime);
    }
    if (inTime.has(index)) return 1;
    return article.date >= range.from && article.date <= range.to ? 0.5 : 0;
  }
}

/** A sentence's score: weighted evidence, scaled so a perfect semantic + lexical (+ retrieval) match scores 1. */
export function combine(signals: SentenceSignals, weights: SentenceWeights): number {
  const base = weights.semantic + weights.lexical + weights.retrieval;
  return (
    (weights.semantic * signals.semantic +
      weights.lexical * signals.lexical +
      weights.phrase * signals.phrase +
      weights.time * signals.time +
      weights.answerType * signals.answerType +
      weights.retrieval * signals.retrieval +
      weights.context * signals.context) /
    base
  );
}

/**
 * Grows [best, best] by neighbours that answer too, or that a short or back-referring highlight needs,
 * then by up to `neighbours` context sentences on each side while the quote stays within `MAX_QUOTE_CHARS`.
 */
function widen(
  article: StoredArticle,
  best: number,
  scoreOf: (index: number) => number,
  neighbours: number,
): { first: number; last: number } {
  const count = article.sentences.length;
  const length = (first: number, last: number): number => article.sentences[last].end - article.sentences[first].start;
  const textOf = (index: number): string => sentenceText(article, index);
  let first = best;
  let last = best;
  const bestScore = scoreOf(best);
  if (best > 0 && REFERS_BACK.test(textOf(best)) && length(best - 1, best) <= MAX_QUOTE_CHARS) first = best - 1;
  const short = textOf(best).length < SHORT_SENTENCE_CHARS;
  while (last - first < 2) {
    const before = first > 0 ? scoreOf(first - 1) : -1;
    const after = last + 1 < count ? scoreOf(last + 1) : -1;
    const takeAfter = after >= before;
    const candidate = takeAfter ? after : before;
    if (candidate < 0) break;
    const answersToo = candidate >= 0.75 * bestScore;
    if (!answersToo && !(short && first === last)) break;
    const [nextFirst, nextLast] = takeAfter ? [first, last + 1] : [first - 1, last];
    if (length(nextFirst, nextLast) > MAX_QUOTE_CHARS) break;
    first = nextFirst;
    last = nextLast;
  }
  for (let step = 0; step < neighbours; step++) {
    if (first > best - neighbours && first > 0 && length(first - 1, last) <= MAX_QUOTE_CHARS) first--;
    if (last < best + neighbours && last + 1 < count && length(first, last + 1) <= MAX_QUOTE_CHARS) last++;
  }
  return { first, last };
}

function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}
