// The bot's state database: created on first use, versioned, never written over a file it did not create, corrupt files refused in one line.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BotState, BotStateError, type ShownAnswer } from '../../src/ops/botState.ts';

const shown = (question = 'Who was informed?'): ShownAnswer => ({
  askedAt: new Date('2026-11-29T12:00:00Z'),
  guildId: '100000000000000001',
  channelId: '100000000000000002',
  question,
  answered: true,
  quotes: [{ article: 'a1', date: '2022-09-28', text: 'He was informed. Then he left.', highlight: 'He was informed.' }],
  buildId: 'build-1',
});

/** A header-only SQLite file (valid magic) whose first page is garbage: what a damaged disk or a bad copy leaves. */
function corruptCopyOf(path: string, into: string): void {
  const bytes = readFileSync(path);
  bytes.fill(0x41, 100, 4096);
  writeFileSync(into, bytes);
}

describe('BotState', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bot-state-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is created on first use, in WAL mode, with its schema version and the bot’s application id', () => {
    const path = join(dir, 'nested', 'state.sqlite');
    BotState.open(path).close();
    const db = new Database(path);
    const pragma = (name: string) => (db.prepare(`PRAGMA ${name}`).get() as Record<string, unknown>)[name];
    expect(pragma('journal_mode')).toBe('wal');
    expect(pragma('user_version')).toBe(2);
    expect(pragma('application_id')).toBe(0x51414231);
    db.close();
  });

  it('stores votes under a salted hash of the user id, one per user and answer, and reads them back after reopening', () => {
    const path = join(dir, 'state.sqlite');
    const state = BotState.open(path);
    const answer = state.remember(shown());
    expect(answer).toMatch(/^[\w-]{11}$/);
    expect(state.vote(answer, '100000000000000011', 'down', 'missed the point')).toBe(true);
    expect(state.vote(answer, '100000000000000011', 'down')).toBe(true); // the 👎 button again: the comment stays
    expect(state.vote(answer, '100000000000000012', 'up')).toBe(true);
    expect(state.vote('unknown', '100000000000000012', 'up')).toBe(false);
    state.close();

    const reopened = BotState.open(path);
    const votes = reopened.feedback();
    expect(votes.map(({ vote, comment }) => ({ vote, comment })).sort((a, b) => a.vote.localeCompare(b.vote))).toEqual([
      { vote: 'down', comment: 'missed the point' },
      { vote: 'up', comment: null },
    ]);
    expect(votes[0]).toMatchObject({ question: 'Who was informed?', buildId: 'build-1', quotes: shown().quotes });
    // The same person hashes the same after a restart; the raw id is nowhere in the file.
    reopened.vote(answer, '100000000000000011', 'up');
    const after = reopened.feedback();
    expect(after).toHaveLength(2);
    expect(after.every((entry) => entry.vote === 'up' && entry.comment === null)).toBe(true);
    reopened.close();
    for (const file of [path, `${path}-wal`]) {
      const bytes = readFileSync(file, { flag: 'a+' }).toString('latin1');
      expect(bytes).not.toContain('100000000000000011');
    }
  });

  it('forgets answers nobody rated after 7 days, and keeps rated ones with their votes', () => {
    const state = BotState.open(join(dir, 'state.sqlite'));
    const old = { ...shown(), askedAt: new Date('2026-11-20T12:00:00Z') };
    const unrated = state.remember(old);
    const rated = state.remember(old);
    state.vote(rated, '100000000000000011', 'up');
    state.remember(shown()); // nine days later
    expect(state.vote(unrated, '100000000000000011', 'up')).toBe(false);
    expect(state.vote(rated, '100000000000000012', 'down')).toBe(true);
    expect(state.feedback()).toHaveLength(2);
    state.close();
  });

  it('keeps server settings, each one independently', () => {
    const state = BotState.open(join(dir, 'state.sqlite'));
    expect(state.guildSettings('g1')).toEqual({});
    state.updateGuildSettings('g1', { answerInThreads: true });
    expect(state.updateGuildSettings('g1', { answerChannelIds: ['c1'] })).toEqual({ answerInThreads: true, answerChannelIds: ['c1'] });
    expect(state.guildSettings('g2')).toEqual({});
    expect(state.anyAnswerChannels()).toBe(true);
    state.close();
  });

  it.each([
    ['a text file', (path: string) => writeFileSync(path, 'my notes\n'), /exists and is not this bot's state database/],
    ['an empty file', (path: string) => writeFileSync(path, ''), /exists and is not this bot's state database/],
    [
      "another program's SQLite database",
      (path: string) => {
        const db = new Database(path);
        db.exec('CREATE TABLE mine (x)');
        db.close();
      },
      /is a SQLite database of another program/,
    ],
  ])('refuses %s in one line and leaves it byte for byte', (_name, make, message) => {
    const path = join(dir, 'state.sqlite');
    make(path);
    const before = readFileSync(path);
    expect(() => BotState.open(path)).toThrow(message);
    expect(() => BotState.open(path)).toThrow(BotStateError);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('refuses a corrupt database of its own in one line saying what to do', () => {
    const path = join(dir, 'state.sqlite');
    BotState.open(path).close();
    const corrupt = join(dir, 'corrupt.sqlite');
    corruptCopyOf(path, corrupt);
    let error: unknown;
    try {
      BotState.open(corrupt);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(BotStateError);
    expect((error as Error).message).toMatch(/unreadable \(.*malformed.*\); move it aside/);
    expect((error as Error).message).not.toContain('\n');
  });

  it('refuses a schema newer than it knows, and a missing file when told not to create one', () => {
    const path = join(dir, 'state.sqlite');
    BotState.open(path).close();
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    expect(() => BotState.open(path)).toThrow(/written by a newer version of the bot \(schema 99\)/);
    expect(() => BotState.open(join(dir, 'missing.sqlite'), { create: false })).toThrow(/does not exist: the bot creates it/);
  });
});
