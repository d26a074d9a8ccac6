// Issue 23.9 (the bot's part): a feedback comment is kept whole past a NUL and cut to its limit by the bot itself,
// and a button the bot does not know still gets an answer.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotState } from '../../src/ops/botState.ts';
import { startHarness, type Harness } from './harness.ts';
import { seedArchive } from './seedArchive.ts';

const EPHEMERAL = 64;
const alice = { id: '100000000000000041', username: 'alice' };

describe('small things a crafted interaction can do (issue 23.9)', () => {
  let dir: string;
  let statePath: string;
  let harness: Harness;
  const callback = (interaction: { id: string }) =>
    harness.fake.waitForRequest((r) => r.path.startsWith(`/interactions/${interaction.id}/`));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bot-small-'));
    statePath = join(dir, 'state.sqlite');
    harness = await startHarness(seedArchive(), { statePath });
  });
  afterAll(async () => {
    await harness?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a 👎 comment without its NUL bytes (not cut at the first one) and no longer than 1,000 characters', async () => {
    const { fake } = harness;
    const asked = fake.slashCommand(alice, 'ask', { question: 'Who was informed by the Intelligence Bureau about the hacking?' });
    await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(asked.token));
    const message = fake.originalMessage(asked)!;
    const buttons = (message.components as { components: { custom_id: string; emoji?: { name: string } }[] }[]).flatMap(
      (row) => row.components,
    );
    const down = await callback(fake.clickButton(alice, message.id as string, buttons.find((b) => b.emoji?.name === '👎')!.custom_id));
    const input = down.body.data.components[0].component.custom_id;
    // A client can send what the modal's max length would not let a person type.
    const comment = `wrong\u0000 official${' and more'.repeat(1_000)}`;
    await callback(fake.submitModal(alice, down.body.data.custom_id, { [input]: comment }, message.id as string));
    const state = BotState.open(statePath);
    const [vote] = state.feedback();
    state.close();
    expect(vote.comment?.startsWith('wrong official and more')).toBe(true);
    expect(vote.comment!.length).toBeLessThanOrEqual(1_000);
  });

  it('answers a button it does not know, privately, instead of leaving "This interaction failed"', async () => {
    const { fake } = harness;
    const asked = fake.slashCommand(alice, 'sources');
    await callback(asked);
    const reply = await callback(fake.clickButton(alice, fake.originalMessage(asked)!.id as string, 'someone-else:123'));
    expect(reply.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(reply.body.data.content).toMatch(/button/);
  });
});
