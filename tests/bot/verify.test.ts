// /verify end to end (issue 21): the real discord.js client against the fake Discord, each verdict rendered as a reader sees it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.ts';
import { expectWithinDiscordLimits } from './limits-check.ts';
import { seedArchive } from './seedArchive.ts';

const alice = { id: '100000000000000001', username: 'alice' };
const EPHEMERAL = 64;

describe('/verify', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness(seedArchive());
  });
  afterAll(async () => {
    await harness?.stop();
  });

  async function verify(options: Record<string, string>) {
    const interaction = harness.fake.slashCommand(alice, 'verify', options);
    const reply = await harness.fake.waitForRequest((request) => request.path.startsWith(`/interactions/${interaction.id}/`));
    expectWithinDiscordLimits(reply.body.data);
    expect(reply.body.data.allowed_mentions.parse).toEqual([]);
    return reply.body.data;
  }

  it.each([
    [
      'Found word for word',
      { quote: '"hackers bid to get sensitive data by sending WhatsApp links"' },
      [
        '> Hackers bid to get sensitive data by sending WhatsApp links.',
        '— 25 Aug 2023 · *PMO says security agencies are fully alert in this…*',
      ],
    ],
    [
      'Found with differences',
      { quote: 'Hackers tried to get secret data by sending WhatsApp links' },
      [
        '> Hackers ~~tried~~ **bid** to get ~~secret~~ **sensitive** data by sending WhatsApp links.',
        '~~struck~~: your wording · **bold**: the archive’s',
      ],
    ],
    [
      'Found, credited to someone else',
      { quote: 'Sir, I was thinking that we should hold a meeting on this cypher issue', speaker: 'Imran Khan' },
      ['The archive credits these words to **Azam Khan**', '— 28 Sep 2022 · Azam Khan, quoted in'],
    ],
    [
      'Part of a longer quotation',
      { quote: 'get sensitive data by sending' },
      ['Your words (in bold) are part of this:', '> "Hackers bid to **get sensitive data by sending** WhatsApp links."'],
    ],
    ['Not in the archive', { quote: 'The finance minister promised farmers a new budget next spring.' }, ['That does not make them false']],
  ])('%s', async (title, options, lines) => {
    const data = await verify(options);
    const [embed] = data.embeds;
    expect(embed.title).toBe(title);
    for (const line of lines) expect(embed.description).toContain(line);
    expect(embed.title).not.toMatch(/false/i);
    expect(embed.description).not.toContain('.txt');
  });

  it('answers an empty quotation privately with an example', async () => {
    const data = await verify({ quote: '…' });
    expect(data.flags).toBe(EPHEMERAL);
    expect(data.content).toContain('Give the quotation to check');
  });
});
