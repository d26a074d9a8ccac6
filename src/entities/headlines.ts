// Tells headline lines ("Taliban Commander Captured in Kandahar") from running text, and ordinary words from names, for findPeople.
import nlp from 'compromise';

/** Short words a headline leaves in lower case ("Captured in Kandahar", "Pursuit of Commander"). */
const HEADLINE_SMALL_WORDS = new Set(
  'a an the of in on at to for and or but nor by with from as vs via into over after before near per'.split(' '),
);

/** Character spans of the lines of `text` written like headlines: most words capitalised, no closing full stop. */
export function headlineSpans(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  for (const line of text.matchAll(/[^\n]+/g)) {
    const trimmed = line[0].trim();
    if (/[.!?"”’:]$/.test(trimmed)) continue;
    const words = (trimmed.match(/\p{L}[\p{L}\p{N}'’.-]*/gu) ?? []).filter((word) => !HEADLINE_SMALL_WORDS.has(word.toLowerCase()));
    if (words.length < 2) continue;
    const capitalised = words.filter((word) => /^\p{Lu}/u.test(word)).length;
    if (capitalised / words.length >= 0.75) spans.push({ start: line.index, end: line.index + line[0].length });
  }
  return spans;
}

const LEXICON = (nlp.model() as { one: { lexicon: Record<string, string | string[]> } }).one.lexicon;
const NAME_TAGS = new Set(['FirstName', 'LastName', 'MaleName', 'FemaleName', 'Person']);
const PROPER_TAGS = new Set([
  ...NAME_TAGS,
  'ProperNoun',
  'Place',
  'City',
  'Country',
  'Region',
  'Organization',
  'SportsTeam',
  'Honorific',
  'Abbreviation',
  'Acronym',
]);

function lexiconTags(word: string): string[] {
  const key = word.toLowerCase();
  if (!Object.hasOwn(LEXICON, key)) return [];
  const tags = LEXICON[key];
  return Array.isArray(tags) ? tags : String(tags).split(',');
}

/** Whether the NLP library's lexicon reads `word`, lower-cased, as an ordinary word: "Captured", "Involved", "Attacks", "German". */
export function isOrdinaryWord(word: string): boolean {
  const tags = lexiconTags(word);
  return tags.length > 0 && !tags.some((tag) => PROPER_TAGS.has(tag));
}

/** Whether the lexicon reads `word`, lower-cased, as a given name or surname ("rafael", "torres"). */
export function isLexiconName(word: string): boolean {
  return lexiconTags(word).some((tag) => NAME_TAGS.has(tag));
}

/** Whether the lexicon has no entry for `word`, lower-cased ("Lal", "Avinash"). */
export function isUnknownWord(word: string): boolean {
  return lexiconTags(word).length === 0;
}

/** Whether the lexicon reads `word`, lower-cased, as a nationality ("German", "Pakistani"). */
export function isDemonym(word: string): boolean {
  return lexiconTags(word).includes('Demonym');
}
