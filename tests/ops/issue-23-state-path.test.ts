// Issue 23.5: a state path the bot cannot use costs 👍/👎 and /config, never the answers; nothing loops, nothing of the user's is deleted.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BotState, BotStateError } from '../../src/ops/botState.ts';
import { startHarness } from '../bot/harness.ts';
import { seedArchive } from '../bot/seedArchive.ts';
import { runTsx } from '../support/runScript.ts';

const EPHEMERAL = 64;
const alice = { id: '100000000000000031', username: 'alice' };

/** The error `open` throws, checked to be one BotStateError line naming `path`. */
function openError(path: string): string {
  let error: unknown;
  try {
    BotState.open(path).close();
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(BotStateError);
  const { message } = error as Error;
  expect(message).not.toContain('\n');
  expect(message).toContain(path);
  return message;
}

describe('a bot state path that cannot be used (issue 23.5)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'state-path-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is refused in one line when a file stands in its path (EEXIST, ENOTDIR)', () => {
    writeFileSync(join(dir, 'notes'), 'mine\n');
    expect(openError(join(dir, 'notes', 'state.sqlite'))).toMatch(/can't be created/);
    expect(openError(join(dir, 'notes', 'deeper', 'state.sqlite'))).toMatch(/can't be created/);
    expect(readFileSync(join(dir, 'notes'), 'utf8')).toBe('mine\n');
  });

  it('is refused in one line when its folder may not be created (EACCES; as root, a folder of /sys: EPERM)', () => {
    const locked = join(dir, 'locked');
    mkdirSync(locked, { mode: 0o500 });
    const path = process.getuid?.() === 0 ? '/sys/quote-archive-test/state.sqlite' : join(locked, 'sub', 'state.sqlite');
    expect(openError(path)).toMatch(/can't be created/);
    chmodSync(locked, 0o700);
  });

  it('is refused in a moment under /proc, where a recursive mkdir loops for ever', async () => {
    const snippet =
      "import { BotState } from './src/ops/botState.ts';" +
      "try { BotState.open('/proc/quote-archive-test/x/state.sqlite'); } catch (error) { console.log(error.name + ': ' + error.message); }";
    const run = await runTsx(['--input-type=module', '-e', snippet], { timeout: 30_000 });
    expect(run.stdout).toMatch(/^BotStateError: .*\/proc\/quote-archive-test.*can't be created/);
  });

  it.each(['-wal', '-journal', '-shm'])("never deletes a user's file named <state>%s beside a new state path", (suffix) => {
    const path = join(dir, 'state.sqlite');
    writeFileSync(`${path}${suffix}`, 'my own file\n');
    expect(openError(path)).toMatch(new RegExp(`${suffix}`));
    expect(readFileSync(`${path}${suffix}`, 'utf8')).toBe('my own file\n');
    expect(existsSync(path)).toBe(false);
  });

  describe('in the running bot', () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'state-path-bot-'));
    afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

    it('answers without 👍/👎, and /config says settings are unavailable', async () => {
      writeFileSync(join(stateDir, 'file'), 'mine\n');
      const harness = await startHarness(seedArchive(), { statePath: join(stateDir, 'file', 'state.sqlite') });
      try {
        const { fake } = harness;
        expect(harness.logs.filter((entry) => entry.level === 'error').map((entry) => entry.message)).toEqual([
          expect.stringContaining("can't be created"),
        ]);
        const asked = fake.slashCommand(alice, 'ask', { question: 'Who was informed by the Intelligence Bureau about the hacking?' });
        const answer = await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(asked.token));
        expect(answer.body.embeds[0].description).toContain('Intelligence Bureau');
        expect(JSON.stringify(answer.body.components ?? [])).not.toContain('👍');
        const config = fake.slashCommand(alice, 'config', { threads: true });
        const reply = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${config.id}/`));
        expect(reply.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
        expect(reply.body.data.content).toContain('Server settings are unavailable right now');
      } finally {
        await harness.stop();
      }
    });
  });
});
