import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCommands } from '../../src/bot/register.ts';
import { FakeDiscord } from '../support/fake-discord.ts';
import { runCommand } from '../support/runScript.ts';

const root = join(import.meta.dirname, '../..');

describe('npm start without a token', () => {
  it('prints one line saying what to set and that npm run ask works, and exits non-zero', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'bot-start-'));
    try {
      const result = await runCommand(join(root, 'node_modules/.bin/tsx'), [join(root, 'scripts/start.ts')], {
        cwd,
        env: { PATH: process.env.PATH, DISCORD_TOKEN: '' },
      });
      expect(result.status).not.toBe(0);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('DISCORD_TOKEN');
      expect(lines[0]).toContain('npm run ask');
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});

describe('registerCommands', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await FakeDiscord.start();
  });
  afterAll(async () => {
    await fake.stop();
  });

  const config = () => ({
    token: fake.token,
    applicationId: fake.applicationId,
    answerChannelIds: [],
    answerInThreads: false,
    rateLimitPerMinute: 6,
  });

  it('puts every command to one guild when a guild is configured', async () => {
    const result = await registerCommands({ ...config(), guildId: fake.guildId }, { api: fake.apiUrl });
    expect(result).toEqual({
      scope: 'guild',
      names: [
        'ask',
        'person',
        'said',
        'timeline',
        'date',
        'verify',
        'follow',
        'unfollow',
        'following',
        'sources',
        'reindex',
        'config',
        'help',
        'Find in archive',
      ],
    });
    const put = await fake.waitForRequest((r) => r.method === 'PUT');
    expect(put.path).toBe(`/applications/${fake.applicationId}/guilds/${fake.guildId}/commands`);
    const reindex = put.body.find((candidate: { name: string }) => candidate.name === 'reindex');
    expect(reindex.default_member_permissions).toBe('32'); // Manage Server
    for (const name of ['person', 'said', 'timeline']) {
      const command = put.body.find((candidate: { name: string }) => candidate.name === name);
      expect(command.options[0]).toMatchObject({ name: 'name', autocomplete: true, required: true });
    }
  });

  it('puts them globally otherwise', async () => {
    await registerCommands(config(), { api: fake.apiUrl });
    const puts = fake.requests.filter((r) => r.method === 'PUT');
    expect(puts.at(-1)?.path).toBe(`/applications/${fake.applicationId}/commands`);
  });
});
