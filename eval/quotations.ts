// Quotation extraction and speaker attribution measured on PolNeAR (../shared/corpora/polnear/<split>), beside a naive baseline.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitSentences } from '../src/corpus/sentences.ts';
import { findPeople } from '../src/entities/findPeople.ts';
import type { PersonMention } from '../src/domain/mentions.ts';
import { findQuotations } from '../src/quotations/extract.ts';
import type { Quotation } from '../src/domain/quotation.ts';

interface GoldArticle {
  id: string;
  text: string;
}

interface GoldQuote {
  article: string;
  direct: boolean;
  content: [number, number];
  contentSpans: [number, number][];
  contentText: string;
  source: [number, number][];
  sourceText: string;
  sourcePronoun?: boolean;
}

/** What a system predicts for one quotation: its span(s) and the speaker mention and name it rests on. */
export interface Prediction {
  start: number;
  end: number;
  pieces: { start: number; end: number }[];
  speakerStart?: number;
  speakerEnd?: number;
  speaker: string | null;
  /** What the speaker mention is (a name, a pronoun, a description), when the system says. */
  speakerKind?: string;
  rule?: string;
}

/** Precision and recall of one class of quotations (counts behind them, for reading the figures). */
export interface ClassScore {
  predicted: number;
  predictedRight: number;
  gold: number;
  goldFound: number;
}

export interface QuotationScore {
  predicted: number;
  gold: number;
  precision: number;
  recall: number;
  f1: number;
  /** Over matched gold quotations that have a source span. */
  attributed: number;
  strict: number;
  lenient: number;
  /** Quotations whose span is exactly the gold one (quotation marks and spaces at the ends aside). */
  exact: { precision: number; recall: number; f1: number };
  /** Quotations found with the right speaker (leniently; a gold quotation with no source needs none). */
  withSpeaker: { precision: number; recall: number; f1: number };
  /** Per class of quotation (QUOTATION_CLASSES), on both sides. */
  classes: Map<string, ClassScore>;
  /** Per attribution rule: the quotations it found and how many of them are gold quotations. */
  rules: Map<string, { predicted: number; right: number }>;
  /** Error classes with counts, and a few examples each. */
  errors: Map<string, { count: number; examples: string[] }>;
}

type Range = { start: number; end: number };
const overlap = (a: Range, b: Range) => Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
/** The matching rule of the issue: the spans overlap by at least half of the longer one. */
const matches = (a: Range, b: Range) => overlap(a, b) >= 0.5 * Math.max(a.end - a.start, b.end - b.start);

function readJsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}

export function loadSplit(folder: string): { articles: GoldArticle[]; quotes: GoldQuote[] } {
  if (!existsSync(join(folder, 'articles.jsonl')))
    throw new Error(`${folder}/articles.jsonl not found (PolNeAR lives in ../shared/corpora/polnear)`);
  return {
    articles: readJsonl<GoldArticle>(join(folder, 'articles.jsonl')),
    quotes: readJsonl<GoldQuote>(join(folder, 'quotes.jsonl')).filter((quote) => quote.direct),
  };
}

/** The system under test: the project's extractor. */
export function systemPredictions(article: GoldArticle, people: PersonMention[]): Prediction[] {
  return findQuotations({ text: article.text, people }).map((quotation: Quotation) => ({
    start: quotation.start,
    end: quotation.end,
    pieces: quotation.pieces,
    speakerStart: quotation.speaker.start,
    speakerEnd: quotation.speaker.end,
    speaker: quotation.speaker.name,
    // The mention's kind: a description resolved to a person is still a description speaker.
    speakerKind: quotation.speaker.resolvedBy?.startsWith('description') ? 'description' : quotation.speaker.kind,
    rule: quotation.rule,
  }));
}

const BASELINE_QUOTES = /“[^“”\n]*”|"[^"\n]*"|''(?:(?!'')[^\n])*''/g;
/** The naive baseline of the issue: every double-quoted span, speaker the nearest capitalised name in the sentence. */
export function baselinePredictions(article: GoldArticle): Prediction[] {
  const text = article.text;
  const sentences = splitSentences(text);
  const predictions: Prediction[] = [];
  for (const match of text.replace(/<[^>\n]*>/g, (tag) => ' '.repeat(tag.length)).matchAll(BASELINE_QUOTES)) {
    const start = match.index;
    const end = start + match[0].length;
    const sentence = sentences.find((range) => start >= range.start && start < range.end) ?? { start, end };
    const from = Math.min(sentence.start, start);
    const to = Math.max(sentence.end, end);
    let best: Range | undefined;
    for (const name of text.slice(from, to).matchAll(/\b\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*)*/gu)) {
      const range = { start: from + name.index, end: from + name.index + name[0].length };
      if (range.start === sentence.start || (range.start >= start && range.end <= end)) continue;
      const distance = range.end <= start ? start - range.end : range.start - end;
      const bestDistance = best ? (best.end <= start ? start - best.end : best.start - end) : Infinity;
      if (distance < bestDistance) best = range;
    }
    predictions.push({
      start,
      end,
      pieces: [{ start, end }],
      speakerStart: best?.start,
      speakerEnd: best?.end,
      speaker: best ? text.slice(best.start, best.end) : null,
    });
  }
  return predictions;
}

const TITLES = new Set('mr mrs ms dr sen rep gov president senator secretary the a an former'.split(' '));
/** The last word of a name in a gold source ("Steven Law, a former aide" → "law"); undefined when it holds no capitalised name. */
export function lastName(source: string): string | undefined {
  const head = source.split(',')[0];
  const words = [...head.matchAll(/\p{Lu}[\p{L}'’.-]*/gu)]
    .map((match) =>
      match[0]
        .replace(/['’]s$/, '')
        .replace(/\.$/, '')
        .toLowerCase(),
    )
    .filter((word) => !TITLES.has(word));
  return words.at(-1);
}

function addError(errors: QuotationScore['errors'], kind: string, example: string): void {
  const entry = errors.get(kind) ?? { count: 0, examples: [] };
  entry.count++;
  if (entry.examples.length < 400) entry.examples.push(example);
  errors.set(kind, entry);
}

/** One quotation as the classes see it, gold or predicted: its pieces and, for the speaker classes, the kind of its speaker. */
interface Classed {
  pieces: Range[];
  speakerKind: string | undefined;
}

/**
 * The classes of quotation the issue asks figures for, each a test on the text that applies alike to a gold
 * quotation and to a prediction; `hull` says a match must cover the whole (several pieces joined, not one).
 */
export const QUOTATION_CLASSES: { name: string; test: (text: string, quotation: Classed) => boolean; hull?: boolean; speaker?: boolean }[] =
  [
    { name: 'colon', test: (text, { pieces }) => /:\s*$/.test(text.slice(Math.max(0, pieces[0].start - 4), pieces[0].start)) },
    {
      name: 'single marks',
      test: (text, { pieces }) => {
        const at = pieces[0].start;
        return text[at] === '‘' || (text[at] === "'" && text[at + 1] !== "'" && text[at - 1] !== "'");
      },
    },
    { name: 'continued', test: (_text, { pieces }) => pieces.length > 1, hull: true },
    { name: 'headline', test: (text, { pieces }) => !text.slice(0, pieces[0].start).includes('\n') },
    { name: 'pronoun speaker', test: (_text, { speakerKind }) => speakerKind === 'pronoun', speaker: true },
    { name: 'description speaker', test: (_text, { speakerKind }) => speakerKind === 'description', speaker: true },
  ];

/** The span without quotation marks and spaces at its ends: NYT contents sometimes start at the second apostrophe of `''`. */
function core(text: string, range: Range): Range {
  let { start, end } = range;
  while (start < end && /[\s"“”‘’'`«»„]/.test(text[start])) start++;
  while (end > start && /[\s"“”‘’'`«»„]/.test(text[end - 1])) end--;
  return { start, end };
}

/** Precision over the predictions, recall over the gold quotations (each side counts its own matches: one prediction may cover two gold pieces). */
const figures = (predictionsRight: number, predicted: number, goldFound: number, gold: number) => {
  const precision = predicted ? predictionsRight / predicted : 0;
  const recall = gold ? goldFound / gold : 0;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
};

/** Scores `predict` on the articles of a split. */
export function scoreQuotations(
  articles: GoldArticle[],
  quotes: GoldQuote[],
  predict: (article: GoldArticle) => Prediction[],
): QuotationScore {
  const byArticle = new Map<string, GoldQuote[]>();
  for (const quote of quotes) byArticle.set(quote.article, [...(byArticle.get(quote.article) ?? []), quote]);
  const errors: QuotationScore['errors'] = new Map();
  const classes = new Map<string, ClassScore>(
    QUOTATION_CLASSES.map((entry) => [entry.name, { predicted: 0, predictedRight: 0, gold: 0, goldFound: 0 }]),
  );
  const rules: QuotationScore['rules'] = new Map();
  let predicted = 0,
    correctPredictions = 0,
    found = 0,
    attributed = 0,
    strict = 0,
    lenient = 0,
    exactPredictions = 0,
    exactGold = 0,
    rightSpeakerPredictions = 0,
    rightSpeakerGold = 0;
  for (const article of articles) {
    const { text } = article;
    const gold = byArticle.get(article.id) ?? [];
    const predictions = predict(article);
    const show = (range: Range) => JSON.stringify(text.slice(range.start, range.end).slice(0, 160));
    const context = (range: Range) => JSON.stringify(text.slice(Math.max(0, range.start - 120), range.end + 80));
    const goldHulls = gold.map((quote) => ({ start: quote.content[0], end: quote.content[1] }));
    const goldUnits = gold.map((quote, g) => [goldHulls[g], ...quote.contentSpans.map(([start, end]) => ({ start, end }))]);
    const predictionUnits = (prediction: Prediction) => [{ start: prediction.start, end: prediction.end }, ...prediction.pieces];
    const fits = (prediction: Prediction, g: number) =>
      predictionUnits(prediction).some((unit) => goldUnits[g].some((goldUnit) => matches(unit, goldUnit)));
    const isExact = (prediction: Prediction, g: number) => {
      const [a, b] = [core(text, prediction), core(text, goldHulls[g])];
      return a.start === b.start && a.end === b.end;
    };
    /** Whether the prediction names the gold quotation's speaker: strictly (the same mention) and leniently (also the same last name). */
    const speakerOf = (prediction: Prediction, g: number) => {
      const quote = gold[g];
      if (quote.source.length === 0) return { strict: true, lenient: true, mention: undefined };
      const mention =
        prediction.speakerStart !== undefined && prediction.speakerEnd !== undefined
          ? { start: prediction.speakerStart, end: prediction.speakerEnd }
          : undefined;
      const isStrict = mention !== undefined && quote.source.some(([start, end]) => overlap({ start, end }, mention) > 0);
      const goldName = quote.sourcePronoun ? undefined : lastName(quote.sourceText);
      const isLenient = isStrict || (goldName !== undefined && prediction.speaker !== null && lastName(prediction.speaker) === goldName);
      return { strict: isStrict, lenient: isLenient, mention };
    };
    const goldKind = (quote: GoldQuote) =>
      quote.source.length === 0 ? 'none' : quote.sourcePronoun ? 'pronoun' : lastName(quote.sourceText) ? 'name' : 'description';
    const bestGold = (prediction: Prediction) =>
      gold
        .map((_, g) => g)
        .filter((g) => fits(prediction, g))
        .sort((a, b) => overlap(prediction, goldHulls[b]) - overlap(prediction, goldHulls[a]))[0];
    const bestPrediction = (g: number) =>
      predictions.filter((prediction) => fits(prediction, g)).sort((a, b) => overlap(b, goldHulls[g]) - overlap(a, goldHulls[g]))[0];

    predicted += predictions.length;
    for (const prediction of predictions) {
      const g = bestGold(prediction);
      const rule = rules.get(prediction.rule ?? 'baseline') ?? { predicted: 0, right: 0 };
      rule.predicted++;
      if (g !== undefined) rule.right++;
      rules.set(prediction.rule ?? 'baseline', rule);
      const classed = { pieces: prediction.pieces, speakerKind: prediction.speakerKind };
      for (const entry of QUOTATION_CLASSES) {
        if (!entry.test(text, classed)) continue;
        const score = classes.get(entry.name)!;
        score.predicted++;
        const right =
          g !== undefined &&
          (entry.hull ? matches(prediction, goldHulls[g]) : true) &&
          (entry.speaker ? speakerOf(prediction, g).lenient : true);
        if (right) score.predictedRight++;
      }
      if (g === undefined) {
        addError(errors, `spurious (${prediction.rule ?? 'baseline'})`, `${article.id} ${context(prediction)}`);
        continue;
      }
      correctPredictions++;
      if (gold.some((_, other) => isExact(prediction, other))) exactPredictions++;
      if (speakerOf(prediction, g).lenient) rightSpeakerPredictions++;
    }
    for (const [g, quote] of gold.entries()) {
      const best = bestPrediction(g);
      const classed = { pieces: quote.contentSpans.map(([start, end]) => ({ start, end })), speakerKind: goldKind(quote) };
      for (const entry of QUOTATION_CLASSES) {
        if (!entry.test(text, classed)) continue;
        const score = classes.get(entry.name)!;
        score.gold++;
        const right =
          best !== undefined && (entry.hull ? matches(best, goldHulls[g]) : true) && (entry.speaker ? speakerOf(best, g).lenient : true);
        if (right) score.goldFound++;
      }
      if (!best) {
        addError(errors, 'missed', `${article.id} ${context(goldHulls[g])} SRC=${quote.sourceText}`);
        continue;
      }
      found++;
      if (predictions.some((prediction) => isExact(prediction, g))) exactGold++;
      const verdict = speakerOf(best, g);
      if (verdict.lenient) rightSpeakerGold++;
      if (quote.source.length === 0) continue;
      attributed++;
      if (verdict.strict) strict++;
      if (verdict.lenient) lenient++;
      else
        addError(
          errors,
          `wrong speaker, gold ${goldKind(quote)} (${best.rule ?? 'baseline'})`,
          `${article.id} gold=${JSON.stringify(quote.sourceText)} predicted=${JSON.stringify(best.speaker)}@${verdict.mention ? show(verdict.mention) : '-'} in ${show(goldHulls[g])}`,
        );
    }
  }
  return {
    predicted,
    gold: quotes.length,
    ...figures(correctPredictions, predicted, found, quotes.length),
    attributed,
    strict: attributed ? strict / attributed : 0,
    lenient: attributed ? lenient / attributed : 0,
    exact: figures(exactPredictions, predicted, exactGold, quotes.length),
    withSpeaker: figures(rightSpeakerPredictions, predicted, rightSpeakerGold, quotes.length),
    classes,
    rules,
    errors,
  };
}

/** Scores the extractor and the baseline on one split and prints both (and, with `verbose`, the extractor's error classes). */
export function evaluateQuotationSplit(
  folder: string,
  name: string,
  verbose: boolean,
  log: (line: string) => void,
): { system: QuotationScore; baseline: QuotationScore } {
  const { articles, quotes } = loadSplit(folder);
  const system = scoreQuotations(articles, quotes, (article) =>
    systemPredictions(article, findPeople(article.text, splitSentences(article.text))),
  );
  const baseline = scoreQuotations(articles, quotes, baselinePredictions);
  const f = (value: number) => value.toFixed(3);
  const prf = (score: { precision: number; recall: number; f1: number }) =>
    `P ${f(score.precision)} R ${f(score.recall)} F1 ${f(score.f1)}`;
  for (const [label, score] of [
    ['extractor', system],
    ['baseline ', baseline],
  ] as const) {
    log(
      `quotations ${name} ${label}: quote ${prf(score)} · exact span ${prf(score.exact)} · quote and speaker ${prf(score.withSpeaker)} ` +
        `(${score.predicted} predicted, ${score.gold} gold) · speaker strict ${f(score.strict)} lenient ${f(score.lenient)} (over ${score.attributed} matched with a source)`,
    );
  }
  const ratio = (right: number, of: number) => (of ? f(right / of) : '  -  ');
  for (const [className, score] of system.classes) {
    const naive = baseline.classes.get(className)!;
    log(
      `  ${name} class ${className.padEnd(19)} extractor P ${ratio(score.predictedRight, score.predicted)} (${score.predicted}) R ${ratio(score.goldFound, score.gold)} (${score.gold} gold)` +
        ` · baseline P ${ratio(naive.predictedRight, naive.predicted)} R ${ratio(naive.goldFound, naive.gold)}`,
    );
  }
  const rules = [...system.rules.entries()].sort((a, b) => b[1].predicted - a[1].predicted);
  log(
    `  ${name} rules (quotations, precision): ${rules.map(([rule, { predicted, right }]) => `${rule} ${predicted} ${ratio(right, predicted)}`).join(' · ')}`,
  );
  const classes = [...system.errors.entries()].sort((a, b) => b[1].count - a[1].count);
  log(`  extractor errors: ${classes.map(([kind, { count }]) => `${kind} ${count}`).join(' · ')}`);
  if (verbose) {
    for (const [kind, { count, examples }] of classes) {
      log(`== ${kind}: ${count}`);
      for (const example of examples) log(`   ${example}`);
    }
  }
  return { system, baseline };
}

/** `npm run eval -- --set quotations [--split dev,train] [--verbose]`: prints each split's figures; skips with a reason when PolNeAR is absent. */
export function runQuotationEval(polnear: string, splits: string[], verbose: boolean, log: (line: string) => void): void {
  for (const split of splits) {
    const folder = join(polnear, split);
    if (!existsSync(join(folder, 'articles.jsonl'))) {
      log(`(quotations ${split} skipped: ${folder}/articles.jsonl not found)`);
      continue;
    }
    evaluateQuotationSplit(folder, split, verbose, log);
  }
}
