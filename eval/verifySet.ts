// The quotation-checking set (issue 21): cases drawn reproducibly (a seeded generator) from an archive's own
// sentences and quotations, plus sentences from outside it, each with the verdict a careful reader would give.
import type { StoredArticle } from '../src/domain/article.ts';
import { mulberry32 } from './random.ts';
import type { Verdict } from '../src/domain/verification.ts';
import type { PersonDirectory } from '../src/entities/people.ts';

/** How a case was made from the archive (or from outside it). */
export type CaseKind =
  | 'exact'
  | 'exact-speaker'
  | 'repunctuated'
  | 'ellipsis'
  | 'trimmed'
  | 'words-changed'
  | 'wrong-speaker'
  | 'absent-near-topic'
  | 'absent-off-topic';

export interface VerifyCase {
  corpus: string;
  kind: CaseKind;
  quote: string;
  speaker?: string;
  expected: Verdict;
  /** The article the case was drawn from (none for absent ones). */
  article?: string;
}

/** Cases of each kind per corpus. */
export type CaseCounts = Partial<Record<CaseKind, number>>;

const EXPECTED: Record<CaseKind, Verdict> = {
  exact: 'verbatim',
  'exact-speaker': 'verbatim',
  repunctuated: 'verbatim',
  ellipsis: 'verbatim',
  trimmed: 'partial',
  'words-changed': 'differences',
  'wrong-speaker': 'misattributed',
  'absent-near-topic': 'absent',
  'absent-off-topic': 'absent',
};

/** Replacement words for changed cases: plain and common enough to be plausible in any news story. */
const SUBSTITUTES = 'major several important recent former strong senior public early local private national serious clear'.split(' ');
/** Marks that make a sentence something other than plain running text (quoted speech, lists, headlines). */
const NOT_PLAIN = /["“”«»‘’]|^\W|\s{2,}|[|<>]/;
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;

const wordCount = (text: string) => [...text.matchAll(WORD)].length;
/** Words with a letter: a line of figures ("Net loss 4,898,000 vs profit 1,384,000") is not a quotation anyone checks. */
const letterWords = (text: string) => [...text.matchAll(WORD)].filter((match) => /\p{L}/u.test(match[0])).length;
const normalised = (text: string) => [...text.matchAll(WORD)].map((match) => match[0].toLowerCase().replace(/’/g, "'"));

/** A 32-bit FNV-1a hash: a run of words kept as a number, so a whole newswire's runs fit in memory. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let at = 0; at < text.length; at++) value = Math.imul(value ^ text.charCodeAt(at), 0x01000193);
  return value >>> 0;
}

/** Every run of five words of the archive (hashed): what an "absent" case must share none of. */
export function archiveShingles(texts: Iterable<string>, size = 5): Set<number> {
  const shingles = new Set<number>();
  for (const text of texts) {
    const words = normalised(text);
    for (let at = 0; at + size <= words.length; at++) shingles.add(hash(words.slice(at, at + size).join(' ')));
  }
  return shingles;
}

function sharesShingle(text: string, shingles: Set<number>, size = 5): boolean {
  const words = normalised(text);
  for (let at = 0; at + size <= words.length; at++) if (shingles.has(hash(words.slice(at, at + size).join(' ')))) return true;
  return false;
}

interface Source {
  article: StoredArticle;
  text: string;
}

/** Plain sentences (no quotation marks) of 12–40 words on one line. */
function plainSentences(articles: StoredArticle[]): Source[] {
  return articles.flatMap((article) =>
    article.sentences
      .map((sentence) => article.text.slice(sentence.start, sentence.end).trim())
      .filter((text) => !text.includes('\n') && !NOT_PLAIN.test(text) && letterWords(text) >= 12 && wordCount(text) <= 40)
      .map((text) => ({ article, text })),
  );
}

/** Quotations the archive attributes to a named person, their first piece's words without the marks, 6–40 words. */
function namedQuotations(articles: StoredArticle[], directory: PersonDirectory): (Source & { speaker: string })[] {
  return articles.flatMap((article) =>
    (article.entities.quotations ?? []).flatMap((quotation) => {
      if (quotation.speaker.kind !== 'name' || !quotation.speaker.name) return [];
      const resolution = directory.resolve(quotation.speaker.name);
      if (resolution.kind !== 'found') return [];
      const piece = quotation.pieces[0];
      const text = article.text
        .slice(piece.start, piece.end)
        .replace(/^\W+|[\s"”’'»]+$/gu, '')
        .replace(/,$/, '.');
      const words = wordCount(text);
      return words >= 6 && words <= 40 && !text.includes('\n') ? [{ article, text, speaker: resolution.person.name }] : [];
    }),
  );
}

function pick<T>(items: T[], count: number, random: () => number): T[] {
  const pool = [...items];
  const chosen: T[] = [];
  while (chosen.length < count && pool.length > 0) chosen.push(pool.splice(Math.floor(random() * pool.length), 1)[0]);
  return chosen;
}

/** Punctuation and case changed, words kept: curly quotes around it, commas dropped, the case of the first word flipped. */
function repunctuate(text: string, random: () => number): string {
  const body = text.replace(/(?<!\d)[,;:]|[,;:](?!\d)/g, random() < 0.5 ? '' : ' -').replace(/[.!?]+$/, '');
  const flipped = random() < 0.5 ? body.toLowerCase() : body.toUpperCase();
  return random() < 0.5 ? `“${flipped}”` : `"${flipped}..."`.replace('..."', '!"');
}

/** Three or more words from the middle left out and marked with an ellipsis. */
function withEllipsis(text: string, random: () => number): string {
  const words = [...text.matchAll(WORD)];
  const from = 3 + Math.floor(random() * (words.length - 9));
  const to = from + 3;
  return `${text.slice(0, words[from].index)}… ${text.slice(words[to].index)}`;
}

/** Two to four words cut from the start, the end, or both. */
function trim(text: string, random: () => number): string {
  const words = [...text.matchAll(WORD)];
  const side = random();
  const cut = 2 + Math.floor(random() * 3);
  const start = side < 0.67 ? words[cut].index : 0;
  const endWord = side >= 0.33 ? words[words.length - 1 - cut] : undefined;
  return text.slice(start, endWord ? endWord.index + endWord[0].length : text.length);
}

/** One to three words inside the sentence replaced, dropped or added (never the first or last two). */
function changeWords(text: string, random: () => number): string {
  const words = [...text.matchAll(WORD)];
  const changes = 1 + Math.floor(random() * 3);
  const positions = pick(
    words.slice(2, -2).map((_, at) => at + 2),
    changes,
    random,
  ).sort((a, b) => b - a);
  let changed = text;
  for (const at of positions) {
    const word = words[at];
    const way = random();
    const replacement = way < 0.6 ? SUBSTITUTES[Math.floor(random() * SUBSTITUTES.length)] : way < 0.8 ? '' : `${word[0]} very`;
    if (replacement.toLowerCase() === word[0].toLowerCase()) continue;
    changed = `${changed.slice(0, word.index)}${replacement}${changed.slice(word.index + word[0].length)}`.replace(/ {2}/g, ' ');
  }
  return changed;
}

export interface CorpusForCases {
  name: string;
  /** The articles cases are drawn from (analysed: sentences and quotations). */
  articles: StoredArticle[];
  /** Runs of five words of the whole archive checked against (see archiveShingles). */
  shingles: Set<number>;
  directory: PersonDirectory;
  /** Sentences on the archive's topics that it does not hold (held-out articles of the same kind). */
  nearTopic: string[];
  /** Sentences on other topics. */
  offTopic: string[];
  counts: CaseCounts;
  seed: number;
}

/** The cases for one corpus, reproducibly. Absent ones share no run of five words with the archive. */
export function verifyCases(corpus: CorpusForCases): VerifyCase[] {
  const random = mulberry32(corpus.seed);
  const count = (kind: CaseKind) => corpus.counts[kind] ?? 0;
  const cases: VerifyCase[] = [];
  const add = (kind: CaseKind, quote: string, article?: StoredArticle, speaker?: string) =>
    cases.push({
      corpus: corpus.name,
      kind,
      quote,
      expected: EXPECTED[kind],
      ...(article ? { article: article.id } : {}),
      ...(speaker ? { speaker } : {}),
    });
  const sentences = plainSentences(corpus.articles);
  for (const { article, text } of pick(sentences, count('exact'), random)) add('exact', text, article);
  for (const { article, text } of pick(sentences, count('repunctuated'), random)) add('repunctuated', repunctuate(text, random), article);
  for (const { article, text } of pick(sentences, count('ellipsis'), random)) add('ellipsis', withEllipsis(text, random), article);
  for (const { article, text } of pick(sentences, count('trimmed'), random)) add('trimmed', trim(text, random), article);
  for (const { article, text } of pick(sentences, count('words-changed'), random)) add('words-changed', changeWords(text, random), article);
  const quotations = namedQuotations(corpus.articles, corpus.directory);
  for (const { article, text, speaker } of pick(quotations, count('exact-speaker'), random)) add('exact-speaker', text, article, speaker);
  const people = corpus.directory.people.map((person) => person.name);
  for (const { article, text, speaker } of pick(quotations, count('wrong-speaker'), random)) {
    const credited = new Set(quotations.filter((quotation) => quotation.text === text).map((quotation) => quotation.speaker));
    const others = people.filter((name) => !credited.has(name) && !name.split(' ').some((part) => speaker.split(' ').includes(part)));
    if (others.length > 0) add('wrong-speaker', text, article, others[Math.floor(random() * others.length)]);
  }
  const outside = (texts: string[]) =>
    texts.filter(
      (text) => !text.includes('\n') && letterWords(text) >= 8 && wordCount(text) <= 40 && !sharesShingle(text, corpus.shingles),
    );
  for (const text of pick(outside(corpus.nearTopic), count('absent-near-topic'), random)) add('absent-near-topic', text);
  for (const text of pick(outside(corpus.offTopic), count('absent-off-topic'), random)) add('absent-off-topic', text);
  return cases;
}
