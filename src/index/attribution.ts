// Which person of the directory each direct quotation of an article is attributed to: what "What did X say" reads.
import type { StoredArticle } from '../domain/article.ts';
import type { Speaker } from '../domain/quotation.ts';
import type { PersonDirectory } from '../entities/people.ts';
import type { AttributedQuotation } from './archiveStore.ts';

/** Whether a speaker can be attributed to a person: a name, or a pronoun resolved to one (not a description). */
export function isAttributable(speaker: Speaker): speaker is Speaker & { name: string } {
  return speaker.kind !== 'description' && speaker.kind !== 'unknown' && speaker.name !== null;
}

/** The article's quotations whose speaker is a name (or a pronoun resolved to one) the directory knows. */
export function attributedQuotations(
  article: Pick<StoredArticle, 'id' | 'date' | 'entities'>,
  directory: Pick<PersonDirectory, 'resolveName'>,
): AttributedQuotation[] {
  const attributed: AttributedQuotation[] = [];
  for (const quotation of article.entities.quotations ?? []) {
    const { speaker } = quotation;
    if (!isAttributable(speaker)) continue;
    const person = directory.resolveName(speaker.name);
    if (person === undefined) continue;
    attributed.push({
      articleId: article.id,
      date: article.date,
      person,
      cue: quotation.cue,
      start: quotation.start,
      end: quotation.end,
    });
  }
  return attributed;
}

/** Newest first, then by article and position: the order quotations are listed in. */
export function newestFirst(a: AttributedQuotation, b: AttributedQuotation): number {
  return compare(b.date, a.date) || compare(a.articleId, b.articleId) || a.start - b.start;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
