// Issue 9.9: the question echoed as an answer's embed title is sanitised, cut to a title's length and escaped;
// nothing the bot sends carries a NUL, a lone surrogate or a control character.
import { describe, expect, it } from 'vitest';
import { answerPages } from '../../src/bot/format.ts';
import { clampMessage } from '../../src/bot/limits.ts';

const quote = { article: 'a.txt', date: '2024-01-01', text: 'The crane fell.', highlight: 'The crane fell.', score: 1 };
// eslint-disable-next-line no-control-regex -- what must not reach Discord
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('the question echoed into the answer title', () => {
  it('loses NUL bytes, lone surrogates and control characters, and is markdown-escaped', () => {
    const query = 'Why **did**\u0000 the [crane](http://evil.example) \u001b[2Jfall\ud800 ~~today~~?';
    const [page] = answerPages({ query, answered: true, quotes: [quote] }, 3);
    const title = page.embeds[0].title ?? '';
    expect(title).not.toMatch(UNSAFE);
    expect(title).toBe('“Why \\*\\*did\\*\\* the \\[crane](http\\://evil.example) ␛\\[2Jfall\ufffd \\~\\~today\\~\\~?”');
  });

  it("is cut to 200 characters of question, not Discord's whole 256", () => {
    const [page] = answerPages({ query: 'word '.repeat(100).trim(), answered: true, quotes: [quote] }, 3);
    expect((page.embeds[0].title ?? '').length).toBeLessThanOrEqual(202);
  });

  it('every part of every message is cleaned at the last step, clampMessage', () => {
    const dirty = 'a\u0000b\ud800c\u001b]0;x\u0007d';
    const body = clampMessage({
      content: dirty,
      embeds: [
        { title: dirty, description: dirty, footer: { text: dirty }, author: { name: dirty }, fields: [{ name: dirty, value: dirty }] },
      ],
    });
    expect(JSON.stringify(body)).not.toMatch(/\\u0000|\\ud800|\\u001b|\\u0007/);
    expect(body.content).toBe('ab\ufffdc␛]0;x␇d');
  });
});
