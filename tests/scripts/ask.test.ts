import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runCommand, runTsx, type ScriptRun } from '../support/runScript.ts';
import { seedIndex as sharedSeedIndex, type SeedIndex } from '../support/seedIndex.ts';

/** Runs the CLI as `tsx scripts/ask.ts`, or through npm exactly as the README says (`npm run ask -- …`). */
function ask(args: string[], env: Record<string, string>, via: 'tsx' | 'npm' = 'tsx'): Promise<ScriptRun> {
  const options = { env: { ...process.env, ...env } };
  return via === 'npm' ? runCommand('npm', ['run', 'ask', '--', ...args], options) : runTsx(['scripts/ask.ts', ...args], options);
}

const quote = z
  .object({
    article: z.string(),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    title: z.string().optional(),
    label: z.string().min(1),
    url: z.string().url().optional(),
    text: z.string().min(1),
    highlight: z.string().min(1),
    score: z.number(),
    speaker: z.string().optional(),
    nearMiss: z.literal(true).optional(),
  })
  .strict();
const answerSchema = z.object({ query: z.string(), answered: z.boolean(), quotes: z.array(quote) }).strict();

let seedIndex: SeedIndex;
let seedTexts: Map<string, string>;
beforeAll(async () => {
  seedIndex = sharedSeedIndex();
  seedTexts = new Map(['000_ae1dca75ecde649c.txt', '002_da930858047ced72.txt'].map((id) => [id, readFileSync(join('seeds', id), 'utf8')]));
});

describe('npm run ask -- --json', () => {
  it('prints exactly one JSON answer on stdout, verbatim quotes inside their articles', async () => {
    const run = await ask(['--json', '-k', '2', 'What did Imran Khan say about the cypher?'], seedIndex.env, 'npm');
    expect(run.status).toBe(0);
    const answer = answerSchema.parse(JSON.parse(run.stdout));
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(answer).toMatchObject({ query: 'What did Imran Khan say about the cypher?', answered: true });
    expect(answer.quotes.length).toBeGreaterThan(0);
    expect(answer.quotes.length).toBeLessThanOrEqual(2);
    for (const item of answer.quotes) {
      expect(seedTexts.get(item.article)).toContain(item.text);
      expect(item.text).toContain(item.highlight);
    }
  });

  it('abstains on an off-topic question with answered: false', async () => {
    const run = await ask(['--json', 'What is the recipe for chicken biryani?'], seedIndex.env);
    expect(run.status).toBe(0);
    const answer = answerSchema.parse(JSON.parse(run.stdout));
    expect(answer.answered).toBe(false);
    for (const item of answer.quotes) expect(item.nearMiss).toBe(true);
  });

  it('--person and --date print their own JSON shapes', async () => {
    const person = await ask(['--json', '--person', 'shehbaz'], seedIndex.env);
    expect(person.status).toBe(0);
    const found = z
      .object({ person: z.string(), aliases: z.array(z.string()), quotes: z.array(quote) })
      .strict()
      .parse(JSON.parse(person.stdout));
    expect(found.person).toBe('Shehbaz Sharif');
    const dates = await ask(['--json', '--date', '2022-09-30'], seedIndex.env);
    expect(dates.status).toBe(0);
    const lookup = JSON.parse(dates.stdout) as { published: unknown[]; mentions: { mentioned: string }[] };
    expect(lookup.published).toEqual([]);
    expect(lookup.mentions.map((mention) => mention.mentioned)).toContain('2022-09-30');
  });

  it("--said prints the person's own quotations, newest first; --about narrows them", async () => {
    const run = await ask(['--json', '--said', 'Azam Khan'], seedIndex.env);
    expect(run.status).toBe(0);
    const spoken = z
      .object({
        article: z.string(),
        date: z.string(),
        label: z.string(),
        url: z.string().optional(),
        text: z.string(),
        speaker: z.literal('Azam Khan'),
        cue: z.string(),
      })
      .strict();
    const said = z
      .object({ person: z.literal('Azam Khan'), about: z.null(), quotations: z.array(spoken) })
      .strict()
      .parse(JSON.parse(run.stdout));
    expect(said.quotations).toHaveLength(1);
    for (const quotation of said.quotations) expect(seedTexts.get(quotation.article)).toContain(quotation.text);
    const about = await ask(['--said', 'Imran Khan', '--about', 'America'], seedIndex.env);
    expect(about.status).toBe(0);
    expect(about.stdout).toMatch(/^Imran Khan about "America": 1 quotation\(s\), newest first/);
    expect(about.stdout).toMatch(/— 28 Sep 2022 · Imran Khan, quoted in .+ · 002_da930858047ced72\.txt/);
    const unknown = await ask(['--said', 'Imrn Kahn'], seedIndex.env);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/Did you mean: .*Imran Khan/);
  });

  it('human output shows quotes as block quotes with "— <date>, <article>"', async () => {
    const run = await ask(['Rana Sanaullah'], seedIndex.env);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^> .*Rana Sanaullah/m);
    expect(run.stdout).toContain('— 25 Aug 2023 · PMO says security agencies are fully alert in this regard · 000_ae1dca75ecde649c.txt');
  });

  it('piped, marks the answering sentence »…« (bold on a terminal), and --date shows each passage once with every phrase', async () => {
    const answer = await ask(['What will the dark web release on Friday?'], seedIndex.env);
    expect(answer.stdout).toMatch(/^> .*»[^«\n]+«/m);
    const dates = await ask(['--date', '2022-09'], seedIndex.env);
    expect(dates.status).toBe(0);
    const passages = dates.stdout.split('\n\n').filter((block) => block.startsWith('> '));
    expect(new Set(passages).size).toBe(passages.length);
    expect(dates.stdout).toMatch(/· mentions \d+ Sep 2022 \(“[^”]+”(?:, “[^”]+”)*\)/);
  });
});

describe('bad input and setup problems', () => {
  const untouched = mkdtempSync(join(tmpdir(), 'ask-untouched-'));
  afterAll(() => rmSync(untouched, { recursive: true, force: true }));
  // An index folder that must not come into existence: bad input is rejected before anything loads or builds.
  const neverBuilt = { INDEX_DIR: join(untouched, 'index') };

  it.each([
    ['an empty question', ['']],
    ['an impossible date', ['--from', '2022-02-30', 'audio']],
  ])('%s → a message on stderr, exit 2, nothing on stdout, no index built', async (_, args) => {
    const run = await ask(args, neverBuilt);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().length).toBeGreaterThan(0);
    expect(existsSync(neverBuilt.INDEX_DIR)).toBe(false);
  });

  it('an unknown person gets "did you mean" and exit 2', async () => {
    const run = await ask(['--person', 'Shebaz Sharif'], seedIndex.env);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/Did you mean: .*Shehbaz Sharif/);
  });

  it('a missing --index folder is one line and exit 1', async () => {
    const run = await ask(['--index', join(untouched, 'nope'), 'audio'], {});
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/no index at/);
  });

  it('a corrupt index is one line and exit 1', async () => {
    const corrupt = join(untouched, 'corrupt');
    rmSync(corrupt, { recursive: true, force: true });
    const { cpSync } = await import('node:fs');
    cpSync(seedIndex.config.indexDir, corrupt, { recursive: true, dereference: true });
    writeFileSync(join(corrupt, 'manifest.json'), '{ not json');
    const run = await ask(['--index', corrupt, 'audio'], {});
    expect(run.status).toBe(1);
    expect(
      run.stderr
        .trim()
        .split('\n')
        .filter((line) => !line.startsWith('npm warn')),
    ).toHaveLength(1);
    expect(run.stdout).toBe('');
  });

  it('a missing model is one line and exit 1', async () => {
    const run = await ask(['audio'], { ...seedIndex.env, MODEL_DIR: join(untouched, 'no-models') });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/model/i);
  });
});
