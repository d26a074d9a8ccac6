// Asserts a message body the bot sent is within every Discord limit (test helper).
import { expect } from 'vitest';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

interface SentEmbed {
  title?: string;
  description?: string;
  footer?: { text: string };
  author?: { name: string };
  fields?: { name: string; value: string }[];
}

export function expectWithinDiscordLimits(message: { content?: string; embeds?: SentEmbed[] }): void {
  const texts: string[] = [];
  if (message.content !== undefined) {
    expect(message.content.length).toBeLessThanOrEqual(2000);
    texts.push(message.content);
  }
  const embeds = message.embeds ?? [];
  expect(embeds.length).toBeLessThanOrEqual(10);
  let total = 0;
  for (const embed of embeds) {
    expect(embed.title?.length ?? 0).toBeLessThanOrEqual(256);
    expect(embed.description?.length ?? 0).toBeLessThanOrEqual(4096);
    expect(embed.footer?.text.length ?? 0).toBeLessThanOrEqual(2048);
    expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(25);
    for (const field of embed.fields ?? []) {
      expect(field.name.length).toBeLessThanOrEqual(256);
      expect(field.value.length).toBeLessThanOrEqual(1024);
      texts.push(field.name, field.value);
      total += field.name.length + field.value.length;
    }
    for (const text of [embed.title, embed.description, embed.footer?.text, embed.author?.name]) {
      if (text === undefined) continue;
      texts.push(text);
      total += text.length;
    }
  }
  expect(total).toBeLessThanOrEqual(6000);
  for (const text of texts) expect(LONE_SURROGATE.test(text), `lone surrogate in ${text.slice(0, 80)}`).toBe(false);
}

/**
 * The links Discord would render in `markdown`, escapes honoured: masked links `[text](target)` by their target,
 * and bare or `<…>` web addresses. Deliberately eager (any `[…](` counts), so a test using it errs towards failing.
 */
export function liveLinks(markdown: string): string[] {
  // An escaped character (`\` before punctuation) is plain text: it can neither open a link nor form `://`.
  const plain = markdown.replace(/\\[^0-9A-Za-z\s]/g, '__');
  const links: string[] = [];
  const withoutMasked = plain.replace(/\[(?:[^[\]]|\[[^\]]*\])*\]\(\s*<?([^\s)]*)[^)]*\)?/g, (_, target: string) => {
    links.push(target);
    return ' ';
  });
  for (const match of withoutMasked.matchAll(/[A-Za-z][\w+.-]*:\/\/[^\s<>]*/g)) links.push(match[0]);
  return links;
}
