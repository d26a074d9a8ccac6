import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../index/helpers.ts';
import { runTsx } from '../support/runScript.ts';

const root = tempDir();
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** `npm run index` in a child process that does not block the test worker (a build can take a minute on a busy machine). */
function runIndex(args: string[], env: Record<string, string> = {}) {
  return runTsx(['scripts/index.ts', ...args], { env: { ...process.env, CI: 'true', ...env } });
}

describe('npm run index', () => {
  it('builds, then rebuilds reusing every passage, and prints a summary', async () => {
    const out = join(root, 'index');
    const first = await runIndex(['--corpus', 'seeds', '--out', out]);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/articles: +2 \(0 skipped\)/);
    expect(first.stdout).toMatch(/passages: +12 /);
    expect(first.stdout).toContain('reused 0 passages, embedded 12');
    expect(first.stdout).toMatch(/passages\/s/);
    expect(first.stdout).toMatch(/on disk: +[\d.]+ KB/);
    expect((await runIndex(['--corpus', 'seeds', '--out', out])).stdout).toContain('reused 12 passages, embedded 0');
  });

  it.each([
    [
      'an invalid corpus file',
      ['--corpus', 'tests/fixtures/corpus/mixed.jsonl'],
      {},
      /^error: tests\/fixtures\/corpus\/mixed\.jsonl:2: invalid date "2023-5-1"/,
    ],
    [
      'a missing model',
      ['--corpus', 'seeds'],
      { EMBEDDING_MODEL: 'nobody/nothing' },
      /^error: Embedding model "nobody\/nothing" was not found\. Searched: /,
    ],
  ])('reports %s in one line, without a stack, and exits 1', async (_name, args, env, message) => {
    const result = await runIndex([...args, '--out', join(root, 'failed')], env);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    ['an unknown flag', ['--corpse', 'seeds'], /^error: Unknown option '--corpse'\. See `npm run index -- --help`\.$/],
    ['a flag without its value', ['--out'], /^error: Option '--out <value>' argument missing\. See `npm run index -- --help`\.$/],
  ])('reports %s as a usage error: one line with a hint to --help, exit 2', async (_name, args, message) => {
    const result = await runIndex(args);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr.trim()).toMatch(message);
  });

  it('indexes the rest with --skip-invalid and lists what it skipped', async () => {
    const result = await runIndex(['--corpus', 'tests/fixtures/corpus/mixed.jsonl', '--out', join(root, 'mixed'), '--skip-invalid']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('skipped tests/fixtures/corpus/mixed.jsonl:3: bad JSON');
    expect(result.stdout).toMatch(/articles: +2 \(4 skipped\)/);
  });
});
