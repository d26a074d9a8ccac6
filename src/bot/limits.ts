// Discord's size limits and the only helpers allowed to cut or escape text for Discord.
import { escapeMarkdown, type APIEmbed } from 'discord.js';
import { neutraliseControls } from '../corpus/displayText.ts';

export const LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFieldName: 256,
  embedFieldValue: 1024,
  embedFields: 25,
  embedFooter: 2048,
  embedAuthor: 256,
  /** Sum of titles, descriptions, field names/values, footers and author names of one message's embeds. */
  embedsTotal: 6000,
  embeds: 10,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
  threadName: 100,
} as const;

export const ELLIPSIS = '…';

/** The message shape the bot sends: text and embeds, nothing that could ping anyone. */
export interface MessageBody {
  content?: string;
  embeds: APIEmbed[];
}

/** Cuts at `index` or just before it, never between the two halves of a surrogate pair. */
function safeCut(text: string, index: number): string {
  if (index <= 0) return '';
  if (index >= text.length) return text;
  const code = text.charCodeAt(index - 1);
  const splitsPair = code >= 0xd800 && code <= 0xdbff;
  return text.slice(0, splitsPair ? index - 1 : index);
}

const SENTENCE_END = /[.!?…]["'”’)\]]*(?=\s)/g;

/**
 * Shortens `text` to at most `max` UTF-16 units: at the last sentence end that keeps at least half
 * the room, else at the last space, else anywhere safe; an ellipsis marks the cut.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= ELLIPSIS.length + 1) return safeCut(ELLIPSIS, max);
  const room = max - ELLIPSIS.length - 1;
  const head = safeCut(text, room);
  let sentenceEnd = -1;
  for (const match of head.matchAll(SENTENCE_END)) sentenceEnd = match.index + match[0].length;
  if (sentenceEnd >= room / 2) return `${head.slice(0, sentenceEnd)} ${ELLIPSIS}`;
  const wordHead = safeCut(text, max - ELLIPSIS.length);
  const endsAtWord = /\s/.test(text[wordHead.length] ?? ' ');
  const space = wordHead.lastIndexOf(' ');
  const cut = endsAtWord ? wordHead : space >= room / 2 ? wordHead.slice(0, space) : wordHead;
  return `${withoutDanglingEscape(cut.trimEnd())}${ELLIPSIS}`;
}

/** A cut that ends in a lone backslash would escape whatever follows it. */
function withoutDanglingEscape(text: string): string {
  const trailing = /\\+$/.exec(text)?.[0].length ?? 0;
  return trailing % 2 === 1 ? text.slice(0, -1) : text;
}

/**
 * Article text shown as text: no bold, links, headings, lists, quotes or subtext can render from it.
 * Mentions are left as written; `allowedMentions` keeps them from pinging.
 */
export function escapeText(text: string): string {
  // Every `://` escaped, so no address becomes a link (Discord shows `\:` as `:`); the parts between are escaped
  // apart, so discord.js leaves no `_` or `*` unescaped for being "inside an address" that no longer is one.
  const escaped = text
    .split('://')
    .map((part) => escapeMarkdown(part, { heading: true, bulletedList: true, numberedList: true }))
    .join('\\://');
  // Every `[`, not discord.js's escapeMaskedLink: its greedy pattern escapes only the first masked link on a line.
  return escaped.replace(/^(\s*)([>#+-])/gm, '$1\\$2').replace(/\[/g, '\\[');
}

/** `text` fitted to `max`, with control characters neutralised and NUL bytes and lone surrogates gone. */
function fit(text: string, max: number): string {
  return truncate(neutraliseControls(text), max);
}

/** Brings one embed within the per-part limits; no control character, NUL or lone surrogate gets through. */
export function clampEmbed(embed: APIEmbed): APIEmbed {
  const clamped: APIEmbed = { ...embed };
  if (embed.title !== undefined) clamped.title = fit(embed.title, LIMITS.embedTitle);
  if (embed.description !== undefined) clamped.description = fit(embed.description, LIMITS.embedDescription);
  if (embed.footer) clamped.footer = { ...embed.footer, text: fit(embed.footer.text, LIMITS.embedFooter) };
  if (embed.author) clamped.author = { ...embed.author, name: fit(embed.author.name, LIMITS.embedAuthor) };
  if (embed.fields) {
    clamped.fields = embed.fields.slice(0, LIMITS.embedFields).map((field) => ({
      ...field,
      name: fit(field.name, LIMITS.embedFieldName),
      value: fit(field.value, LIMITS.embedFieldValue),
    }));
  }
  return clamped;
}

/** Characters Discord counts toward the 6,000 per message. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0)
  );
}

/**
 * The last word on size: every message the bot sends passes through here. Shrinks descriptions
 * (longest first) until the embeds fit the per-message total, and drops embeds beyond ten.
 */
export function clampMessage(body: MessageBody): MessageBody {
  const embeds = body.embeds.slice(0, LIMITS.embeds).map(clampEmbed);
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const excess = embeds.reduce((sum, embed) => sum + embedLength(embed), 0) - LIMITS.embedsTotal;
    if (excess <= 0) break;
    const longest = embeds.reduce(
      (best, embed, index) => ((embed.description?.length ?? 0) > (embeds[best].description?.length ?? 0) ? index : best),
      0,
    );
    const target = embeds[longest];
    if (!target.description) {
      embeds.splice(longest, 1);
      continue;
    }
    embeds[longest] = { ...target, description: truncate(target.description, Math.max(0, target.description.length - excess)) };
  }
  return {
    ...(body.content !== undefined ? { content: fit(body.content, LIMITS.content) } : {}),
    embeds,
  };
}
