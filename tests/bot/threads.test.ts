// Issue 21 item 3, end to end: a question and its follow-up in the answer's thread, through the real discord.js client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AskQuery } from '../../src/domain/answer.ts';
import { startHarness, type Harness } from './harness.ts';
import { seedArchive, type SeedArchive } from './seedArchive.ts';

const alice = { id: '100000000000000031', username: 'alice' };

describe('follow-up questions in an answer thread (real discord.js client, fake Discord on loopback)', () => {
  let harness: Harness;
  let archive: SeedArchive;
  const asked: AskQuery[] = [];

  beforeAll(async () => {
    archive = seedArchive();
    const ask = archive.ask.bind(archive);
    archive.ask = (query) => {
      asked.push(query);
      return ask(query);
    };
    harness = await startHarness(archive, (fake) => ({ answerInThreads: true, answerChannelIds: [fake.otherChannelId] }));
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('reads "he" in the thread as the person the first question asked about, says so, and keeps its as-of day', async () => {
    const { fake } = harness;
    const first = fake.userMessage(alice, 'What did Azam Khan say about the cypher?', { channelId: fake.otherChannelId });
    await fake.waitForRequest((r) => r.path === `/channels/${fake.otherChannelId}/messages/${first.id}/threads`);
    // Discord gives a thread started from a message that message's id.
    const threadId = first.id as string;
    const answer = await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${threadId}/messages`);
    expect(answer.body.content ?? '').toBe('');
    expect(answer.body.embeds[0].description).toContain('Azam Khan');

    const followUp = fake.userMessage(alice, 'What else did he say?', { channelId: threadId });
    const reply = await fake.waitForRequest(
      (r) => r.method === 'POST' && r.path === `/channels/${threadId}/messages` && r.body.message_reference?.message_id === followUp.id,
    );
    expect(reply.body.content).toBe('*Reading “what else” as what this thread has not shown yet · Reading “he” as Azam Khan*');
    expect(asked.at(-1)).toMatchObject({ question: 'What did Azam Khan say?', asOf: asked[0].asOf });
    // Nothing the thread already showed is shown again.
    const shown = (answer.body.embeds[0].description as string).match(/^> .+$/gm) ?? [];
    for (const line of shown) expect(JSON.stringify(reply.body.embeds)).not.toContain(JSON.stringify(line).slice(1, -1));
    expect(reply.body.allowed_mentions.parse).toEqual([]);
  });
});
