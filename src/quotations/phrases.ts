// Finds the noun phrase that names a speaker next to a reporting verb ("Azam Khan", "the PM Office", "a spokesman for the campaign").
import { ROLE_HEADS } from '../entities/lexicon.ts';
import { CUE_ADVERBS } from './cues.ts';

export interface Span {
  start: number;
  end: number;
}

const PRONOUNS = new Set(['he', 'she', 'they', 'it', 'we', 'i', 'you', 'him', 'her', 'them', 'us', 'me']);
/** Words that end a speaker phrase read backwards from its verb ("… which he said" → "he"). */
const BACKWARD_STOPS = new Set(
  'that which who whom whose and but or nor as when while because if so where than then in on at with after before since until into from by to during said says told is was were are be been being has have had do does did can could will would should may might must not about also what how why'.split(
    ' ',
  ),
);
/** Words that end a speaker phrase read forwards from its verb ("said Steven Law in an interview"). */
const FORWARD_STOPS = new Set(
  "in on at during who whom which that when while after before as to about because and but or with since until last this told said says who's if than through via over".split(
    ' ',
  ),
);
const AUXILIARIES = new Set('is was were are be been can could will would should may might has have had did does do'.split(' '));
const DETERMINERS = new Set('the a an his her their its our my your this these those one another some'.split(' '));
/** Short forms ending in a full stop that do not end a phrase. */
const ABBREVIATION =
  /^(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|Prof|Rev|St|Jr|Sr|Hon|Atty|Supt|Cmdr|Adm|Maj|Brig|Lt|U\.S|U\.N|U\.K|[A-Z])\.$/;
const MAX_WORDS = 12;
/** Hedges between a speaker and the verb: "Imran Khan believed to be said", "Smith is reported to have said". */
const HEDGE =
  /(?:\s+(?:is|was|were|are|be|been|to|have|has|had|believed|reported|alleged|thought|understood|heard|seen|could|would|can|will|might|may))+\s*$/;
/** A party-and-state tag after a name: "Rep. Earl Blumenauer (D-Ore.)". */
const PARTY_TAG = /^\(\p{Lu}-[\p{L}.]+\)$/u;
/** A bracketed acronym inside a name: "Pakistan Tehreek-e-Insaf (PTI) chief". */
const ACRONYM = /^\(\p{Lu}[\p{Lu}-]+\)$/u;

interface Word extends Span {
  text: string;
}

function words(text: string, start: number, end: number): Word[] {
  const found: Word[] = [];
  for (const match of text.slice(start, end).matchAll(/\S+/g))
    found.push({ text: match[0], start: start + match.index, end: start + match.index + match[0].length });
  return found;
}

const bare = (word: string) => word.replace(/^[("'“‘]+|[)"'”’,.;:!?]+$/g, '');
export const isPronoun = (word: string) => PRONOUNS.has(word.toLowerCase());

/** Trailing punctuation that ends a phrase: a comma, a colon, or a full stop that is not an abbreviation's. */
function endsPhrase(word: string): boolean {
  if (/[,;:!?)"”]$/.test(word)) return true;
  return /\.$/.test(word) && !ABBREVIATION.test(word);
}

/**
 * The speaker phrase that ends right before `end` (where the verb starts), not reaching before `floor`:
 * "In a statement, the PM Office" → "the PM Office"; "Smith, a spokesman," → "Smith" (the appositive skipped).
 */
export function phraseBefore(text: string, floor: number, end: number): Span | undefined {
  const hedge = HEDGE.exec(text.slice(floor, end));
  const all = words(text, floor, hedge ? floor + hedge.index : end);
  while (
    all.length > 0 &&
    (CUE_ADVERBS.includes(all[all.length - 1].text.toLowerCase()) ||
      /^[a-z]+ly$/.test(all[all.length - 1].text) ||
      PARTY_TAG.test(all[all.length - 1].text))
  )
    all.pop();
  // "Smith, a spokesman for the campaign, said": skip the appositive to the name before it.
  const last = all[all.length - 1];
  if (last && /,$/.test(last.text)) {
    let i = all.length - 2;
    while (i >= 0 && !/,$/.test(all[i].text)) i--;
    const appositive = all.slice(i + 1);
    if (i >= 0 && appositive.length <= 12 && DETERMINERS.has(appositive[0].text.toLowerCase())) {
      const name = phraseBefore(text, floor, all[i].end - 1);
      if (name && /^\p{Lu}/u.test(text.slice(name.start, name.end))) return name;
    }
    return undefined;
  }
  const taken: Word[] = [];
  for (let i = all.length - 1; i >= 0; i--) {
    const word = all[i];
    const plain = bare(word.text).toLowerCase();
    if (taken.length > 0 && endsPhrase(word.text)) break;
    if (/["“”]/.test(word.text)) break;
    if (BACKWARD_STOPS.has(plain) && !(taken.length > 0 && /^(of|for)$/.test(plain))) break;
    taken.unshift(word);
    // "James Pethokoukis of the American Enterprise Institute": a determiner after "of"/"for" goes on to the head before it.
    const ofThe = DETERMINERS.has(plain) && i > 0 && /^(?:of|for)$/i.test(all[i - 1].text);
    if (isPronoun(plain) || (DETERMINERS.has(plain) && !ofThe)) break;
    if (taken.length >= MAX_WORDS) return undefined;
  }
  // A phrase that starts with "of"/"for" lost its head: not a speaker.
  while (taken.length > 0 && /^(of|for|at|from)$/i.test(taken[0].text)) return undefined;
  if (taken.length === 0) return undefined;
  return trimSpan(text, { start: taken[0].start, end: taken[taken.length - 1].end });
}

/** The speaker phrase that starts at `start` (after an inverted verb: "said Steven Law, a former aide" → "Steven Law"). */
export function phraseAfter(text: string, start: number, ceiling: number): Span | undefined {
  const taken: Word[] = [];
  for (const word of words(text, start, ceiling)) {
    const plain = bare(word.text).toLowerCase();
    if (/^[("“”]/.test(word.text) && !(taken.length > 0 && ACRONYM.test(word.text) && !PARTY_TAG.test(word.text))) break;
    if (taken.length > 0 && (FORWARD_STOPS.has(plain) || AUXILIARIES.has(plain))) break;
    const afterName = taken.length > 0 && /^[\p{Lu}(]/u.test(taken[taken.length - 1].text);
    if (afterName && /^\p{Ll}/u.test(word.text) && !/^(of|for)$/.test(plain) && !ROLE_HEADS.has(plain)) break;
    taken.push(word);
    if (taken.length === 1 && isPronoun(plain)) break;
    if ((endsPhrase(word.text) && !ACRONYM.test(word.text)) || taken.length >= MAX_WORDS) break;
  }
  if (taken.length === 0) return undefined;
  return trimSpan(text, { start: taken[0].start, end: taken[taken.length - 1].end });
}

function trimSpan(text: string, span: Span): Span | undefined {
  let { start, end } = span;
  while (start < end && /[\s("'“‘]/.test(text[start])) start++;
  while (end > start && /[\s)"'”’,.;:!?]/.test(text[end - 1]) && !ABBREVIATION.test(text.slice(start, end).split(/\s+/).pop() ?? '')) end--;
  return start < end ? { start, end } : undefined;
}
