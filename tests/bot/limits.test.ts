import { describe, expect, it } from 'vitest';
import { LIMITS, clampMessage, embedLength, escapeText, truncate } from '../../src/bot/limits.ts';
import { expectWithinDiscordLimits } from './limits-check.ts';

describe('truncate', () => {
  it('leaves short text alone', () => {
    expect(truncate('Short.', 10)).toBe('Short.');
  });

  it('cuts at the last sentence end that keeps at least half the room, with an ellipsis', () => {
    const text = 'The PMO issued a warning. Officials were told to stay alert. Hackers sent links.';
    expect(truncate(text, 70)).toBe('The PMO issued a warning. Officials were told to stay alert. …');
  });

  it('falls back to a word boundary when no sentence ends in time', () => {
    expect(truncate('one two three four five six seven eight', 20)).toBe('one two three four…');
  });

  it('never splits a surrogate pair and never exceeds the limit', () => {
    const text = '😀'.repeat(50);
    for (let max = 1; max < 30; max += 1) {
      const cut = truncate(text, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(cut)).toBe(false);
    }
  });

  it('does not leave a dangling escape backslash before the ellipsis', () => {
    const cut = truncate(escapeText('a'.repeat(10) + '*'.repeat(40)), 25);
    expect(cut.endsWith('\\…')).toBe(false);
  });
});

describe('escapeText', () => {
  it('stops bold, links, headings, lists, quotes and subtext from rendering', () => {
    const escaped = escapeText('**bold** [site](https://x.y)\n# Heading\n> quoted\n- item\n-# subtext\n1. first');
    expect(escaped).toBe('\\*\\*bold\\*\\* \\[site](https\\://x.y)\n\\# Heading\n\\> quoted\n\\- item\n\\-# subtext\n1\\. first');
  });

  it('keeps mentions as written (allowed_mentions stops the ping)', () => {
    expect(escapeText('@everyone <@123> <@&456>')).toBe('@everyone <@123> <@&456>');
  });
});

describe('clampMessage', () => {
  it('brings every part and the total within Discord limits', () => {
    const long = 'Sentence one is here. '.repeat(400);
    const clamped = clampMessage({
      content: long,
      embeds: Array.from({ length: 12 }, () => ({
        title: long,
        description: long,
        footer: { text: long },
        fields: Array.from({ length: 30 }, () => ({ name: long, value: long })),
      })),
    });
    expectWithinDiscordLimits(clamped);
    expect(clamped.embeds.length).toBeLessThanOrEqual(LIMITS.embeds);
    expect(clamped.embeds.reduce((sum, embed) => sum + embedLength(embed), 0)).toBeLessThanOrEqual(LIMITS.embedsTotal);
  });
});
