// The bot over the real archive: a real index of the seeds in a temp dir, the real model, the real discord.js client.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/openArchive.ts';
import { seedIndex } from '../support/seedIndex.ts';
import { startHarness, type Harness } from './harness.ts';
import { expectWithinDiscordLimits } from './limits-check.ts';

const root = join(import.meta.dirname, '../..');
const seedTexts = readdirSync(join(root, 'seeds')).map((file) => readFileSync(join(root, 'seeds', file), 'utf8'));
const alice = { id: '100000000000000001', username: 'alice' };
const EPHEMERAL = 64;

/** The bold (highlighted) sentence of the first quote, with our markdown escapes undone. */
/** The answering sentence of the first quote in `description`: its bold part, or the whole quote when nothing is bold. */
function firstHighlight(description: string): string {
  const quote = /^> (.+)$/m.exec(description)?.[1] ?? '';
  const bold = /\*\*(.+?)\*\*/.exec(quote)?.[1] ?? quote;
  return bold.replace(/\\([\\*_`~|>#\-+[\].])/g, '$1');
}

describe('bot over the real archive (real index of the seeds)', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness(await openArchive(seedIndex().config));
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('/ask is deferred, then answered with a verbatim, dated quote from the seeds', async () => {
    const { fake } = harness;
    const interaction = fake.slashCommand(alice, 'ask', { question: 'Who was informed by the Intelligence Bureau about the hacking?' });
    const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(interaction.token), 60_000);
    expect(fake.requestsFor(interaction)[0].body.type).toBe(5);
    const [embed] = edit.body.embeds;
    const highlight = firstHighlight(embed.description);
    expect(highlight).toContain('Shehbaz Sharif was informed by the Intelligence Bureau');
    expect(seedTexts.some((text) => text.includes(highlight))).toBe(true);
    expect(embed.description).toMatch(/\n— 28 Sep 2022 · \*Pakistan Prime Minister's Office audio leaks saga…\*/);
    expect(embed.footer.text).toMatch(/^\d+ quotes? from \d+ articles?$/);
    expect(embed.footer.text).not.toContain('002_da930858047ced72');
    expect(edit.body.allowed_mentions.parse).toEqual([]);
    expectWithinDiscordLimits(edit.body);
  });

  it('/person autocomplete comes from the real people directory, best match first', async () => {
    const { fake } = harness;
    const interaction = fake.autocomplete(alice, 'person', 'name', 'Sheh');
    const response = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${interaction.id}/`));
    expect(response.body.type).toBe(8);
    expect(response.body.data.choices[0]).toEqual({ name: 'Shehbaz Sharif', value: 'Shehbaz Sharif' });

    const person = fake.slashCommand(alice, 'person', { name: 'Shehbaz Sharif' });
    const reply = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${person.id}/`));
    expect(reply.body.data.embeds[0].title).toContain('Shehbaz Sharif');
    expectWithinDiscordLimits(reply.body.data);
  });

  it('/timeline orders mentions by when things happened, labelling event and publication dates, paged', async () => {
    const { fake } = harness;
    const typed = fake.autocomplete(alice, 'timeline', 'name', 'Sheh');
    const choices = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${typed.id}/`));
    expect(choices.body.type).toBe(8);
    expect(choices.body.data.choices.map((choice: { value: string }) => choice.value)).toContain('Shehbaz Sharif');

    const interaction = fake.slashCommand(alice, 'timeline', { name: 'Shehbaz Sharif' });
    const reply = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${interaction.id}/`));
    expect(reply.body.type).toBe(4);
    expectWithinDiscordLimits(reply.body.data);
    const [embed] = reply.body.data.embeds;
    expect(embed.title).toBe('Timeline: Shehbaz Sharif');
    expect(embed.footer.text).toMatch(
      /^\d+ quotes from \d+ articles? in the order things happened \(\d+ without a date in the text, placed by publication date\)$/,
    );
    const quotes: string[] = embed.description.split('\n\n');
    // Published in 2023, but about September 2022: it comes before the 2022 articles' own news.
    expect(quotes[0]).toMatch(/^\*\*Happened Sep 2022 · “Last year in September”\*\*\n/);
    expect(quotes[0]).toMatch(/\n— 25 Aug 2023 · \*PMO says security agencies are fully alert in this…\*$/);
    expect(quotes[1]).toMatch(/^\*\*Happened 16–20 Sep 2022 · “some 10 days back”\*\*\n/);
    expect(quotes[1]).toMatch(/\n— 28 Sep 2022 · \*.+\*$/);
    const highlight = firstHighlight(quotes[1].slice(quotes[1].indexOf('\n')));
    expect(highlight).toContain('Shehbaz Sharif was informed by the Intelligence Bureau');
    expect(seedTexts.some((text) => text.includes(highlight))).toBe(true);

    const message = fake.originalMessage(interaction)!;
    const buttons = (message.components as { components: { custom_id: string; label: string }[] }[])[0].components;
    expect(buttons.map((button) => button.label)).toEqual(['◀ Prev', expect.stringMatching(/^1\/\d+$/), 'Next ▶']);
    const click = fake.clickButton(alice, message.id as string, buttons.find((button) => button.label === 'Next ▶')!.custom_id);
    const update = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${click.id}/`));
    expect(update.body.type).toBe(7);
    expectWithinDiscordLimits(update.body.data);
    // Undated entries carry no heading at all: no repeated "when it happened isn't said".
    expect(update.body.data.embeds[0].description).not.toMatch(/isn't said/);
    expect(update.body.data.embeds[0].description).toMatch(/\n— \d{1,2} \w{3} 20\d\d · \*.+\*/);
  });

  it('/timeline with an unknown name answers privately with suggestions', async () => {
    const { fake } = harness;
    const interaction = fake.slashCommand(alice, 'timeline', { name: 'Shebaz' });
    const note = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${interaction.id}/`));
    expect(note.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(note.body.data.content).toContain('Did you mean **Shehbaz Sharif**?');
    expect(note.body.data.content).toContain('`name: Shehbaz Sharif`');
  });

  it('/sources lists the real articles (date · label, newest first), technical details in the footer', async () => {
    const { fake } = harness;
    const interaction = fake.slashCommand(alice, 'sources');
    const reply = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${interaction.id}/`));
    const [embed] = reply.body.data.embeds;
    // A Discord timestamp, shown in each reader's time zone.
    expect(embed.description).toMatch(/^\*\*2 articles\*\*, published 28 Sep 2022 – 25 Aug 2023 · index built <t:\d+:R>\n/);
    expect(embed.description).toContain(
      "• 25 Aug 2023 · *PMO says security agencies are fully alert in this regard*\n• 28 Sep 2022 · *Pakistan Prime Minister's Office audio leaks saga is likely to…*",
    );
    expect(embed.footer.text).toMatch(/^\d+ passages · \d+ people named · model minishlab\/potion-base-2M · built 20/);
  });
});
