// Who said what, end to end (issue 13): quotations stored in a real index of the seeds, /said over the real
// discord.js client against the fake Discord, "What did X say?" in /ask, and speakers named under quotes.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../src/archive.ts';
import { loadArchiveIndex, openArchive } from '../../src/openArchive.ts';
import { seedIndex } from '../support/seedIndex.ts';
import { startHarness, type Harness } from './harness.ts';
import { expectWithinDiscordLimits } from './limits-check.ts';

const root = join(import.meta.dirname, '../..');
const seedTexts = readdirSync(join(root, 'seeds')).map((file) => readFileSync(join(root, 'seeds', file), 'utf8'));
const alice = { id: '100000000000000001', username: 'alice' };
const EPHEMERAL = 64;
const unescape = (text: string) => text.replace(/\\([\\*_`~|>#\-+[\].])/g, '$1');

describe('who said what (real index of the seeds)', () => {
  let archive: Archive;
  let harness: Harness;

  beforeAll(async () => {
    archive = await openArchive(seedIndex().config);
    harness = await startHarness(archive);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('stores every quotation with its speaker in the index at build time', async () => {
    const { config } = seedIndex();
    const index = await loadArchiveIndex(config.indexDir, config);
    const stored = [...index.articles.values()].flatMap((article) =>
      (article.entities.quotations ?? []).map((quotation) => ({
        speaker: quotation.speaker.name,
        text: article.text.slice(quotation.start, quotation.end),
      })),
    );
    // Azam Khan's two paragraphs are one quotation in two pieces; Imran Khan's repeated "Let's play with it" is one.
    expect(stored.filter((quotation) => quotation.speaker === 'Azam Khan')).toHaveLength(1);
    expect(stored.filter((quotation) => quotation.speaker === 'Imran Khan')).toHaveLength(2);
    expect(stored.map((quotation) => quotation.speaker)).toEqual(expect.arrayContaining(['the PM Office', 'the communique']));
  });

  it("said() gives a person's own quotations, newest first, any alias, filtered by about: and dates", async () => {
    const azam = await archive.said({ speaker: 'azam khan' });
    expect(azam).toMatchObject({ found: true, person: 'Azam Khan' });
    if (!azam.found) return;
    expect(azam.quotations.map((quotation) => quotation.text.slice(0, 15))).toEqual(['"Sir, I was thi']);
    expect(azam.quotations[0].text).toMatch(/according to our wishes\."$/);
    for (const quotation of azam.quotations) expect(seedTexts.some((text) => text.includes(quotation.text))).toBe(true);
    const imran = await archive.said({ speaker: 'Imran Khan', about: 'cypher' });
    expect(imran.found && imran.quotations.map((quotation) => quotation.text.slice(0, 30))).toEqual(['"Ok, so now let\'s just play wi']);
    expect(await archive.said({ speaker: 'Imran Khan', from: '2023-01-01' })).toMatchObject({ found: true, quotations: [] });
    expect(await archive.said({ speaker: 'Imrn Kahn' })).toMatchObject({
      found: false,
      suggestions: expect.arrayContaining(['Imran Khan']),
    });
  });

  it('"What did X say?" in ask answers with X\'s own quotations first, naming the speaker', async () => {
    const answer = await archive.ask({ question: 'What did Azam Khan say?', k: 3 });
    expect(answer.answered).toBe(true);
    expect(answer.quotes.slice(0, 1).map((quote) => [quote.speaker, quote.text.slice(0, 15)])).toEqual([['Azam Khan', '"Sir, I was thi']]);
    const about = await archive.ask({ question: 'What did Imran Khan say about the cypher?' });
    expect(about.quotes[0]).toMatchObject({ speaker: 'Imran Khan', text: expect.stringMatching(/^"Ok, so now let's just play with it\./) });
  });

  it('/said lists the quotations with speaker, source and date, within Discord limits and mentioning nobody', async () => {
    const { fake } = harness;
    const interaction = fake.slashCommand(alice, 'said', { name: 'Azam Khan' });
    const reply = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${interaction.id}/`));
    const [embed] = reply.body.data.embeds;
    expect(embed.title).toBe('What Azam Khan said');
    expect(unescape(embed.description)).toContain('Sir, I was thinking');
    expect(embed.description).toMatch(/— 28 Sep 2022 · Azam Khan, quoted in .+/);
    expect(reply.body.data.allowed_mentions.parse).toEqual([]);
    expectWithinDiscordLimits(reply.body.data);
  });

  it('/said autocompletes names like /person, and filters with about:', async () => {
    const { fake } = harness;
    const completion = fake.autocomplete(alice, 'said', 'name', 'Aza');
    const response = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${completion.id}/`));
    expect(response.body.data.choices.map((choice: { value: string }) => choice.value)).toContain('Azam Khan');

    const interaction = fake.slashCommand(alice, 'said', { name: 'Imran Khan', about: 'America' });
    const reply = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${interaction.id}/`));
    const [embed] = reply.body.data.embeds;
    expect(embed.title).toBe('What Imran Khan said about “America”');
    expect(unescape(embed.description)).toContain("We don't need to name America");
    expect(embed.footer.text).toMatch(/^1 quote/);
  });

  it('/said answers privately for an unknown name, a bad date, and a person never quoted', async () => {
    const { fake } = harness;
    const cases: [Record<string, string>, RegExp][] = [
      [{ name: 'Imrn Kahn' }, /Did you mean \*\*Imran Khan\*\*/],
      [{ name: 'Imran Khan', from: '2022-13' }, /has no month 13/],
      [{ name: 'Maryam Nawaz' }, /no direct quotation of \*\*Maryam Nawaz\*\*/],
    ];
    for (const [options, message] of cases) {
      const interaction = fake.slashCommand(alice, 'said', options);
      const note = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${interaction.id}/`));
      expect(note.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
      expect(note.body.data.content).toMatch(message);
    }
  });

  it('/ask "What did Azam Khan say?" shows his words first, with "— Azam Khan, quoted in"', async () => {
    const { fake } = harness;
    const interaction = fake.slashCommand(alice, 'ask', { question: 'What did Azam Khan say?' });
    const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(interaction.token), 60_000);
    const [embed] = edit.body.embeds;
    const first = embed.description.split('\n\n')[0];
    expect(unescape(first)).toContain('Sir, I was thinking');
    expect(first).toMatch(/— 28 Sep 2022 · Azam Khan, quoted in .+/);
    expectWithinDiscordLimits(edit.body);
  });
});
