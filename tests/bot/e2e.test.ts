import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.ts';
import { seedArchive, type SeedArchive } from './seedArchive.ts';

describe('bot end to end (real discord.js client, fake Discord on loopback)', () => {
  let harness: Harness;
  let archive: SeedArchive;
  const alice = { id: '100000000000000001', username: 'alice' };

  beforeAll(async () => {
    archive = seedArchive();
    harness = await startHarness(archive);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('defers /ask, then edits in a verbatim dated quote', async () => {
    const { fake } = harness;
    const interaction = fake.slashCommand(alice, 'ask', { question: 'Who was informed by the Intelligence Bureau about the hacking?' });
    const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(interaction.token));
    const [callback] = fake.requestsFor(interaction);
    expect(callback.body.type).toBe(5);
    console.log(JSON.stringify(edit.body, null, 1));
  });
  it("logs", () => {
    console.log(JSON.stringify(harness.logs, null, 1));
  });
});
