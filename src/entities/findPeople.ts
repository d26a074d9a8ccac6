// Finds people's names in an article: word tags (wordTags.ts) plus news-writing cues, then ties short forms to full names.
import nlp from 'compromise';
import type { Sentence } from '../domain/article.ts';
import {
  GROUP_NOUNS,
  HONORIFICS,
  NAME_PARTICLES,
  NOT_PERSON_WORDS,
  OUTLETS,
  PLACE_NOUNS,
  PLACE_SUFFIXES,
  PLACES,
  ROLE_HEADS,
  SOUTH_ASIAN_NAMES,
  SPEECH_VERBS,
  TITLE_WORDS,
} from './lexicon.ts';
import { headlineSpans, isDemonym, isLexiconName, isOrdinaryWord, isUnknownWord } from './headlines.ts';
import type { PersonEvidence, PersonMention } from '../domain/mentions.ts';
import { containsRun, NamesByWord } from './runs.ts';
import { tagSentence, type TaggedWord } from './wordTags.ts';
import { wordsOf } from './words.ts';

interface Token {
  text: string;
  pre: string;
  post: string;
  start: number;
  end: number;
  sentence: number;
  tags: Set<string>;
  /** On a line written like a headline, where capitals do not mark names. */
  headline: boolean;
}

/** A run of capitalised words that may hold a name, split into its leading title and the name itself. */
interface NameRun {
  tokens: Token[];
  /** Index of the first token of the name (after "Pakistan Prime Minister", "Mr."). */
  nameStart: number;
  /** Whether the words before the name are a title or rank ("Finance Minister"), not a place or organisation. */
  titled: boolean;
  /** Position of the run's first token in the article's token list. */
  at: number;
}

interface Found {
  start: number;
  end: number;
  sentence: number;
  /** Lower-cased words of the name, possessive removed. */
  words: string[];
  /** The full name when the text splits it: "(Alan) Greenspan" is Alan Greenspan. */
  display?: string;
  /** Why the run was taken for a person's name; absent while it waits for a full name to stand for. */
  evidence?: PersonEvidence;
}

const COMPANY_AFTER =
  /^(?:['’]s)?,?\s*(?:(?:and|&)\s*)?(?:Co|Cos|Corp|Corporation|Inc|Ltd|Plc|PLC|LP|AG|SA|NV|Group|Holdings|Associates|Securities|Brothers)\b|^\s*<[A-Z.]+>/;
/** ", two units of Britain's Unilever Plc", ", a subsidiary of": an appositive that makes the name a company's. */
const COMPANY_APPOSITIVE =
  /^,\s+(?:a|an|the|its|one|two|three|four|both)\s+(?:[\w'’-]+\s+){0,2}?(?:unit|units|subsidiary|subsidiaries|affiliate|affiliates|division|divisions|arm|firm|firms|company|companies|maker|makers)\s+(?:of|owned)\b/;
const PERSON_TAGS = ['FirstName', 'LastName', 'MaleName', 'FemaleName'];
const FUNCTION_TAGS = ['Determiner', 'Preposition', 'Conjunction', 'Pronoun', 'Adverb', 'Value', 'QuestionWord', 'Expression'];
/** The tags that let a word opening a sentence start a name. */
const OPENING_NAME_TAGS = ['ProperNoun', ...PERSON_TAGS, 'Honorific'];
/** A surname the library reads as an interjection has no other function word's tag. */
const FUNCTION_TAGS_BUT_EXPRESSION = FUNCTION_TAGS.filter((tag) => tag !== 'Expression');
const GIVEN_NAME_TAGS = ['FirstName', 'MaleName', 'FemaleName'];
const PLACE_OR_ORGANISATION_TAGS = ['Place', 'City', 'Country', 'Region', 'Organization'];

/** Every person mention in `text`, each tied (`person`) to the fullest form of the name the article uses. */
export function findPeople(text: string, sentences: Sentence[]): PersonMention[] {
  const tokens = tokenize(text, sentences);
  const runs = nameRuns(tokens, text);
  const accepted: Found[] = [];
  const pending: Found[] = [];
  const inText = runs.filter((run) => !run.tokens[0].headline);
  for (const run of inText) {
    const found = nameOf(run, text);
    if (!found || !plausible(run, tokens)) continue;
    const given = bracketedGivenName(run, tokens);
    if (given) {
      const display = `${given.text} ${text.slice(found.start, found.end)}`;
      accepted.push({ ...found, words: [lower(given.text), ...found.words], display, evidence: 'bracketed-given-name' });
      continue;
    }
    const evidence = personEvidence(run, tokens);
    if (evidence) accepted.push({ ...found, evidence });
    else pending.push(found);
  }
  // A headline's capitals say nothing: its runs need the name in running text, a title, or a name the lexicon knows.
  const written = new NamesByWord([...accepted, ...pending].map((found) => found.words));
  for (const run of runs.filter((run) => run.tokens[0].headline)) {
    const trimmed = cutAtOrdinaryWord(run);
    const found = nameOf(trimmed, text);
    if (!found || !plausible(trimmed, tokens)) continue;
    if (written.containing(found.words, false).length > 0) {
      const evidence = personEvidence(trimmed, tokens);
      if (evidence) accepted.push({ ...found, evidence });
      else pending.push(found);
    } else if (headlineName(trimmed, tokens)) accepted.push({ ...found, evidence: 'headline-name' });
  }

  // A name the article also writes as a company's ("Morgan Stanley and Co", "Eli Lilly <LLY>", "Brooke Bond, a unit of")
  // or a place's ("Nad Ali district", "the city of Tarin Kowt") is the company's or the place's throughout.
  const namesCompany = (run: NameRun) => {
    const after = text.slice(run.tokens[run.tokens.length - 1].end, run.tokens[run.tokens.length - 1].end + 60);
    return COMPANY_AFTER.test(after) || COMPANY_APPOSITIVE.test(after);
  };
  const notPeople = new Set(
    runs
      .filter((run) => namesCompany(run) || namesPlace(run, tokens))
      .map((run) =>
        run.tokens
          .slice(run.nameStart)
          .map((token) => lower(token.text))
          .join(' '),
      ),
  );
  const isPersonName = (found: Found) => !notPeople.has(found.words.join(' '));
  // A name the article also gives in full without evidence of its own is that person's full name: "Frank Naylor" of "chairman Naylor".
  const acceptedNames = new Set(accepted.map((found) => found.words.join(' ')));
  const completed = pending
    .filter((found) => found.words.length >= 2 && found.words.some((_, i) => i > 0 && acceptedNames.has(found.words.slice(i).join(' '))))
    .map((found): Found => ({ ...found, evidence: 'full-form-of-a-name' }));
  const people = [...accepted, ...completed].filter(isPersonName);
  const completedStarts = new Set(completed.map((found) => found.start));
  const aliases = pending
    .filter((found) => !completedStarts.has(found.start) && isPersonName(found))
    .map((found): Found => ({ ...found, evidence: 'short-form-of-a-full-name' }));
  const fullestForm = fullestFormAmong(people.filter((found) => found.words.length >= 2).map((found) => found.words));
  const spelled = firstSpellings(people, text);
  const mentions: PersonMention[] = [];
  const mention = (found: Found, person: string[]) =>
    mentions.push({
      name: text.slice(found.start, found.end),
      start: found.start,
      end: found.end,
      sentence: found.sentence,
      person: spelled.get(person.join(' ')) ?? person.join(' '),
      evidence: found.evidence!,
    });
  for (const found of people) {
    const person = fullestForm(found.words);
    if (person) mention(found, person);
  }
  // Runs without evidence of their own count only as short forms of a name the article gives in full ("Dar" after "Ishaq Dar").
  for (const found of aliases) {
    const person = fullestForm(found.words);
    if (person && person.join(' ') !== found.words.join(' ')) mention(found, person);
  }
  return mentions.sort((a, b) => a.start - b.start);
}

const world = nlp.world() as { methods: { one: { tokenize: { splitSentences(text: string, world: unknown): string[] } } } };
const { splitSentences: librarySentences } = world.methods.one.tokenize;

/** The words of `text` as compromise splits its sentences and words, with their tags (`tagSentence`), offsets and sentence (of `sentences`). */
function tokenize(text: string, sentences: Sentence[]): Token[] {
  const words: TaggedWord[] = [];
  for (const part of librarySentences(text, world)) {
    const sentence = wordsOf(part);
    tagSentence(sentence);
    words.push(...sentence);
  }
  const headlines = headlineSpans(text);
  let headline = 0;
  const tokens: Token[] = [];
  let sentence = 0;
  let elapsed = 0;
  for (const term of words) {
    const start = elapsed + term.pre.length;
    const end = start + term.text.length;
    elapsed = end + term.post.length;
    if (!term.text || !text.startsWith(term.text, start)) continue;
    while (sentence < sentences.length - 1 && start >= sentences[sentence].end) sentence++;
    while (headline < headlines.length && start >= headlines[headline].end) headline++;
    const onHeadline = headline < headlines.length && start >= headlines[headline].start;
    tokens.push({ text: term.text, pre: term.pre, post: term.post, start, end, sentence, tags: term.tags, headline: onHeadline });
  }
  return tokens;
}

const isCapitalised = (word: string) => /^\p{Lu}/u.test(word) && !/^[\p{Lu}\d&.-]{2,}$/u.test(word);
/** "M.A.", "H" (of "H. K. L. Bhagat"), "A.B.M.": initials standing for given names. */
const isInitials = (word: string) => /^(\p{Lu}\.)+$|^\p{Lu}$/u.test(word) && !PLACES.has(word.replace(/\./g, '').toLowerCase());
const lower = (word: string) => word.toLowerCase().replace(/['’]s$/, '');
/** Whether `token` has any of `tags`: a loop, not `some` with a callback, as this runs several times for every capitalised word. */
function hasTag(token: Token, tags: readonly string[]): boolean {
  for (const tag of tags) if (token.tags.has(tag)) return true;
  return false;
}

function isNameWord(token: Token, sentenceStart: boolean): boolean {
  // A name word starts with a capital (initials included): most words, starting with a small letter or a digit, do not.
  if (startsLowerOrDigit(token.text) || token.tags.has('Pronoun') || token.text === 'I') return false;
  if (isInitials(token.text)) return !hasTag(token, FUNCTION_TAGS);
  if (!isCapitalised(token.text)) return false;
  if (sentenceStart) {
    return hasTag(token, OPENING_NAME_TAGS) || SOUTH_ASIAN_NAMES.has(lower(token.text)) || TITLE_WORDS.has(lower(token.text));
  }
  return !hasTag(token, FUNCTION_TAGS) || hasTag(token, PERSON_TAGS);
}

/** Whether `word` starts with an ASCII small letter or digit, which no capital is. */
function startsLowerOrDigit(word: string): boolean {
  const code = word.charCodeAt(0);
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57);
}

/**
 * A capitalised word the NLP library does not know, opening a sentence before another name word: the
 * "Lal" of "Lal Krishna Advani, president of ...", which at a sentence start would otherwise pass for an ordinary word.
 */
function isUnknownGivenName(token: Token, next: Token | undefined, text: string): boolean {
  if (!next || next.sentence !== token.sentence || text.slice(token.end, next.start) !== ' ') return false;
  if (!isCapitalised(token.text) || hasTag(token, FUNCTION_TAGS) || !/^\p{L}+$/u.test(token.text) || !isUnknownWord(token.text))
    return false;
  return isNameWord(next, false) && !isInitials(next.text);
}

/** Maximal runs of capitalised words joined by a space or hyphen (and name particles such as "bin", "ul"). */
function nameRuns(tokens: Token[], text: string): NameRun[] {
  const runs: NameRun[] = [];
  let index = 0;
  while (index < tokens.length) {
    const first = tokens[index];
    const sentenceStart = index === 0 || tokens[index - 1].sentence !== first.sentence || /^["“‘'(]/.test(first.pre);
    const nameWord = isNameWord(first, sentenceStart);
    const guessed = !nameWord && sentenceStart && isUnknownGivenName(first, tokens[index + 1], text);
    if (!nameWord && !guessed) {
      index++;
      continue;
    }
    const run = [first];
    let next = index + 1;
    while (next < tokens.length) {
      const previous = tokens[next - 1];
      const token = tokens[next];
      const gap = text.slice(previous.end, token.start);
      const joined =
        token.sentence === previous.sentence &&
        (/^[ -]$/.test(gap) || ((HONORIFICS.has(lower(previous.text)) || isInitials(previous.text)) && /^\. ?$/.test(gap)));
      // A possessive ends a name: "Rajiv Gandhi's Congress (I) party".
      if (!joined || /['’]s$/.test(previous.text)) break;
      // A middle initial may be tagged as a word: the "A." of "Ronald A. Young".
      // The library reads some surnames as interjections: the "Yah" of "Muhammad Yah".
      const surname = isCapitalised(token.text) && token.tags.has('Expression') && !hasTag(token, FUNCTION_TAGS_BUT_EXPRESSION);
      if (isNameWord(token, false) || surname || (isInitials(token.text) && text[token.end] === '.')) run.push(token);
      else if (
        NAME_PARTICLES.has(token.text) &&
        next + 1 < tokens.length &&
        isCapitalised(tokens[next + 1].text) &&
        /^[ -]$/.test(text.slice(token.end, tokens[next + 1].start))
      ) {
        run.push(token);
      } else break;
      next++;
    }
    while (run.length > 1 && (NAME_PARTICLES.has(run[run.length - 1].text) || isInitials(run[run.length - 1].text))) run.pop();
    // An unknown opening word is a given name only before a role ("Avinash Purulkar, chief manager of"); "Computer Terminal said" is a company.
    if (guessed && !roleAfter({ tokens: run, nameStart: 0, titled: false, at: index }, tokens)) {
      run.shift();
      index++;
    }
    const before = tokens[index - 1];
    const afterPortfolio = before !== undefined && before.sentence === first.sentence && /^(of|for)$/.test(before.text);
    runs.push({ tokens: run, ...titleLength(run, afterPortfolio), at: index });
    index = next;
  }
  return runs;
}

/**
 * How many leading words of a run are a title: the run up to its last title word that still has a
 * name after it ("West German Finance Minister Gerhard Stoltenberg", "Senior Vice President Maryam Nawaz";
 * "John Major" keeps both words); failing that, a portfolio after "of"/"for", a place or organisation before a
 * given name, or the words before a name's initials.
 */
function titleLength(run: Token[], afterPortfolio: boolean): { nameStart: number; titled: boolean } {
  for (let i = run.length - 2; i >= 0; i--) {
    const word = lower(run[i].text);
    // The title must end in its head noun: "Finance Minister Miftah Ismail", not "Federal Savings".
    if (ROLE_HEADS.has(word) || isHonorific(run[i])) return { nameStart: i + 1, titled: true };
    if (TITLE_WORDS.has(word)) continue;
  }
  // The portfolio of "Minister of State for Commerce Priya Ranjan Dasmunsi"; "for West German farm exports" names no portfolio.
  if (afterPortfolio) {
    let portfolio = 0;
    while (portfolio < run.length - 1 && (TITLE_WORDS.has(lower(run[portfolio].text)) || NOT_PERSON_WORDS.has(lower(run[portfolio].text))))
      portfolio++;
    if (portfolio > 0) return { nameStart: portfolio, titled: run.slice(0, portfolio).some((token) => TITLE_WORDS.has(lower(token.text))) };
  }
  // A place or organisation written before a name: "Manhattan Rudolph Giuliani", "Credit Suisse Paul Hofer".
  const given = run.findIndex((token) => hasTag(token, GIVEN_NAME_TAGS));
  if (given > 0 && run.slice(0, given).every((token) => !SOUTH_ASIAN_NAMES.has(lower(token.text)) && isPlaceOrOrganisation(token))) {
    return { nameStart: given, titled: true };
  }
  // Several initials start a name ("Minister of State for Textiles R.N. Mirdha"); one is a middle initial ("John F. Rothman").
  const initials = run.findIndex((token, i) => i > 0 && /^(\p{Lu}\.){2,}$/u.test(token.text) && !isInitials(run[i - 1].text));
  return initials > 0 && initials < run.length - 1 ? { nameStart: initials, titled: true } : { nameStart: 0, titled: false };
}

/** The NLP library tags initials as honorifics too: the "S.R." of "Captain S.R. Wikramanayake" starts the name. */
function isHonorific(token: Token): boolean {
  return token.tags.has('Honorific') && !isInitials(token.text.replace(/(\p{Lu})$/u, '$1.'));
}

function isPlaceOrOrganisation(token: Token): boolean {
  const word = lower(token.text);
  return hasTag(token, PLACE_OR_ORGANISATION_TAGS) || PLACES.has(word) || NOT_PERSON_WORDS.has(word);
}

/**
 * The most words a name can have: Reuters' longest are five ("Isam Abdul-Rahim Al-Chalaby" is three). A longer run of
 * capitals is a heading or a list, and comparing it word by word with every shorter name would cost its length squared.
 */
const MAX_NAME_WORDS = 8;

function nameOf(run: NameRun, text: string): Found | undefined {
  const words = run.tokens.slice(run.nameStart);
  if (words.length === 0 || words.length > MAX_NAME_WORDS) return undefined;
  const start = words[0].start;
  let end = words[words.length - 1].end;
  const possessive = /['’]s$/.exec(text.slice(start, end));
  if (possessive) end -= possessive[0].length;
  return { start, end, sentence: words[0].sentence, words: words.map((token) => lower(token.text)) };
}

/** Rules a run out when it is an organisation, office, outlet, place or a bare honorific. */
/** What a rule about a run of capitals sees. */
interface RunView {
  run: NameRun;
  tokens: Token[];
  /** The name's tokens, after any title, and their lower-cased words. */
  name: Token[];
  words: string[];
  /** The token after the run, if it is in the same sentence. */
  after?: Token;
}

function viewOf(run: NameRun, tokens: Token[]): RunView {
  const name = run.tokens.slice(run.nameStart);
  const next = tokens[run.at + run.tokens.length];
  const last = run.tokens[run.tokens.length - 1];
  return {
    run,
    tokens,
    name,
    words: name.map((token) => lower(token.text)),
    ...(next && next.sentence === last.sentence ? { after: next } : {}),
  };
}

/** Runs of capitals that are no one's name, whatever else is said of them; any rule that holds rejects the run. */
const NOT_A_NAME: readonly { name: string; holds(view: RunView): boolean }[] = [
  {
    name: 'a word of a place, outlet or non-person',
    holds: ({ words }) => words.some((word) => NOT_PERSON_WORDS.has(word) || OUTLETS.has(word) || PLACES.has(word)),
  },
  { name: 'titles only ("Prime Minister")', holds: ({ words }) => words.every((word) => TITLE_WORDS.has(word) || HONORIFICS.has(word)) },
  { name: 'a nationality', holds: ({ name }) => name.some((token) => token.tags.has('Demonym') && !hasTag(token, PERSON_TAGS)) },
  // The library may tag a nationality as a place in context ("West German farm exports"); its lexicon still knows it.
  { name: 'a lone nationality the lexicon knows', holds: ({ name }) => name.length === 1 && isDemonym(name[0].text) },
  {
    // "(Alan)" of "(Alan) Greenspan": the surname's run carries it.
    name: 'a bracketed given name before a surname',
    holds: ({ run, tokens }) => {
      const following = tokens[run.at + run.tokens.length];
      const [only] = run.tokens;
      return (
        run.tokens.length === 1 && /\($/.test(only.pre) && /^\) $/.test(only.post) && Boolean(following) && isCapitalised(following.text)
      );
    },
  },
  {
    name: 'one untitled word tagged a place or organisation',
    holds: ({ run, name }) =>
      run.nameStart === 0 &&
      name.length === 1 &&
      name.some((token) => hasTag(token, PLACE_OR_ORGANISATION_TAGS) && !hasTag(token, PERSON_TAGS)),
  },
  // "Pakistan Tehreek-e-Insaf (PTI)": an acronym in brackets names an organisation.
  {
    name: 'an acronym in brackets follows',
    holds: ({ run, after }) => Boolean(after) && /\($/.test(lastOf(run).post) && /^[\p{Lu}-]{2,}$/u.test(after!.text),
  },
  {
    name: 'a group noun follows ("party", "group")',
    holds: ({ run, after }) => Boolean(after) && /^ ?$/.test(lastOf(run).post) && GROUP_NOUNS.has(after!.text.toLowerCase()),
  },
  {
    // A name written possessive as the subject of "said" is a firm's: "Lloyd's said", "Scott's said", "Moody's said".
    name: 'a possessive that speaks ("Lloyd\'s said")',
    holds: ({ run, after }) =>
      Boolean(after) && /['’]s$/.test(lastOf(run).text) && lastOf(run).post === ' ' && SPEECH_VERBS.has(after!.text.toLowerCase()),
  },
  {
    name: 'a news outlet word follows ("newspaper", "reported")',
    holds: ({ run, after }) =>
      Boolean(after) && /^ ?$/.test(lastOf(run).post) && /^(newspaper|agency|news|reported|daily|channel|television)$/i.test(after!.text),
  },
];

const lastOf = (run: NameRun): Token => run.tokens[run.tokens.length - 1];

function plausible(run: NameRun, tokens: Token[]): boolean {
  const view = viewOf(run, tokens);
  return !NOT_A_NAME.some((rule) => rule.holds(view));
}

/** "Nad Ali district", "Mohammad Rahim Kalay", "the village of Mullah Hadzrat": a run the words around it mark as a place. */
function namesPlace(run: NameRun, tokens: Token[]): boolean {
  const first = run.tokens[0];
  const last = run.tokens[run.tokens.length - 1];
  if (PLACE_SUFFIXES.has(lower(last.text))) return true;
  const after = tokens[run.at + run.tokens.length];
  if (after && after.sentence === last.sentence && last.post === ' ' && PLACE_NOUNS.has(after.text)) return true;
  const [of, noun] = [tokens[run.at - 1], tokens[run.at - 2]];
  return Boolean(of?.text === 'of' && noun?.sentence === first.sentence && PLACE_NOUNS.has(noun.text));
}

/** Evidence that a plausible run is a person's name, not merely a capitalised phrase. */
/**
 * Evidence that a plausible run of capitals names a person, in order; the first that holds is recorded on the
 * mention. A run with none counts only as a short form of a name the article gives in full.
 */
const PERSON_EVIDENCE: readonly { name: PersonEvidence; holds(view: RunView): boolean }[] = [
  { name: 'title-before', holds: ({ run }) => run.titled },
  { name: 'role-before', holds: ({ run, tokens }) => roleBefore(run, tokens) },
  { name: 'role-after', holds: ({ run, tokens }) => roleAfter(run, tokens) },
  {
    // A tagged given or family name: two words, or one that speaks ("Khan said").
    name: 'tagged-name',
    holds: ({ run, tokens, name }) =>
      name.some((token) => hasTag(token, PERSON_TAGS) && !token.tags.has('Honorific')) && (name.length >= 2 || speechAfter(run, tokens)),
  },
  { name: 'south-asian-name', holds: ({ name }) => name.length >= 2 && name.some((token) => SOUTH_ASIAN_NAMES.has(lower(token.text))) },
  { name: 'speaks', holds: ({ run, tokens, name }) => name.length >= 2 && speechAfter(run, tokens) },
];

function personEvidence(run: NameRun, tokens: Token[]): PersonEvidence | undefined {
  const view = viewOf(run, tokens);
  return PERSON_EVIDENCE.find((rule) => rule.holds(view))?.name;
}

/** "then-premier Shehbaz", "PTI chief Imran Khan", "former finance minister Miftah Ismail", "Foreign Secretary (Sohail Mahmood)". */
function roleBefore(run: NameRun, tokens: Token[]): boolean {
  let index = run.at - 1;
  const first = run.tokens[0];
  while (index >= 0) {
    const token = tokens[index];
    if (token.sentence !== first.sentence) return false;
    const bracketed = /\(/.test(token.pre) && /\)/.test(token.post) && /^[\p{Lu}-]{2,}$/u.test(token.text);
    if (!bracketed) break;
    index--;
  }
  if (index < 0) return false;
  const token = tokens[index];
  const gap = token.post + (index + 1 < tokens.length ? tokens[index + 1].pre : '');
  if (token.sentence !== first.sentence) return false;
  // "The Taliban commander, Asad, commanded": a lower-case role and a name set off by commas.
  const last = run.tokens[run.tokens.length - 1];
  if (gap === ', ' && /^,/.test(last.post) && index + 1 === run.at) return ROLE_HEADS.has(token.text);
  if (!/^[ -]?\(?$|^\) $/.test(gap.replace(/\s+/g, ' '))) return false;
  return ROLE_HEADS.has(lower(token.text)) || (isHonorific(token) && !/,/.test(token.post));
}

/** "(Alan) Greenspan", "President (Junius) Jayewardene": a bracketed given name right before a surname. */
function bracketedGivenName(run: NameRun, tokens: Token[]): Token | undefined {
  const before = tokens[run.at - 1];
  if (run.nameStart > 0 || !before || before.sentence !== run.tokens[0].sentence) return undefined;
  const bracketed =
    /\($/.test(before.pre) && /^\) $/.test(before.post) && isCapitalised(before.text) && !/^[\p{Lu}-]{2,}$/u.test(before.text);
  return bracketed ? before : undefined;
}

/** "Paul Volcker, chairman of the Fed,", "Shafi Niaz, Chairman of the Agricultural Prices Commission," */
function roleAfter(run: NameRun, tokens: Token[]): boolean {
  const last = run.tokens[run.tokens.length - 1];
  if (!/^, $/.test(last.post)) return false;
  for (let index = run.at + run.tokens.length; index < Math.min(tokens.length, run.at + run.tokens.length + 4); index++) {
    const token = tokens[index];
    if (token.sentence !== last.sentence) return false;
    const portfolio = tokens[index + 1]?.text === 'of' && token.post === ' ';
    if (ROLE_HEADS.has(lower(token.text)) && (!isCapitalised(token.text) || portfolio)) return true;
    if (/[,.;:]/.test(token.post)) return false;
  }
  return false;
}

/** The run up to the ordinary word that follows a headline's name: "Mullah Omar Killed" → "Mullah Omar", "Col. Rafael Torres Visits Kandahar" → "Col. Rafael Torres". */
function cutAtOrdinaryWord(run: NameRun): NameRun {
  const ordinary = run.tokens.findIndex((token, i) => i > run.nameStart && isOrdinaryWord(lower(token.text)));
  return ordinary < 0 ? run : { ...run, tokens: run.tokens.slice(0, ordinary) };
}

/** Evidence strong enough for a name in a headline: no ordinary word in it, and a title before it or a full name the lexicon knows. */
function headlineName(run: NameRun, tokens: Token[]): boolean {
  const name = run.tokens.slice(run.nameStart);
  if (name.some((token) => isOrdinaryWord(lower(token.text)))) return false;
  return run.titled || roleBefore(run, tokens) || (name.length >= 2 && name.some((token) => isLexiconName(lower(token.text))));
}

function speechAfter(run: NameRun, tokens: Token[]): boolean {
  const last = run.tokens[run.tokens.length - 1];
  const after = tokens[run.at + run.tokens.length];
  return Boolean(after && after.sentence === last.sentence && /^ $/.test(last.post) && SPEECH_VERBS.has(after.text.toLowerCase()));
}

/**
 * For a name's words, the longest full name in the article that contains them ("Shehbaz" → "shehbaz sharif",
 * "Sultan Raja" → "sikandar sultan raja"); the words themselves when none does; undefined when several unrelated
 * full names do ("Khan" with both "Imran Khan" and "Azam Khan"). Each distinct name is looked up once.
 */
function fullestFormAmong(fullNames: string[][]): (words: string[]) => string[] | undefined {
  const index = new NamesByWord(distinctNames(fullNames));
  const known = new Map<string, string[] | undefined>();
  return (words) => {
    const key = words.join(' ');
    if (!known.has(key)) known.set(key, fullestForm(words, index));
    return known.get(key);
  };
}

function distinctNames(names: string[][]): string[][] {
  const seen = new Map<string, string[]>();
  for (const words of names) seen.set(words.join(' '), words);
  return [...seen.values()];
}

function fullestForm(words: string[], fullNames: NamesByWord): string[] | undefined {
  const containing = fullNames.containing(words, words.length === 1).filter((full) => full.length > words.length);
  if (containing.length === 0) return words;
  // Exactly one name holds no other (the longest, when it holds all the others: containment chains end in it).
  const longest = containing.reduce((best, full) => (full.length > best.length ? full : best));
  const holdsAll = containing.every((full) => full === longest || (full.length < longest.length && containsRun(longest, full, false)));
  return holdsAll ? longest : undefined;
}

/** Each name (its lower-cased words joined) as the article spells it at its first full mention. */
function firstSpellings(people: Found[], text: string): Map<string, string> {
  const spelled = new Map<string, string>();
  for (const found of people) {
    const key = found.words.join(' ');
    if (!spelled.has(key)) spelled.set(key, found.display ?? text.slice(found.start, found.end).replace(/\s+/g, ' '));
  }
  return spelled;
}
