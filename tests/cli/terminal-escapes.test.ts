// Issue 9.8: escape sequences in an article never reach the terminal through `npm run ask`; --json stays exact.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArchiveIndex } from '../../src/openArchive.ts';
import { seedCorpus, tempDir, testConfig, writeArticle } from '../index/helpers.ts';
import { runTsx } from '../support/runScript.ts';

const root = tempDir('terminal-escapes-');
const out = join(root, 'index');
afterAll(() => rmSync(root, { recursive: true, force: true }));
const hostile =
  'The harbour crane \u001b]0;pwned\u0007collapsed on Tuesday. Dock workers said \u001b[2Jthe crane ' +
  '\u001b]8;;http://evil.example\u001b\\was old\u001b]8;;\u001b\\ and \u009b31mrusty.';
beforeAll(async () => {
  const corpus = seedCorpus(root, {});
  writeArticle(corpus, 'crane.txt', hostile);
  await buildArchiveIndex(testConfig(), { corpus, out });
});

const ask = (args: string[]) => runTsx(['scripts/ask.ts', '--index', out, ...args]);

describe('terminal escapes in quotes', () => {
  it('human output shows them as harmless stand-ins', async () => {
    const run = await ask(['-k', '3', 'harbour crane collapsed dock workers']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('crane ␛]0;pwned␇collapsed');
    // eslint-disable-next-line no-control-regex -- no control character may reach the terminal
    expect(run.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  it('--json keeps the exact text, as valid JSON', async () => {
    const run = await ask(['--json', '-k', '3', 'harbour crane collapsed dock workers']);
    expect(run.status).toBe(0);
    const answer = JSON.parse(run.stdout) as { quotes: { article: string; text: string }[] };
    const quote = answer.quotes.find((candidate) => candidate.article === 'crane.txt');
    expect(quote && hostile.includes(quote.text)).toBe(true);
    expect(quote?.text).toContain('\u001b]0;pwned\u0007');
  });
});
