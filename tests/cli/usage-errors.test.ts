// Issue 9.10: a usage mistake is one line with a hint to --help and exit 2; a reader closing the pipe is no crash.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runTsx } from '../support/runScript.ts';

const askScript = ['--import', 'tsx', 'scripts/ask.ts'];

describe('npm run ask usage errors', () => {
  it.each([
    ['a negative -k', ['-k', '-1', 'audio']],
    ['a flag without its value', ['-k']],
    ['an unknown flag', ['--bogus', 'audio']],
    ['no arguments', []],
  ])('%s: one line naming the problem and --help, exit 2, nothing on stdout', async (_name, args) => {
    const run = await runTsx(['scripts/ask.ts', ...args]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/See `npm run ask -- --help`\.$/);
  });
});

describe('npm run ask … | head', () => {
  it('exits quietly when the reader has closed the pipe', async () => {
    const child = spawn(process.execPath, [...askScript, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });
});
