// Tags words for the name finder from compromise's word lists and the few of its tagging rules a name can turn on, without running its tagger.
import nlp from 'compromise';

/** A word of a sentence as compromise's tokeniser splits it; `tags` are filled in here. */
export interface TaggedWord {
  text: string;
  pre: string;
  post: string;
  /** Lower-cased, accents and punctuation removed ("U.S." → "us"). */
  normal: string;
  tags: Set<string>;
  /** The word as the lexicon keys it (`keyOf`), once looked up. */
  key?: string;
}

type Lexicon = Record<string, string | string[]>;
interface Clues {
  beforeTags?: Record<string, string>;
  afterTags?: Record<string, string>;
  beforeWords?: Record<string, string>;
  afterWords?: Record<string, string>;
}
const model = nlp.model() as {
  one: {
    lexicon: Lexicon;
    _multiCache: Record<string, number>;
    frozenLex: Lexicon;
    tagSet: Record<string, { parents: string[]; not?: string[] }>;
  };
  two: {
    suffixPatterns: (Record<string, string | string[]> | null)[];
    regexText: [RegExp, string | string[]][];
    regexNormal: [RegExp, string | string[]][];
    endsWith: Record<string, [RegExp, string | string[]][]>;
    switches: Record<string, string>;
    clues: Record<string, Clues>;
    orgWords: Record<string, boolean>;
    placeWords: Record<string, boolean>;
  };
};
const { lexicon, _multiCache: longestPhraseFrom, frozenLex: frozenPhrases, tagSet } = model.one;
const { switches, clues, orgWords, placeWords, suffixPatterns, regexText, regexNormal, endsWith } = model.two;

/** Tags `word` with `tag`, the tags it implies ("LastName" is a Person, a ProperNoun, a Noun), and none it rules out. */
function addTag(word: TaggedWord, tag: string): void {
  if (word.tags.has(tag)) return;
  const rulesOut = conflicts(tag);
  for (const other of word.tags) if (rulesOut.has(other)) word.tags.delete(other);
  for (const parent of tagSet[tag]?.parents ?? []) word.tags.add(parent);
  word.tags.add(tag);
}

const conflictsOf = new Map<string, Set<string>>();
/** The tags `tag` rules out ("Place" rules out "Person"). */
function conflicts(tag: string): Set<string> {
  let rulesOut = conflictsOf.get(tag);
  if (!rulesOut) conflictsOf.set(tag, (rulesOut = new Set(tagSet[tag]?.not ?? [])));
  return rulesOut;
}

const addTags = (word: TaggedWord, tags: string | string[]) => {
  for (const tag of typeof tags === 'string' ? [tags] : tags) addTag(word, tag);
};

/** The word as the lexicon keys it: "smith's" → "smith", "O'Brien" → "obrien". */
const keyOf = (word: TaggedWord): string => (word.key ??= lexiconKey(word));

function lexiconKey(word: TaggedWord): string {
  // "I'm", "we've": the word before the contraction.
  if (!/['’/-]/.test(word.normal)) return word.normal;
  const key = word.normal.replace(/['’](s|m|ve|d|ll|re)$/, '');
  if (Object.hasOwn(lexicon, key)) return key;
  const joined = key.replace(/['’-]/g, '');
  // "Dutch/Shell" is looked up as its first part the lexicon knows.
  return Object.hasOwn(lexicon, joined) ? joined : (key.split('/').find((part) => Object.hasOwn(lexicon, part)) ?? key);
}

const TITLE_CASE = /^\p{Lu}[\p{Ll}'’]/u;
/** Tags a capital letter does not make a proper noun of ("Monday", "Oh"). */
const NOT_PROPER = ['Date', 'Month', 'WeekDay', 'Unit', 'Expression'];
const ONE_LETTER_ACRONYM = /^[A-Z]('s|,)?$/;
const UPPER_CASE = /^[A-Z-]+$/;
const CAPITAL = /^\p{Lu}/u;
const DOTTED = /^(\p{L}\.)+\p{L}?\.?$/u;

/**
 * Tags every word of `sentence` (a sentence as compromise splits it) with what its lexicon and the rules below say,
 * as its tagger would for the tags findPeople reads: people's names, proper nouns, honorifics, nationalities, places
 * and organisations, and the function words that are never a name.
 */
export function tagSentence(sentence: TaggedWord[]): void {
  // By the word's place in the sentence: whether a lexicon phrase holds it, and whether that phrase is frozen.
  const frozen = new Uint8Array(sentence.length);
  const inPhrase = new Uint8Array(sentence.length);
  for (let i = 0; i < sentence.length; i++) {
    if (inPhrase[i]) continue;
    const phrase = phraseAt(sentence, i);
    if (!phrase) continue;
    for (let k = i; k < i + phrase.length; k++) {
      addTags(sentence[k], phrase.tags);
      inPhrase[k] = 1;
      if (phrase.frozen) frozen[k] = 1;
    }
  }
  for (let i = 0; i < sentence.length; i++) {
    const word = sentence[i];
    if (!inPhrase[i]) tagAlone(word, i > 0);
    else if (!frozen[i]) {
      if (i > 0) titleCase(word);
      byLetters(word);
      guessForm(word);
    } else guessForm(word);
  }
  // As compromise, the rules below see a clause at a time: "Nakasone, ministry officials said" is not one organisation.
  // A clause without a capital holds no name, and what they would tag there is read by no rule of findPeople.
  for (const { start, words: clause } of clauses(sentence).filter(named)) {
    for (const word of clause) acronym(word);
    for (let i = 0; i < clause.length; i++) if (!frozen[start + i]) personOrNot(clause, i);
    for (let i = 0; i < clause.length; i++) {
      if (frozen[start + i]) continue;
      organisation(clause, i);
      place(clause, i);
    }
  }
  // Split again: the tags just set decide where a clause ends, as compromise's post-tagger splits its own.
  for (const { words: clause } of clauses(sentence).filter(named)) applyNameRules(clause);
}

const named = ({ words }: Clause) => words.some((word) => startsWithCapital(word.text));

/** CAPITAL's test, without the regular expression for a word starting with an ASCII character (most of them). */
function startsWithCapital(text: string): boolean {
  const code = text.charCodeAt(0);
  return code < 128 ? code >= 65 && code <= 90 : CAPITAL.test(text);
}

/**
 * What a word's own letters and place say of it, by the word: most words recur, and a lookup is cheaper than the rules.
 * Plain words inside a sentence (most of them) by their text alone; the rest by their circumstances, then their text.
 */
const taggedPlainInside = new Map<string, string[]>();
const taggedInCircumstances = new Map<string, string[]>();
const MAX_WORDS_REMEMBERED = 200_000;

/**
 * Tags `word` (outside any lexicon phrase) as the lexicon, its capital (`inside` a sentence), its letters and its form
 * say: all that depends only on the word, whether it is inside the sentence, a quote mark before it and an apostrophe after.
 */
function tagAlone(word: TaggedWord, inside: boolean): void {
  const plain = word.pre === '' && (word.post === ' ' || word.post === '');
  const apostropheAfter = !plain && APOSTROPHE.test(word.post) && !APOSTROPHE.test(word.pre) ? word.post.trim() : '';
  const quoted = !plain && /["']$/.test(word.pre);
  // The circumstances' key ends where its stated length says, so no word's text (an article's, untrusted) can reach into it.
  const [remembered, memo] =
    inside && plain
      ? [taggedPlainInside, word.text]
      : [taggedInCircumstances, `${inside ? 1 : 0}${quoted ? 1 : 0}${apostropheAfter.length}:${apostropheAfter}${word.text}`];
  const known = remembered.get(memo);
  if (known) {
    for (const tag of known) word.tags.add(tag);
    return;
  }
  const key = keyOf(word);
  // "U.S." is not "us": an abbreviation written with full stops is left to the acronym rule.
  if (Object.hasOwn(lexicon, key) && !DOTTED.test(word.text)) addTags(word, lexicon[key]);
  if (/['’]s$/.test(word.normal)) addTag(word, 'Possessive');
  if (inside) titleCase(word);
  byLetters(word);
  guessForm(word);
  if (remembered.size >= MAX_WORDS_REMEMBERED) remembered.clear();
  remembered.set(memo, [...word.tags]);
}

const MAYBE_DATES = new Set(['may', 'april', 'august', 'jan']);

/** A clause of a sentence: its words and where the first is in the sentence. */
interface Clause {
  start: number;
  words: TaggedWord[];
}

/** `sentence` cut after each comma, colon or semicolon, except inside a list of places, dates, adjectives or small numbers. */
function clauses(sentence: TaggedWord[]): Clause[] {
  const cut: Clause[] = [];
  let start = 0;
  for (let i = 0; i < sentence.length; i++) {
    if (/[,:;]/.test(sentence[i].post) && startsClause(sentence, i + 1)) {
      cut.push({ start, words: sentence.slice(start, i + 1) });
      start = i + 1;
    }
  }
  if (start < sentence.length) cut.push({ start, words: sentence.slice(start) });
  return cut;
}

function startsClause(sentence: TaggedWord[], i: number): boolean {
  const word = sentence[i];
  if (!word || word.normal === 'like' || MAYBE_DATES.has(word.normal) || word.tags.has('Place') || word.tags.has('Date')) return false;
  const previous = sentence[i - 1];
  if (previous && (previous.tags.has('Date') || MAYBE_DATES.has(previous.normal))) return false;
  if (previous && (previous.tags.has('Adjective') || word.tags.has('Adjective'))) return false;
  return !(/^\d+$/.test(word.normal) && [1, 2, 4].includes(word.normal.length));
}

/**
 * For each first word of a phrase of the lexicon, the words that follow it in one: most words that start a phrase
 * ("the", "of", "in") are not followed by one, which this tells without building the phrases to look up.
 */
const secondWordsAfter = new Map<string, Set<string>>();
for (const phrase of [...Object.keys(lexicon), ...Object.keys(frozenPhrases)]) {
  const [first, second] = phrase.split(' ');
  if (second === undefined) continue;
  let seconds = secondWordsAfter.get(first);
  if (!seconds) secondWordsAfter.set(first, (seconds = new Set()));
  seconds.add(second);
}

/** The longest phrase of the lexicon starting at word `i` ("new york", "hong kong"), if any. */
function phraseAt(sentence: TaggedWord[], i: number): { length: number; tags: string | string[]; frozen: boolean } | undefined {
  const first = keyOf(sentence[i]);
  const longest = longestPhraseFrom[first];
  if (longest === undefined || i + 1 >= sentence.length) return undefined;
  // Words keyed with a space ("a / b") split otherwise: for them, the phrases are built and looked up.
  const second = keyOf(sentence[i + 1]);
  if (!first.includes(' ') && !second.includes(' ') && !secondWordsAfter.get(first)?.has(second)) return undefined;
  for (let end = Math.min(i + longest, sentence.length); end - i >= 2; end--) {
    const phrase = sentence.slice(i, end).map(keyOf).join(' ');
    if (Object.hasOwn(frozenPhrases, phrase)) return { length: end - i, tags: frozenPhrases[phrase], frozen: true };
    if (Object.hasOwn(lexicon, phrase)) return { length: end - i, tags: lexicon[phrase], frozen: false };
  }
  return undefined;
}

/**
 * A word nothing has tagged yet, tagged by its ending ("Rostenkowski", "Melnikov": family names) and any word by its
 * spelling ("O'Reilly", "MacDonald": family names), as compromise's tagger guesses.
 */
function byLetters(word: TaggedWord): void {
  if (word.tags.size === 0) {
    const tag = bySuffix(word.normal);
    if (tag) addTags(word, tag);
  }
  const text = APOSTROPHE.test(word.post) && !APOSTROPHE.test(word.pre) ? word.text + word.post.trim() : word.text;
  const spelled = regexText.find(([pattern]) => pattern.test(text)) ?? regexNormal.find(([pattern]) => pattern.test(word.normal));
  if (spelled) addTags(word, spelled[1]);
  else if (word.tags.size === 0) {
    const ending = (endsWith[word.normal.slice(-1)] ?? []).find(([pattern]) => pattern.test(word.normal));
    if (ending) addTags(word, ending[1]);
  }
}

const APOSTROPHE = /['‘’‛‵′`´]/;

function bySuffix(word: string): string | string[] | undefined {
  for (let length = Math.min(7, word.length - 1); length > 1; length--) {
    const suffix = word.slice(word.length - length);
    const patterns = suffixPatterns[length];
    if (patterns && Object.hasOwn(patterns, suffix)) return patterns[suffix];
  }
  return undefined;
}

/** A capitalised word inside a sentence is a proper noun, and loses any tag but a noun's: "In" of "Sunrise In Paris". */
function titleCase(word: TaggedWord): void {
  if (!TITLE_CASE.test(word.text) || /\d/.test(word.text)) return;
  if (NOT_PROPER.some((tag) => word.tags.has(tag)) || /["']$/.test(word.pre) || word.normal === 'the') return;
  if (!word.tags.has('Noun')) word.tags.clear();
  addTag(word, 'ProperNoun');
}

/** Tags no rule reads but the rules' clues do: a word nothing tagged is a noun, a noun is singular or plural, a bare verb has a tense. */
function guessForm(word: TaggedWord): void {
  if (word.tags.size === 0) addTag(word, 'Noun');
  const countable = !['Acronym', 'Abbreviation', 'ProperNoun', 'Uncountable', 'Possessive', 'Pronoun', 'Honorific', 'Month'].some((tag) =>
    word.tags.has(tag),
  );
  if (word.tags.has('Noun') && !word.tags.has('Plural') && !word.tags.has('Singular') && countable)
    addTag(word, /[^s]s$/.test(word.normal) ? 'Plural' : 'Singular');
  if (word.tags.has('Verb') && word.tags.size === 1)
    addTag(word, /ed$/.test(word.normal) ? 'PastTense' : /ing$/.test(word.normal) ? 'Gerund' : 'PresentTense');
}

/** "H" of "H. K. L. Bhagat", "IBM": a single capital or a short all-capitals word unknown to the lexicon is an acronym. */
function acronym(word: TaggedWord): void {
  const short = UPPER_CASE.test(word.text) && word.text.length <= 5 && !Object.hasOwn(lexicon, word.normal) && word.text.length > 1;
  const letter = word.text !== 'I' && word.text !== 'A' && ONE_LETTER_ACRONYM.test(word.text);
  if (DOTTED.test(word.text) && /^\p{Lu}/u.test(word.text)) addTags(word, ['Acronym', 'Noun']);
  if (!short && !letter) {
    if (word.tags.has('Organization') && (word.text.length <= 3 || (UPPER_CASE.test(word.text) && word.text.length <= 6)))
      addTag(word, 'Acronym');
    return;
  }
  word.tags.clear();
  addTags(word, ['Acronym', 'Noun']);
}

/** A word the lexicon holds as either a name or something else ("Baker", "Bill", "Brown"), settled by its neighbours. */
function personOrNot(sentence: TaggedWord[], i: number): void {
  const word = sentence[i];
  const form = switches[word.normal];
  if (!form || word.tags.has('Acronym')) return;
  const clue = clues[form];
  if (!clue) return;
  const before = sentence[sentence[i - 1]?.text !== 'also' ? i - 1 : Math.max(0, i - 2)];
  const after = sentence[i + 1];
  const byWord = (other: TaggedWord | undefined, table?: Record<string, string>) =>
    other && table && Object.hasOwn(table, other.normal) ? table[other.normal] : undefined;
  const byTag = (other: TaggedWord | undefined, table?: Record<string, string>) => {
    if (!other || !table) return undefined;
    const ranked = [...other.tags].sort((a, b) => (tagSet[b]?.parents.length ?? 0) - (tagSet[a]?.parents.length ?? 0));
    const found = ranked.find((tag) => Object.hasOwn(table, tag));
    return found && table[found];
  };
  const tag =
    SETTLED_BY_CASE[form]?.(sentence, i) ??
    byWord(after, clue.afterWords) ??
    byWord(before, clue.beforeWords) ??
    byTag(before, clue.beforeTags) ??
    byTag(after, clue.afterTags);
  if (tag) addTag(word, tag);
}

const isCapitalProperNoun = (word: TaggedWord) => word.tags.has('ProperNoun') && /^[A-Z][a-z]/.test(word.text);

/** Words of two readings that their capital settles, as compromise's tagger does: "Comfort Inn", not a person called Comfort. */
const aNounIfCapital = (clause: TaggedWord[], i: number) => (isCapitalProperNoun(clause[i]) ? 'Noun' : undefined);
const SETTLED_BY_CASE: Record<string, (clause: TaggedWord[], i: number) => string | undefined> = {
  'Adj|Gerund': aNounIfCapital,
  'Adj|Noun': aNounIfCapital,
  'Actor|Verb': aNounIfCapital,
  'Adj|Past': aNounIfCapital,
  'Adj|Present': aNounIfCapital,
  'Noun|Gerund': aNounIfCapital,
  // "Pay 'N Pak": a capitalised word inside a clause is the noun, not the verb.
  'Noun|Verb': (clause, i) => (i > 0 ? aNounIfCapital(clause, i) : undefined),
  'Plural|Verb': aNounIfCapital,
  'Person|Noun': aNounIfCapital,
  'Person|Verb': (clause, i) => (i !== 0 && isCapitalProperNoun(clause[i]) ? 'Noun' : undefined),
  'Person|Adj': (clause, i) => ((i === 0 && clause.length > 1) || isCapitalProperNoun(clause[i]) ? 'Person' : undefined),
};

/** "Johnson Matthey Inc": the capitalised words before a word of an organisation's name are the organisation's. */
function organisation(sentence: TaggedWord[], i: number): void {
  if (orgWords[keyOf(sentence[i])] !== true || !isOrganisationWord(sentence[i - 1], i - 1)) return;
  addTag(sentence[i], 'Organization');
  for (let t = i - 1; t >= 0 && isOrganisationWord(sentence[t], t); t--) addTag(sentence[t], 'Organization');
}

function isOrganisationWord(word: TaggedWord | undefined, i: number): boolean {
  if (!word || word.tags.has('FirstName') || word.tags.has('Place')) return false;
  if (word.tags.has('ProperNoun') || word.tags.has('Organization') || word.tags.has('Acronym')) return true;
  return TITLE_CASE.test(word.text) && (i > 0 || word.tags.has('Singular'));
}

/** Words that may sit inside a place's name before or after a place word ("Federal Way", "Pine Street"). */
const PLACE_CONTINUATIONS = new Set(
  'athletic city community eastern federal financial great historic historical local memorial municipal national northern provincial southern state western spring pine sunset view oak maple spruce cedar willow'.split(
    ' ',
  ),
);
/** Place words that do not take the name after them ("Center", "Bridge"). */
const NOTHING_AFTER = new Set(['center', 'centre', 'way', 'range', 'bar', 'bridge', 'field', 'pit']);

/** "Wall Street", "Gulf of Mexico", "White House": capitalised words next to a word of a place's name are the place's. */
function place(sentence: TaggedWord[], i: number): void {
  if (placeWords[keyOf(sentence[i])] !== true) return;
  for (let n = i - 1; n >= 0; n--) {
    if (PLACE_CONTINUATIONS.has(sentence[n].normal)) continue;
    if (!isPlaceWord(sentence[n], n)) break;
    for (const word of sentence.slice(n, i + 1)) addTag(word, 'Place');
  }
  if (NOTHING_AFTER.has(sentence[i].normal)) return;
  for (let n = i + 1; n < sentence.length; n++) {
    if (isPlaceWord(sentence[n], n)) {
      for (const word of sentence.slice(i, n + 1)) addTag(word, 'Place');
      return;
    }
    if (sentence[n].normal !== 'of' && !PLACE_CONTINUATIONS.has(sentence[n].normal)) return;
  }
}

function isPlaceWord(word: TaggedWord, i: number): boolean {
  if (word.tags.has('Organization') || word.tags.has('Possessive') || /'s$/.test(word.normal)) return false;
  if (word.tags.has('ProperNoun') || word.tags.has('Place')) return true;
  return TITLE_CASE.test(word.text) && (i > 0 || word.tags.has('Singular'));
}

/**
 * What one word of a rule's pattern must be. Each distinct test is one bit of a word's facts (`factsOf`), worked out
 * once a word of a clause: the rules then match by bits, not by calling each rule's tests at every word.
 */
interface WordTest {
  bit: number;
}
/** The tests by kind: a tag the word has, a word it is (its normal form), a reading the lexicon gives it, or any other. */
const bitsByTag = new Map<string, number>();
const bitsByWord = new Map<string, number>();
const bitsByReading = new Map<string, number>();
const otherTests: { bit: number; holds: (word: TaggedWord, at: number) => boolean }[] = [];
/** A word's facts are one 32-bit integer: a bit for each distinct test. */
const MAX_TESTS = 31;
let testsMade = 0;
function newTest(): WordTest {
  if (testsMade === MAX_TESTS) throw new Error(`the name rules use more than ${MAX_TESTS} distinct word tests`);
  return { bit: 1 << testsMade++ };
}
/** The test of a key in `tests`, made once: the same tag, word list or reading is one test whichever rules use it. */
function testOf(tests: Map<string, WordTest>, key: string): WordTest {
  let test = tests.get(key);
  if (!test) tests.set(key, (test = newTest()));
  return test;
}
const testsByTag = new Map<string, WordTest>();
const tag = (name: string): WordTest => {
  const test = testOf(testsByTag, name);
  bitsByTag.set(name, test.bit);
  return test;
};
const testsByWords = new Map<string, WordTest>();
const oneOf = (words: string): WordTest => {
  const test = testOf(testsByWords, words);
  for (const word of words.split(' ')) bitsByWord.set(word, (bitsByWord.get(word) ?? 0) | test.bit);
  return test;
};
const testsByReading = new Map<string, WordTest>();
const readings = (form: string): WordTest => {
  const test = testOf(testsByReading, form);
  bitsByReading.set(form, test.bit);
  return test;
};
const holds = (test: (word: TaggedWord, at: number) => boolean): WordTest => {
  const made = newTest();
  otherTests.push({ bit: made.bit, holds: test });
  return made;
};

/** Which tests `word`, at `at` in its clause, passes: the OR of their bits. */
function factsOf(word: TaggedWord, at: number): number {
  let facts = bitsByWord.get(word.normal) ?? 0;
  for (const name of word.tags) facts |= bitsByTag.get(name) ?? 0;
  if (Object.hasOwn(switches, word.normal)) facts |= bitsByReading.get(switches[word.normal]) ?? 0;
  for (const test of otherTests) if (test.holds(word, at)) facts |= test.bit;
  return facts;
}

/** A rule of compromise's post-tagger that can change how a name's word is tagged: its pattern, the words it tags and the tag. */
export interface NameRule {
  name: string;
  example: string;
  pattern: WordTest[];
  /** Tags only words without a tag it rules out ("Thailand" of "Ambassador to Thailand William Brown" stays a place). */
  safe?: true;
  /** Indexes in `pattern` of the words to tag; all of them when absent. */
  tags?: number[];
  tag: string;
}

/** A given name not written possessive: a name ends at a possessive ("Robert Maxwell's British Printing", "Chase's Advantage Credit"). */
const givenName = holds((word) => word.tags.has('FirstName') && !word.tags.has('Possessive'));
const singleLetter = holds((word) => word.normal.length === 1 && /^[b-df-hj-np-tv-z]$/.test(word.normal));

/**
 * The rules of compromise's post-tagger for people's names and the organisations they are mistaken for, that the name
 * finder's decisions turn on, each as compromise states it (its name; "X?" patterns are written out as two rules).
 */
export const NAME_RULES: readonly NameRule[] = [
  {
    name: 'lady-titlecase',
    safe: true,
    example: 'Pope Francis',
    pattern: [oneOf('sister pope brother father aunt uncle grandpa grandfather grandma'), tag('ProperNoun')],
    tag: 'Person',
  },
  {
    name: 'titlecase-acronym-titlecase',
    safe: true,
    example: 'Leo W. Yochum',
    pattern: [tag('ProperNoun'), singleLetter, tag('ProperNoun')],
    tag: 'Person',
  },
  { name: 'acronym-lastname', safe: true, example: 'J. Smith', pattern: [tag('Acronym'), tag('LastName')], tag: 'Person' },
  {
    name: 'al-borlen',
    safe: true,
    example: 'al Sabah',
    pattern: [oneOf('al'), holds((word) => word.tags.has('Person') || word.tags.has('ProperNoun'))],
    tag: 'Person',
  },
  { name: 'bill-acronym-title', example: 'John F. Kennedy', pattern: [givenName, tag('Acronym'), tag('ProperNoun')], tag: 'Person' },
  {
    name: 'bill-firstname-title',
    example: 'Mary Anne Smith',
    pattern: [givenName, tag('FirstName'), tag('ProperNoun')],
    tag: 'Person',
  },
  { name: 'dr-john-title', example: 'Dr. Smith', pattern: [tag('Honorific'), tag('ProperNoun')], tag: 'Person' },
  {
    name: 'dr-john-title (given name)',
    example: 'Dr. John Smith',
    pattern: [tag('Honorific'), givenName, tag('ProperNoun')],
    tag: 'Person',
  },
  {
    name: 'title-van-title',
    safe: true,
    example: 'Osama bin Laden',
    pattern: [tag('ProperNoun'), oneOf('van al bin'), tag('ProperNoun')],
    tag: 'Person',
  },
  {
    name: 'title-de-title',
    safe: true,
    example: 'He met Ponce de Leon there',
    pattern: [tag('ProperNoun'), oneOf('de du'), tag('ProperNoun')],
    tag: 'Person',
  },
  {
    name: 'proper-person',
    safe: true,
    example: 'The deal with Comissaria Smith',
    pattern: [tag('ProperNoun'), tag('Person')],
    tags: [0],
    tag: 'Person',
  },
  {
    name: 'three-name-person',
    safe: true,
    example: 'Smith Van Buren',
    pattern: [holds((word) => word.tags.has('Person') && !word.tags.has('Possessive')), tag('ProperNoun'), tag('ProperNoun')],
    tags: [1, 2],
    tag: 'Person',
  },
  { name: 'firstname-titlecase', example: 'Alan Greenspan', pattern: [givenName, tag('ProperNoun')], tags: [1], tag: 'LastName' },
  {
    name: 'firstname-acronym-titlecase',
    example: 'John F. Kennedy',
    pattern: [givenName, tag('Acronym'), tag('ProperNoun')],
    tags: [2],
    tag: 'LastName',
  },
  { name: 'firstname-firstname', example: 'James Baker', pattern: [givenName, tag('FirstName')], tags: [1], tag: 'LastName' },
  { name: 'n-acro-noun', safe: true, example: 'John F. Smith', pattern: [givenName, tag('Acronym'), tag('Noun')], tag: 'Person' },
  {
    name: 'seargeant-john',
    // Unlike compromise, not over an organisation's word: "its Major Energy Statistics publication".
    safe: true,
    example: 'President Reagan',
    pattern: [oneOf('lieutenant corporal sergeant captain qeen king admiral major colonel marshal president queen'), tag('ProperNoun')],
    tags: [0],
    tag: 'Honorific',
  },
  { name: 'switch-person', safe: true, example: 'Baker Hughes', pattern: [readings('Person|Noun'), tag('ProperNoun')], tag: 'Person' },
  {
    name: 'switch-acronym-person',
    safe: true,
    example: 'Leo W. Yochum',
    pattern: [readings('Person|Noun'), tag('Acronym'), tag('ProperNoun')],
    tag: 'Person',
  },
  { name: 'jan-thierson', example: 'June Thierson', pattern: [readings('Person|Date'), tag('ProperNoun')], tag: 'Person' },
  { name: 'verb-propernoun', example: 'Rob Smith', pattern: [readings('Person|Verb'), tag('ProperNoun')], tag: 'Person' },
  {
    name: 'person-said',
    example: 'Rob said',
    pattern: [readings('Person|Verb'), oneOf('will had has said says told did learned wants wanted')],
    tags: [0],
    tag: 'Person',
  },
  { name: 'rob-smith', example: 'Rob Smith', pattern: [readings('Person|Verb'), tag('Person')], tag: 'Person' },
  {
    name: 'rob-a-smith',
    example: 'He met Rob B. Smith there',
    pattern: [readings('Person|Verb'), tag('Acronym'), tag('ProperNoun')],
    tag: 'Person',
  },
  {
    name: 'jack-layton',
    safe: true,
    example: 'Jack Layton said',
    pattern: [givenName, tag('Singular'), tag('Verb')],
    tags: [1],
    tag: 'LastName',
  },
  {
    name: 'sherwood-anderson',
    safe: true,
    example: 'Comissaria Smith said',
    pattern: [holds((word, at) => at === 0 && word.tags.has('Singular')), tag('Person'), tag('Verb')],
    tags: [0],
    tag: 'Person',
  },
  {
    name: 'foo-point',
    example: 'Stevens Point',
    pattern: [tag('ProperNoun'), oneOf('cliff place range pit point room grounds ruins')],
    tag: 'Place',
  },
  {
    name: 'propernoun-place',
    example: 'in Trenton, Nova Scotia',
    pattern: [oneOf('in'), tag('ProperNoun'), tag('Place')],
    tags: [1],
    tag: 'Place',
  },
  {
    name: 'west-norfolk',
    example: 'East Asia',
    pattern: [oneOf('west north south east western northern southern eastern'), tag('Place')],
    tag: 'Region',
  },
  { name: 'the-acronym', safe: true, example: 'the U.S.', pattern: [oneOf('the'), tag('Acronym')], tags: [1], tag: 'Organization' },
  {
    name: 'noun-&-noun',
    example: "Pay 'N Pak",
    pattern: [tag('Noun'), holds((word) => word.text === '&' || (word.normal === 'n' && !word.post.startsWith('.'))), tag('Noun')],
    tag: 'Organization',
  },
  { name: 'org-abbrv', example: 'Smith Bros', pattern: [tag('ProperNoun'), oneOf('ltd co inc dept assn bros')], tag: 'Organization' },
];

/** Each rule's tests' bits, in pattern order, and all of them together. */
const RULE_BITS = NAME_RULES.map((rule) => {
  const bits = rule.pattern.map((test) => test.bit);
  return { bits, all: bits.reduce((all, bit) => all | bit, 0) };
});
/** The facts of a clause's words, by place; grown for a longer clause. */
let clauseFacts = new Int32Array(64);

/** What `tagSentence` leaves to the post-tagger's rules: each rule's matches are found before any is applied, as compromise does. */
function applyNameRules(clause: TaggedWord[]): void {
  if (clauseFacts.length < clause.length) clauseFacts = new Int32Array(clause.length * 2);
  const facts = clauseFacts;
  // The tests passed by some word of the clause: a rule needing another cannot match anywhere in it.
  let anywhere = 0;
  for (let i = 0; i < clause.length; i++) anywhere |= facts[i] = factsOf(clause[i], i);
  const matches: { rule: NameRule; words: TaggedWord[] }[] = [];
  NAME_RULES.forEach((rule, r) => {
    const { bits, all } = RULE_BITS[r];
    if ((anywhere & all) !== all) return;
    for (let start = 0; start + bits.length <= clause.length; start++) {
      let k = 0;
      while (k < bits.length && (facts[start + k] & bits[k]) !== 0) k++;
      if (k < bits.length) continue;
      matches.push({ rule, words: [...(rule.tags ?? bits.keys())].map((k) => clause[start + k]) });
    }
  });
  for (const { rule, words } of matches) {
    const rulesOut = conflicts(rule.tag);
    // A hyphen joins the last word to the next: "Burr-Brown said" is not a Burr.
    const joined = words[words.length - 1].post === '-';
    if (rule.safe && (joined || words.some((word) => [...word.tags].some((other) => rulesOut.has(other))))) continue;
    for (const word of words) addTag(word, rule.tag);
  }
}
