// Splits a sentence into words exactly as compromise's tokeniser does (text, punctuation around it, normal form), from its word lists, without building its document.
import nlp from 'compromise';
import type { TaggedWord } from './wordTags.ts';

const model = nlp.model() as {
  one: {
    prefixes: Record<string, true>;
    suffixes: Record<string, true>;
    prePunctuation: Record<string, true>;
    postPunctuation: Record<string, true>;
    emoticons: Record<string, true>;
    unicode: Record<string, string>;
  };
};
const { prefixes, suffixes, prePunctuation, postPunctuation, emoticons, unicode } = model.one;

/** The words of `sentence` (one sentence as compromise splits a text), untagged, as compromise's `fromString` gives them. */
export function wordsOf(sentence: string): TaggedWord[] {
  return splitTerms(sentence).map((term) => {
    const { text, pre, post } = splitPunctuation(term);
    return { text, pre, post, normal: normalOf(text), tags: new Set<string>() };
  });
}

/** Chunks that are not words and join the word before them ("-", "(", "..."). */
const NOT_WORDS = new Set(['.', '?', '!', ':', ';', '-', '–', '—', '--', '...', '(', ')', '[', ']', '"', "'", '`', '«', '»', '*', '•']);
const BOUNDARY = /^[!?.]+$/;

function splitTerms(text: string): string[] {
  const chunks: string[] = [];
  for (const chunk of text.split(/(\S+)/)) {
    if (hasHyphen(chunk)) chunks.push(...splitHyphens(chunk));
    else chunks.push(chunk);
  }
  let terms: (string | null)[] = [];
  let carry = '';
  for (const chunk of chunks) {
    if (chunk !== '' && !NOT_WORDS.has(chunk) && /\S/.test(chunk) && !BOUNDARY.test(chunk)) {
      if (terms.length > 0) {
        terms[terms.length - 1] += carry;
        terms.push(chunk);
      } else terms.push(carry + chunk);
      carry = '';
    } else carry += chunk;
  }
  if (carry) {
    if (terms.length === 0) terms[0] = '';
    terms[terms.length - 1] += carry;
  }
  terms = joinRanges(joinSlashes(terms));
  return terms.filter((term): term is string => Boolean(term));
}

function hasHyphen(chunk: string): boolean {
  if (!/[-–—]/.test(chunk)) return false;
  const parts = chunk.split(/[-–—]/);
  if (parts.length <= 1) return false;
  if (parts[0].length === 1 && /[a-z]/i.test(parts[0])) return false;
  if (Object.hasOwn(prefixes, parts[0])) return false;
  if (Object.hasOwn(suffixes, parts[1].trim().replace(/[.?!]$/, ''))) return false;
  return (
    /^([a-z\u00C0-\u00FF`"'/]+)[-–—]([a-z0-9\u00C0-\u00FF].*)/i.test(chunk) ||
    /^[('"]?([0-9]{1,4})[-–—]([a-z\u00C0-\u00FF`"'/-]+[)'"]?$)/i.test(chunk)
  );
}

function splitHyphens(chunk: string): string[] {
  const parts = chunk.split(/[-–—]/);
  const dash = /[-–—]/.exec(chunk)?.[0] ?? '-';
  return parts.map((part, i) => (i === parts.length - 1 ? part : part + dash));
}

function joinSlashes(terms: (string | null)[]): (string | null)[] {
  for (let i = 1; i < terms.length - 1; i++) {
    if (/\p{L} ?\/ ?\p{L}+$/u.test(terms[i] ?? '')) {
      terms[i - 1] = `${terms[i - 1]}${terms[i]}${terms[i + 1]}`;
      terms[i] = null;
      terms[i + 1] = null;
    }
  }
  return terms;
}

function joinRanges(terms: (string | null)[]): (string | null)[] {
  for (let i = 0; i < terms.length - 1; i++) {
    const [term, next] = [terms[i], terms[i + 1]];
    if (
      term !== null &&
      next &&
      /^[0-9]{1,4}(:[0-9][0-9])?([a-z]{1,2})? ?[-–—] ?$/.test(term) &&
      /^[0-9]{1,4}([a-z]{1,2})? ?$/.test(next)
    ) {
      terms[i] = term + next;
      terms[i + 1] = null;
    }
  }
  return terms;
}

/** Letters and digits (ASCII), then at most a comma or full stop and spaces: what the loops below would split the same way. */
const PLAIN_TERM = /^([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9'’]*[A-Za-z0-9])([,;:]? *)$/;
const LETTER = /\p{Letter}/u;
const NUMBER = /[\p{Number}\p{Currency_Symbol}]/u;
const DOTTED_ACRONYM = /^[a-z]\.([a-z]\.)+/i;
const PLURAL_POSSESSIVE = /[sn]['’]$/;
const FULL_NUMBER = /^[(+-]?\d+(th|st|nd|rd)?[)+-]?$/;

const EMOTICON_STARTS = new Set(Object.keys(emoticons).map((emoticon) => emoticon[0]));

/** A term's word and the punctuation and space before and after it. */
function splitPunctuation(term: string): { text: string; pre: string; post: string } {
  // Looking a term up among the emoticons costs a trimmed copy: done only for one starting as an emoticon does.
  if (EMOTICON_STARTS.has(term.trimStart()[0]) && Object.hasOwn(emoticons, term.trim())) return { text: term.trim(), pre: '', post: ' ' };
  // Most terms are a plain word and a space: "said ", "Baker, ".
  const plain = PLAIN_TERM.exec(term);
  if (plain) return { text: plain[1], pre: '', post: plain[2] };
  const chars = Array.from(term);
  let pre = '';
  let post = '';
  const number = FULL_NUMBER.test(term.trim());
  while (chars.length > 0) {
    const c = chars[0];
    if (prePunctuation[c] === true) break;
    if ((c === '+' || c === '-' || c === '(') && number) break;
    if (LETTER.test(c) || NUMBER.test(c)) break;
    pre += chars.shift();
  }
  while (chars.length > 0) {
    const c = chars[chars.length - 1];
    if (postPunctuation[c] === true) break;
    if (LETTER.test(c) || NUMBER.test(c)) break;
    if (c === '.' && DOTTED_ACRONYM.test(term)) break;
    if (c === "'" && PLURAL_POSSESSIVE.test(term)) break;
    if ((c === '+' || c === ')') && number) break;
    post = chars.pop() + post;
  }
  const text = chars.join('');
  if (text === '') {
    const spaces = / *$/.exec(term)![0];
    return { text: term.slice(0, term.length - spaces.length), pre: '', post: spaces };
  }
  return { text, pre, post };
}

const normals = new Map<string, string>();
const MAX_NORMALS = 200_000;

/** compromise's normal form of a word: lower case, outer punctuation and accents removed, an acronym's full stops dropped. */
function normalOf(text: string): string {
  let normal = normals.get(text);
  if (normal === undefined) {
    normal = withoutAcronymStops(withoutAccents(cleaned(text)));
    if (normals.size >= MAX_NORMALS) normals.clear();
    normals.set(text, normal);
  }
  return normal;
}

function cleaned(text: string): string {
  let str = text.toLowerCase().trim();
  const original = str;
  str = str.replace(/[,;.!?]+$/, '');
  str = str.replace(/\u2026/g, '...');
  str = str.replace(/\u2013/g, '-');
  if (!/^[:;]/.test(str)) {
    str = str.replace(/\.{3,}$/g, '');
    str = str.replace(/[",.!:;?)]+$/g, '');
    str = str.replace(/^['"(]+/g, '');
  }
  str = str.replace(/[\u200B-\u200D\uFEFF]/g, '');
  str = str.trim();
  if (str === '') str = original;
  return str.replace(/([0-9]),([0-9])/g, '$1$2');
}

function withoutAccents(text: string): string {
  let plain = '';
  for (const char of text.split('')) plain += unicode[char] || char;
  return plain;
}

function withoutAcronymStops(text: string): string {
  const acronym =
    /([A-Z]\.)+[A-Z]?,?$/.test(text) || /([a-z]\.)+[a-z]\.?$/.test(text) || /^[A-Z]\.,?$/.test(text) || /[A-Z]{2,}('s|,)?$/.test(text);
  return acronym ? text.replace(/\./g, '') : text;
}
