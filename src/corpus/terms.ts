// Turns text into search terms (shared by the lexical index and sentence scoring) and finds exact phrases in a question.

/** Words that carry no topic in a question or an article; dropped from both. */
const STOPWORDS = new Set(
  (
    'a about after again against all also am an and any are as at be been before being between both but by can could ' +
    'did do does doing during each either for from further had has have having he her here hers him his how i if in ' +
    'into is it its itself just me more most my no nor not now of off on once only or other our ours out over own ' +
    'same she should so some such than that the their theirs them then there these they this those through to too ' +
    'under until up very was we were what when where which while who whom whose why will with would you your yours ' +
    'tell told say said says happen happened happens'
  ).split(' '),
);

/** Times ("9:30"), numeric dates ("09/30", "2022-09-30") and words, with inner apostrophes and dots ("U.S."). */
const TOKEN = /\d{1,2}:\d{2}|\d{1,4}(?:[/-]\d{1,2}){1,2}|[\p{L}\p{N}]+(?:['’.][\p{L}\p{N}]+)*/gu;

/** Splits text into raw tokens (before normalisation); hyphenated words come apart ("then-premier"). */
export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/**
 * A token's search term: lower-cased, possessive and plural endings removed, lightly stemmed;
 * null for stopwords. A light suffix stripper rather than Porter: it only has to make "leaked",
 * "leaks" and "leak" meet, and it leaves names alone (they are rarely inflected).
 */
export function normalizeTerm(token: string): string | null {
  let term = normalized.get(token);
  if (term === undefined) {
    term = computeTerm(token);
    // Indexing a large archive normalises the same few hundred thousand word forms millions of times.
    if (normalized.size >= NORMALIZED_CACHE_LIMIT) normalized.clear();
    normalized.set(token, term);
  }
  return term;
}

const NORMALIZED_CACHE_LIMIT = 500_000;
const normalized = new Map<string, string | null>();

function computeTerm(token: string): string | null {
  let term = token
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/['’]s$/, '')
    .replace(/[.'’]/g, '');
  if (!term || STOPWORDS.has(term)) return null;
  if (/\d/.test(term)) return term;
  term = stem(term);
  return term.length > 0 ? term : null;
}

function stem(word: string): string {
  let stemmed = word;
  if (stemmed.length > 4 && stemmed.endsWith('ies')) stemmed = stemmed.slice(0, -3) + 'y';
  else if (stemmed.length > 4 && stemmed.endsWith('sses')) stemmed = stemmed.slice(0, -2);
  else if (stemmed.length > 3 && stemmed.endsWith('s') && !/(ss|us|is)$/.test(stemmed)) stemmed = stemmed.slice(0, -1);
  if (stemmed.length > 5 && stemmed.endsWith('ing')) stemmed = stemmed.slice(0, -3);
  else if (stemmed.length > 4 && stemmed.endsWith('ed')) stemmed = stemmed.slice(0, -2);
  if (stemmed.length > 4 && stemmed.endsWith('e')) stemmed = stemmed.slice(0, -1);
  // "stepped" → "stepp" → "step"
  if (stemmed.length > 3 && /([b-df-hj-km-np-tv-z])\1$/.test(stemmed) && !/(ll|ss|zz)$/.test(stemmed)) {
    stemmed = stemmed.slice(0, -1);
  }
  return stemmed;
}

/** The distinct search terms of `text`, in order of first appearance. */
export function termsOf(text: string): string[] {
  const terms = new Set<string>();
  for (const token of tokenize(text)) {
    const term = normalizeTerm(token);
    if (term) terms.add(term);
  }
  return [...terms];
}

/** Question words that may open a question capitalised without being part of a name. */
const QUESTION_OPENERS =
  /^(who|what|when|where|why|how|which|whose|whom|did|does|do|is|are|was|were|can|could|will|would|should|has|have|had|tell|show|find|list|give)$/i;

/**
 * Phrases that must match verbatim to count: quoted text, times of day ("9:30 am"), numeric dates
 * ("09/30"), and runs of two or more capitalised words (names such as "Rana Sanaullah").
 */
export function extractPhrases(question: string): string[] {
  const phrases = new Set<string>();
  for (const match of question.matchAll(/["“]([^"”]{2,})["”]/g)) phrases.add(match[1].trim());
  for (const match of question.matchAll(/\b\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?/gi)) phrases.add(match[0]);
  for (const match of question.matchAll(/\b\d{1,2}\/\d{1,2}(?:\/\d{2,4})?\b/g)) phrases.add(match[0]);
  const words = question.match(/[\p{L}][\p{L}'’.-]*/gu) ?? [];
  let run: string[] = [];
  const flush = (): void => {
    if (run.length >= 2) phrases.add(run.join(' '));
    run = [];
  };
  for (const [position, word] of words.entries()) {
    const capitalised = /^\p{Lu}/u.test(word);
    const opener = position === 0 && QUESTION_OPENERS.test(word);
    if (capitalised && !opener) run.push(word.replace(/['’]s$/, ''));
    else flush();
  }
  flush();
  return [...phrases];
}

/**
 * The proper names a question asks about, one word each: capitalised words ("Tesla", "IMF", "Sanaullah")
 * other than a capitalised question opener and stopwords. Lower-case questions name nothing here.
 */
export function namesIn(question: string): string[] {
  const words = question.match(/[\p{L}][\p{L}'’.]*/gu) ?? [];
  const names: string[] = [];
  for (const [position, word] of words.entries()) {
    if (!/^\p{Lu}/u.test(word) || (position === 0 && QUESTION_OPENERS.test(word))) continue;
    const term = normalizeTerm(word);
    if (term && !names.includes(word.replace(/['’]s$/, ''))) names.push(word.replace(/['’]s$/, ''));
  }
  return names;
}

const CALENDAR_WORDS = new Set(
  (
    'january february march april may june july august september october november december ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday ' +
    'today yesterday tomorrow week month year last next ago'
  ).split(' '),
);

/** Whether a search term only says when (a month, weekday, day number or year), not what. */
export function isCalendarTerm(term: string): boolean {
  return /^\d{1,4}$/.test(term) || CALENDAR_WORDS.has(term) || CALENDAR_WORDS.has(term + 's');
}

/** Lower-cased text with runs of whitespace collapsed and curly apostrophes straightened, for phrase matching. */
export function foldForPhrase(text: string): string {
  return text.toLowerCase().replace(/[’‘]/g, "'").replace(/\s+/g, ' ');
}
