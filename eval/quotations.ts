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
  rule?: string;
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
  if (entry.examples.length < 40) entry.examples.push(example);
  errors.set(kind, entry);
}

/** Scores `predict` on the articles of a split. */
export function scoreQuotations(
  articles: GoldArticle[],
  quotes: GoldQuote[],
  predict: (article: GoldArticle) => Prediction[],
): QuotationScore {
  const byArticle = new Map<string, GoldQuote[]>();
  for (const quote of quotes) byArticle.set(quote.article, [...(byArticle.get(quote.article) ?? []), quote]);
  const errors: QuotationScore['errors'] = new Map();
  let predicted = 0,
    correctPredictions = 0,
    found = 0,
    attributed = 0,
    strict = 0,
    lenient = 0;
  for (const article of articles) {
    const gold = byArticle.get(article.id) ?? [];
    const predictions = predict(article);
    const show = (range: Range) => JSON.stringify(article.text.slice(range.start, range.end).slice(0, 160));
    const context = (range: Range) => JSON.stringify(article.text.slice(Math.max(0, range.start - 120), range.end + 80));
    const goldUnits = gold.map((quote) => [
      { start: quote.content[0], end: quote.content[1] },
      ...quote.contentSpans.map(([start, end]) => ({ start, end })),
    ]);
    const predictionUnits = (prediction: Prediction) => [{ start: prediction.start, end: prediction.end }, ...prediction.pieces];
    const fits = (prediction: Prediction, g: number) =>
      predictionUnits(prediction).some((unit) => goldUnits[g].some((goldUnit) => matches(unit, goldUnit)));
    predicted += predictions.length;
    for (const prediction of predictions) {
      if (gold.some((_, g) => fits(prediction, g))) correctPredictions++;
      else addError(errors, `spurious (${prediction.rule ?? 'baseline'})`, `${article.id} ${context(prediction)}`);
    }
    for (const [g, quote] of gold.entries()) {
      const candidates = predictions.filter((prediction) => fits(prediction, g));
      if (candidates.length === 0) {
        addError(errors, 'missed', `${article.id} ${context({ start: quote.content[0], end: quote.content[1] })} SRC=${quote.sourceText}`);
        continue;
      }
      found++;
      if (quote.source.length === 0) continue;
      attributed++;
      const sources = quote.source.map(([start, end]) => ({ start, end }));
      const best = candidates.sort((a, b) => overlap(b, goldUnits[g][0]) - overlap(a, goldUnits[g][0]))[0];
      const mention =
        best.speakerStart !== undefined && best.speakerEnd !== undefined ? { start: best.speakerStart, end: best.speakerEnd } : undefined;
      const isStrict = mention !== undefined && sources.some((source) => overlap(source, mention) > 0);
      const goldName = quote.sourcePronoun ? undefined : lastName(quote.sourceText);
      const isLenient = isStrict || (goldName !== undefined && best.speaker !== null && lastName(best.speaker) === goldName);
      if (isStrict) strict++;
      if (isLenient) lenient++;
      if (!isLenient) {
        const kind = quote.sourcePronoun ? 'pronoun' : goldName ? 'name' : 'description';
        addError(
          errors,
          `wrong speaker, gold ${kind} (${best.rule ?? 'baseline'})`,
          `${article.id} gold=${JSON.stringify(quote.sourceText)} predicted=${JSON.stringify(best.speaker)}@${mention ? show(mention) : '-'} in ${show(goldUnits[g][0])}`,
        );
      }
    }
  }
  const precision = predicted ? correctPredictions / predicted : 0;
  const recall = quotes.length ? found / quotes.length : 0;
  return {
    predicted,
    gold: quotes.length,
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    attributed,
    strict: attributed ? strict / attributed : 0,
    lenient: attributed ? lenient / attributed : 0,
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
  for (const [label, score] of [
    ['extractor', system],
    ['baseline ', baseline],
  ] as const) {
    log(
      `quotations ${name} ${label}: P ${f(score.precision)} R ${f(score.recall)} F1 ${f(score.f1)} (${score.predicted} predicted, ${score.gold} gold) · ` +
        `speaker strict ${f(score.strict)} lenient ${f(score.lenient)} (over ${score.attributed} matched with a source)`,
    );
  }
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
