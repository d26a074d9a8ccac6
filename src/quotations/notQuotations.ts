// Quoted spans that are nobody's words (titles of works, terms, nicknames, scare quotes), as a table of named rules.
import { FINITE_CUES } from './cues.ts';
import type { QuotedSpan } from './marks.ts';

/** What a rule sees of a quoted span: the words inside the marks, and the text on its line just before and after. */
export interface QuotedContext {
  inner: string;
  before: string;
  after: string;
}

export interface NotAQuotation {
  name: string;
  /** A sentence whose quoted span the rule leaves out, for the tests and for readers. */
  example: string;
  test: (quoted: QuotedContext) => boolean;
}

const wordsOf = (inner: string) => inner.split(/\s+/).filter(Boolean);
/** A reporting verb right before the opening mark ("Sanders says “…"). */
const AFTER_CUE = new RegExp(`\\b(?:${FINITE_CUES})\\s*$`, 'i');
const endsLikeSpeech = (inner: string) => /[.,!?;:…—-]$/.test(inner);

/**
 * Tried on every quoted span before attribution; a span any rule fits is narration, even next to a reporting verb.
 * Train figures (PolNeAR) for each are in the README's quotations section.
 */
export const NOT_QUOTATIONS: NotAQuotation[] = [
  {
    name: 'title-of-a-work',
    example: 'Mr. Rubio said in his 2012 book, "An American Son." So they stayed.',
    test: ({ inner, before }) => {
      const words = wordsOf(inner.replace(/[.,!?]$/, ''));
      return (
        words.length > 0 &&
        words.length <= 8 &&
        words.every((word) => word.replace(/^\P{L}+/u, '').length < 4 || /^\P{L}*\p{Lu}/u.test(word)) &&
        /\b(?:book|memoir|novel|film|movie|documentary|ad|advert\w*|commercial|video|song|album|show|series|program|programme|musical|episode|article|essay|op-ed|column|editorial|headline|titled|entitled)\s*[,:]?\s*$/i.test(
          before,
        )
      );
    },
  },
  {
    name: 'term-or-nickname',
    example: 'She also maneuvered around the charged term, "radical Islam," which some Republicans want.',
    test: ({ inner, before }) =>
      wordsOf(inner).length <= 6 &&
      /\b(?:so-called|known as|dubbed|nicknamed|(?:the|charged|new|his|her|their)\s+(?:term|phrase|word|words|label|slogan|moniker|nickname|hashtag))\s*[,:]?\s*$/i.test(
        before,
      ),
  },
  {
    name: 'nickname-before-a-name',
    example: 'Then he turned to "little" Marco Rubio.',
    test: ({ inner, after }) => wordsOf(inner).length <= 2 && !endsLikeSpeech(inner) && /^\s\p{Lu}\p{Ll}/u.test(after),
  },
  {
    name: 'scare-quote',
    example: 'Trump would have a path to nomination, which he declared "a total disaster" for his party.',
    test: ({ inner, after }) =>
      wordsOf(inner).length <= 3 && /^\P{L}*\p{Ll}/u.test(inner) && !endsLikeSpeech(inner) && /^\s+\p{Ll}/u.test(after),
  },
  {
    name: 'phrase-of-indirect-speech',
    example: 'Vermont Sen. Bernie Sanders says “the wind is at our backs” despite his loss in Nevada.',
    test: ({ inner, before, after }) => /^\P{L}*\p{Ll}/u.test(inner) && /^\s+\p{Ll}/u.test(after) && AFTER_CUE.test(before),
  },
];

/** The rule that makes `span` of `text` narration, if any. */
export function notAQuotation(text: string, span: QuotedSpan): string | undefined {
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
  const lineEnd = text.indexOf('\n', span.end);
  const context: QuotedContext = {
    inner: text
      .slice(span.start, span.end)
      .replace(/^(?:``|''|["“”„«‘'])/, '')
      .replace(/(?:''|["“”»’'])$/, '')
      .trim(),
    before: text.slice(Math.max(lineStart, span.start - 60), span.start),
    after: text.slice(span.end, Math.min(lineEnd < 0 ? text.length : lineEnd, span.end + 30)),
  };
  return NOT_QUOTATIONS.find((rule) => rule.test(context))?.name;
}
