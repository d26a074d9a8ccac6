// Checks a quotation against the archive: its closest wording, who the article credits it to, and one verdict.
import { citationOf } from '../corpus/label.ts';
import type { ArticleCitation, StoredArticle } from '../domain/article.ts';
import { UserError } from '../domain/errors.ts';
import type { Quotation } from '../domain/quotation.ts';
import type { Verdict, Verification, VerifiedMatch, VerifyOptions, WordingDifference } from '../domain/verification.ts';
import { OPEN_END, OPEN_START } from '../entities/dateQuery.ts';
import { nameKey } from '../entities/people.ts';
import type { ArchiveStore, PeopleIndex } from '../index/archiveStore.ts';
import { unpaced, type Pace } from '../pace.ts';
import { align, type Alignment } from './align.ts';
import { checkedWords, wordsOf } from './words.ts';

/** The longest quotation checked, in characters. */
export const MAX_CHECKED_CHARS = 1000;

/** How quotation checking finds and judges its candidates; documented tunables, as data. */
export const VERIFY_SETTINGS = {
  /** The checked text's rarest words used to pick candidate articles. */
  anchors: 8,
  /** Candidate articles aligned word by word (also the most occurrences listed). */
  candidates: 40,
  /**
   * Words added, missing or changed that a quotation of `words` words may have and still be "found with
   * differences": none under four words, then about three in ten, at most three plus one per ten words.
   */
  maxEdits: (words: number): number => (words < 4 ? 0 : Math.min(Math.round(0.3 * words), 3 + Math.floor(words / 10))),
};

/** What the verdict rests on. */
interface Evidence {
  found: boolean;
  edits: number;
  speakerGiven: boolean;
  creditedToSpeaker: boolean;
  /** The fit starts and ends where a sentence or quotation does. */
  whole: boolean;
}

/** The verdicts, first that applies wins. */
export const VERDICT_RULES: { verdict: Verdict; applies: (evidence: Evidence) => boolean }[] = [
  { verdict: 'absent', applies: (evidence) => !evidence.found },
  { verdict: 'misattributed', applies: (evidence) => evidence.speakerGiven && !evidence.creditedToSpeaker },
  { verdict: 'differences', applies: (evidence) => evidence.edits > 0 },
  { verdict: 'partial', applies: (evidence) => !evidence.whole },
  { verdict: 'verbatim', applies: () => true },
];

/** An article's words as ids into the checker's vocabulary, with offsets. */
interface ArticleWords {
  ids: Int32Array;
  starts: Uint32Array;
  ends: Uint32Array;
}

interface Fit {
  article: number;
  alignment: Alignment;
}

/** What checking reads from the archive's store: every article once (to index its words), then the few it lands on. */
export type VerifierStore = Pick<ArchiveStore, 'articles' | 'articlesPublished'> & { people: Pick<PeopleIndex, 'resolve'> };

/** Articles read from the store at a time while indexing their words. */
const INDEXING_BATCH = 256;

export class QuoteVerifier {
  private readonly vocabulary = new Map<string, number>();
  private readonly words: ArticleWords[] = [];
  /** Word id → the articles holding it (ascending, once each). */
  private readonly postings: number[][] = [];

  /** The checker over every article of `store`, its words indexed in batches with `pace` between them. */
  static async create(store: VerifierStore, pace: Pace = unpaced): Promise<QuoteVerifier> {
    const citations = await store.articlesPublished({ from: OPEN_START, to: OPEN_END });
    const verifier = new QuoteVerifier(store, citations);
    for (let from = 0; from < citations.length; from += INDEXING_BATCH) {
      await pace();
      const batch = citations.slice(from, from + INDEXING_BATCH);
      const articles = await store.articles(batch.map((citation) => citation.article));
      for (const [at, citation] of batch.entries()) verifier.addWords(from + at, articles.get(citation.article)?.text ?? '');
    }
    return verifier;
  }

  private constructor(
    private readonly store: VerifierStore,
    /** Every article, oldest first: an article's number is its place here. */
    private readonly citations: ArticleCitation[],
  ) {}

  private addWords(index: number, text: string): void {
    const { keys, starts, ends } = wordsOf(text);
    const ids = new Int32Array(keys.length);
    for (const [at, key] of keys.entries()) {
      let id = this.vocabulary.get(key);
      if (id === undefined) {
        id = this.postings.length;
        this.vocabulary.set(key, id);
        this.postings.push([]);
      }
      ids[at] = id;
      const holding = this.postings[id];
      if (holding.at(-1) !== index) holding.push(index);
    }
    this.words[index] = { ids, starts: Uint32Array.from(starts), ends: Uint32Array.from(ends) };
  }

  /** How many articles are checked against. */
  get size(): number {
    return this.citations.length;
  }

  async verify(quote: string, options: VerifyOptions = {}): Promise<Verification> {
    const checked = checkedWords(checkQuotation(quote));
    const speaker = options.speaker?.trim() || undefined;
    // A word the archive never uses matches nothing, not even another such word.
    const ids = Int32Array.from(checked.keys, (key, at) => this.vocabulary.get(key) ?? -1 - at);
    const fits = this.candidates(ids)
      .map((article) => ({ article, alignment: align(ids, checked.omissionBefore, this.words[article].ids) }))
      .filter((fit): fit is Fit => fit.alignment !== undefined);
    const fewest = Math.min(...fits.map((fit) => fit.alignment.edits));
    const base = { quote, ...(speaker ? { speaker } : {}) };
    if (fits.length === 0 || fewest > VERIFY_SETTINGS.maxEdits(checked.keys.length)) return { ...base, verdict: 'absent', matches: [] };

    // Articles are numbered oldest first: the earliest occurrence comes first.
    const best = fits.filter((fit) => fit.alignment.edits === fewest).sort((a, b) => a.article - b.article);
    const wording = (fit: Fit) => this.words[fit.article].ids.slice(fit.alignment.first, fit.alignment.last + 1).join(' ');
    const sameWording = best.filter((fit) => wording(fit) === wording(best[0]));
    const articles = await this.store.articles(sameWording.map((fit) => this.citations[fit.article].article));
    const occurrences: VerifiedMatch[] = [];
    for (const fit of sameWording) {
      const article = articles.get(this.citations[fit.article].article);
      if (article) occurrences.push(await this.match(fit, article, quote, checked));
    }
    if (occurrences.length === 0) return { ...base, verdict: 'absent', matches: [] };
    const credited = await Promise.all(occurrences.map((match) => (speaker ? this.sameSpeaker(speaker, match.speaker) : false)));
    const lead = occurrences[Math.max(0, credited.indexOf(true))];
    const evidence: Evidence = {
      found: true,
      edits: fewest,
      speakerGiven: speaker !== undefined,
      creditedToSpeaker: credited.includes(true),
      whole: lead.whole === undefined,
    };
    const verdict = VERDICT_RULES.find((rule) => rule.applies(evidence))!.verdict;
    return { ...base, verdict, matches: [lead, ...occurrences.filter((match) => match !== lead)] };
  }

  /** Articles holding the most of the checked text's rarest words, best first. */
  private candidates(ids: Int32Array): number[] {
    const known = [...new Set(ids)].filter((id) => id >= 0).sort((a, b) => this.postings[a].length - this.postings[b].length);
    const scores = new Map<number, number>();
    for (const id of known.slice(0, VERIFY_SETTINGS.anchors)) {
      const weight = Math.log(1 + this.citations.length / this.postings[id].length);
      for (const article of this.postings[id]) scores.set(article, (scores.get(article) ?? 0) + weight);
    }
    return [...scores.entries()]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, VERIFY_SETTINGS.candidates)
      .map(([article]) => article);
  }

  /** The fit as a reader sees it: the archive's wording, its differences from the checked text, its speaker and its whole. */
  private async match(fit: Fit, article: StoredArticle, quote: string, checked: ReturnType<typeof checkedWords>): Promise<VerifiedMatch> {
    const words = this.words[fit.article];
    const { alignment } = fit;
    const start = words.starts[alignment.first];
    const lastEnd = words.ends[alignment.last];
    // The sentence's closing mark belongs to the wording shown.
    const end = lastEnd + (/^[.!?]*/.exec(article.text.slice(lastEnd, lastEnd + 3))?.[0].length ?? 0);
    const differences = wordingDifferences(alignment, words, article.text, start, quote, checked);
    const quotation = enclosingQuotation(article, start, end);
    const speaker = quotation ? await this.creditedName(quotation) : undefined;
    const whole = startsAtBoundary(article, words, alignment.first, quotation) && endsAtBoundary(article, words, alignment.last, quotation);
    return {
      ...citationOf(article),
      text: article.text.slice(start, end),
      ...(speaker ? { speaker } : {}),
      ...(differences.length > 0 ? { differences } : {}),
      ...(whole ? {} : { whole: wholeAround(article, start, end, quotation) }),
    };
  }

  /** Who a quotation is credited to: the person's canonical name when the directory knows them, else as written. */
  private async creditedName(quotation: Quotation): Promise<string | undefined> {
    const name = quotation.speaker.name;
    if (!name) return undefined;
    const resolution = await this.store.people.resolve(name);
    return resolution.kind === 'found' ? resolution.person.name : name;
  }

  /** Whether `given` (any alias) names whoever the article credits; a name the directory does not know is compared by its last word. */
  private async sameSpeaker(given: string, credited: string | undefined): Promise<boolean> {
    if (!credited) return false;
    const resolution = await this.store.people.resolve(given);
    if (resolution.kind === 'found') return resolution.person.name === credited;
    if (resolution.kind === 'ambiguous') return resolution.candidates.some((person) => person.name === credited);
    const lastWord = (name: string) => nameKey(name).split(' ').at(-1) ?? '';
    return nameKey(given) === nameKey(credited) || (lastWord(given) !== '' && lastWord(given) === lastWord(credited));
  }
}

/** The text to check, trimmed; a UserError for none or too much. */
export function checkQuotation(quote: string): string {
  const text = quote.trim();
  if (wordsOf(text).keys.length === 0) throw new UserError('Give the quotation to check, e.g. "Hackers bid to get sensitive data".');
  if (text.length > MAX_CHECKED_CHARS)
    throw new UserError(`That quotation is ${text.length} characters; check at most ${MAX_CHECKED_CHARS} at a time.`);
  return text;
}

/** The alignment's edits as runs of differing words, with the archive's side as offsets into the match's text. */
function wordingDifferences(
  alignment: Alignment,
  words: ArticleWords,
  text: string,
  start: number,
  quote: string,
  checked: ReturnType<typeof checkedWords>,
): WordingDifference[] {
  const differences: WordingDifference[] = [];
  let run: { archive: [number, number] | undefined; checked: [number, number] | undefined; at: number } | undefined;
  const close = () => {
    if (!run) return;
    const archive = run.archive;
    const said = run.checked;
    differences.push({
      kind: archive && said ? 'changed' : archive ? 'missing' : 'added',
      archive: archive ? text.slice(words.starts[archive[0]], words.ends[archive[1]]) : '',
      checked: said ? quote.slice(checked.starts[said[0]], checked.ends[said[1]]) : '',
      start: archive ? words.starts[archive[0]] - start : run.at,
      end: archive ? words.ends[archive[1]] - start : run.at,
    });
    run = undefined;
  };
  const widen = (range: [number, number] | undefined, index: number): [number, number] => (range ? [range[0], index] : [index, index]);
  let position = 0;
  for (const step of alignment.steps) {
    if (step.kind === 'same' || step.kind === 'omitted') {
      close();
      position = words.ends[step.archive] - start;
      continue;
    }
    run ??= { archive: undefined, checked: undefined, at: position };
    if (step.kind !== 'added') run.archive = widen(run.archive, step.archive);
    if (step.kind !== 'missing') run.checked = widen(run.checked, step.checked);
  }
  close();
  return differences;
}

/** The attributed quotation holding most of [start, end). */
function enclosingQuotation(article: StoredArticle, start: number, end: number): Quotation | undefined {
  return (article.entities.quotations ?? []).find(
    (quotation) => Math.min(end, quotation.end) - Math.max(start, quotation.start) >= (end - start) / 2,
  );
}

/** Offsets where a sentence, paragraph or quoted piece begins or ends: a whole quotation runs between two of them. */
function boundaries(article: StoredArticle, quotation: Quotation | undefined): number[] {
  const marks = article.sentences.flatMap((sentence) => [sentence.start, sentence.end]);
  for (const piece of quotation?.pieces ?? []) marks.push(piece.start, piece.end);
  for (let at = article.text.indexOf('\n'); at >= 0; at = article.text.indexOf('\n', at + 1)) marks.push(at);
  return marks;
}

function startsAtBoundary(article: StoredArticle, words: ArticleWords, first: number, quotation: Quotation | undefined): boolean {
  const from = first > 0 ? words.ends[first - 1] : 0;
  return first === 0 || boundaries(article, quotation).some((mark) => from <= mark && mark <= words.starts[first]);
}

function endsAtBoundary(article: StoredArticle, words: ArticleWords, last: number, quotation: Quotation | undefined): boolean {
  const to = last + 1 < words.ids.length ? words.starts[last + 1] : article.text.length;
  return last + 1 === words.ids.length || boundaries(article, quotation).some((mark) => words.ends[last] <= mark && mark <= to);
}

/** The whole quoted piece a fragment was cut from (a quotation continued over paragraphs has one per paragraph), else the sentences holding it. */
function wholeAround(article: StoredArticle, start: number, end: number, quotation: Quotation | undefined): string {
  const piece = quotation?.pieces.find((candidate) => candidate.start <= start && end <= candidate.end);
  if (piece) return article.text.slice(piece.start, piece.end);
  if (quotation && quotation.start <= start && end <= quotation.end) return article.text.slice(quotation.start, quotation.end);
  const first = article.sentences.find((sentence) => sentence.end > start) ?? { start };
  const last = [...article.sentences].reverse().find((sentence) => sentence.start < end) ?? { end };
  return article.text.slice(Math.min(first.start, start), Math.max(last.end, end));
}
