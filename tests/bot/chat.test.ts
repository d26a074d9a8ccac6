// Silence for chat (issue 19): the rules telling a question or lookup from chat, each with its cases, and both message sets.
import { describe, expect, it } from 'vitest';
import { CHAT_RULES, chatRuleFor, readsAsQuestion } from '../../src/bot/chat.ts';
import { measureMessageSet } from '../../eval/messages.ts';

describe('chat rules (first match decides)', () => {
  const cases: [rule: string, text: string, question: boolean][] = [
    ['shares a link or pings someone', 'check this out https://example.com/story', false],
    ['shares a link or pings someone', '@Sara you around', false],
    ['a short reaction (only chat words, or none)', 'lol same', false],
    ['a short reaction (only chat words, or none)', '👍', false],
    ['an exclamation ("what a week")', 'what a mess', false],
    ['a shrug ("who cares")', 'who cares', false],
    ['a shrug ("who cares")', 'what else', false],
    ['ends with a question mark', 'what else did he say?', true],
    ['ends with a question mark', 'the finance minister resigned?', true],
    ['asks to look something up', 'find the leak story', true],
    ['asks to look something up', 'any news on the audio leaks', true],
    ['asks to look something up', "I'm looking for the story about the PMO warning", true],
    ['opens with a question word', 'who replaced miftah ismail', true],
    ['ends with an exclamation mark', 'Pakistan won the match!', false],
    ['opens with chat', 'great innings by Babar', false],
    ['opens with an auxiliary and a third-person subject', 'did Azam Khan say they should hold a meeting', true],
    ['talks like a person', 'our class read the leak story today', false],
    ['talks like a person', 'that interview was something else', false],
    ['a keyword search', 'Imran Khan cypher audio', true],
    ['a keyword search', 'audio leaks dark web', true],
  ];

  it('has cases for every rule', () => {
    expect(new Set(cases.map(([rule]) => rule))).toEqual(new Set(CHAT_RULES.map(({ name }) => name)));
  });

  it.each(cases)('%s: %j', (rule, text, question) => {
    expect(chatRuleFor(text)?.name).toBe(rule);
    expect(readsAsQuestion(text)).toBe(question);
  });

  it('reads lower-case chat without any signal as chat, not as a search', () => {
    expect(chatRuleFor('coffee break')).toBeUndefined();
    expect(readsAsQuestion('coffee break')).toBe(false);
  });
});

describe('the message sets (tests/fixtures/messages)', () => {
  it('answers at most 1% of the chat set (>= 200 lines)', () => {
    const chat = measureMessageSet('chat');
    expect(chat.lines).toBeGreaterThanOrEqual(200);
    expect(chat.answered / chat.lines).toBeLessThanOrEqual(0.01);
  });

  it('answers every line of the question set (>= 100 lines)', () => {
    const questions = measureMessageSet('questions');
    expect(questions.lines).toBeGreaterThanOrEqual(100);
    expect(questions.wrong).toEqual([]);
  });
});
