// Issue 19, silence for chat: in an answer channel, chat gets no reply, costs no search and no rate limit; a plain question is answered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMessageSet } from '../../eval/messages.ts';
import { startHarness, type Harness } from './harness.ts';
import { seedArchive } from './seedArchive.ts';

const carol = { id: '100000000000000021', username: 'carol' };

describe('issue 19: chat in an answer channel (real discord.js client, fake Discord on loopback)', () => {
  let harness: Harness;
  let searches = 0;

  beforeAll(async () => {
    const archive = seedArchive();
    const counted = { ...archive, ask: (...args: Parameters<typeof archive.ask>) => (searches++, archive.ask(...args)) };
    // Two searches a minute: had chat been charged, the question after it would be refused.
    harness = await startHarness(counted, (fake) => ({ answerChannelIds: [fake.otherChannelId], rateLimitPerMinute: 2 }));
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('posts nothing for a run of chat lines, searches none of them, then answers a plain question', async () => {
    const { fake } = harness;
    const before = fake.requests.length;
    const chat = loadMessageSet('chat').filter((_, index) => index % 8 === 0);
    expect(chat.length).toBeGreaterThan(25);
    for (const line of chat) fake.userMessage(carol, line, { channelId: fake.otherChannelId });
    const question = fake.userMessage(carol, 'who was informed by the Intelligence Bureau about the hacking', {
      channelId: fake.otherChannelId,
    });
    const answer = await fake.waitForRequest((r) => r.body?.message_reference?.message_id === question.id);
    expect(answer.body.embeds[0].description).toContain('Intelligence Bureau');
    const posted = fake.requests
      .slice(before)
      .filter((r) => r.method === 'POST' && r.path.startsWith(`/channels/${fake.otherChannelId}/`) && r.path.endsWith('/messages'));
    expect(posted).toHaveLength(1);
    expect(searches).toBe(1);
  });
});
