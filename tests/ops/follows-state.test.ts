// Follows in the bot's state database: one per channel and subject, kept across reopening, gone with their channel,
// and what each was told remembered by content hash.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BotState, MAX_FOLLOWS_PER_GUILD } from '../../src/ops/botState.ts';

const GUILD = '100000000000000001';
const OTHER_GUILD = '100000000000000009';
const CHANNEL = '100000000000000002';
const OTHER_CHANNEL = '100000000000000003';

describe('follows in the bot state', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'follows-state-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps one follow per channel and subject (case and spaces aside), per server, across reopening', () => {
    const path = join(dir, 'state.sqlite');
    const state = BotState.open(path);
    const added = state.addFollow(GUILD, CHANNEL, { kind: 'person', name: 'Imran Khan' }, new Date('2026-12-07T06:00:00Z'));
    expect(added).toMatchObject({ kind: 'added', follow: { guildId: GUILD, channelId: CHANNEL, announced: 0 } });
    expect(state.addFollow(GUILD, CHANNEL, { kind: 'person', name: 'imran  khan' }).kind).toBe('exists');
    expect(state.addFollow(GUILD, CHANNEL, { kind: 'topic', topic: 'Imran Khan' }).kind).toBe('added');
    expect(state.addFollow(GUILD, OTHER_CHANNEL, { kind: 'person', name: 'Imran Khan' }).kind).toBe('added');
    expect(state.addFollow(OTHER_GUILD, '100000000000000010', { kind: 'topic', topic: 'floods' }).kind).toBe('added');
    state.close();

    const reopened = BotState.open(path);
    expect(reopened.follows(GUILD).map(({ channelId, subject }) => ({ channelId, subject }))).toEqual([
      { channelId: CHANNEL, subject: { kind: 'person', name: 'Imran Khan' } },
      { channelId: CHANNEL, subject: { kind: 'topic', topic: 'Imran Khan' } },
      { channelId: OTHER_CHANNEL, subject: { kind: 'person', name: 'Imran Khan' } },
    ]);
    expect(reopened.follows(GUILD)[0].createdAt).toBe('2026-12-07T06:00:00.000Z');
    expect(reopened.allFollows()).toHaveLength(4);
    // Another server's follow can't be removed from here.
    const foreign = reopened.follows(OTHER_GUILD)[0];
    expect(reopened.removeFollow(GUILD, foreign.id)).toBe(false);
    expect(reopened.removeFollow(OTHER_GUILD, foreign.id)).toBe(true);
    reopened.close();
  });

  it('refuses a follow past the per-server limit', () => {
    const state = BotState.open(join(dir, 'state.sqlite'));
    for (let i = 0; i < MAX_FOLLOWS_PER_GUILD; i++)
      expect(state.addFollow(GUILD, CHANNEL, { kind: 'topic', topic: `topic ${i}` }).kind).toBe('added');
    expect(state.addFollow(GUILD, CHANNEL, { kind: 'topic', topic: 'one more' })).toEqual({ kind: 'full', limit: MAX_FOLLOWS_PER_GUILD });
    expect(state.addFollow(OTHER_GUILD, CHANNEL, { kind: 'topic', topic: 'one more' }).kind).toBe('added');
    state.close();
  });

  it('remembers what a follow was told by content hash, counts its own messages per hour, and forgets it all with the channel', () => {
    const state = BotState.open(join(dir, 'state.sqlite'));
    const outcome = state.addFollow(GUILD, CHANNEL, { kind: 'person', name: 'Azam Khan' });
    if (outcome.kind !== 'added') throw new Error('not added');
    const { id } = outcome.follow;
    const at = new Date('2026-12-07T06:30:00Z');
    expect(
      state.recordAnnouncements(
        id,
        [
          { article: 'a1', hash: 'h1', summarised: false },
          { article: 'a2', hash: 'h2', summarised: false },
          { article: 'a3', hash: 'h3', summarised: true },
        ],
        at,
      ),
    ).toBe(true);
    // The same content again (re-added under any id) keeps its first record.
    state.recordAnnouncements(id, [{ article: 'a1-again', hash: 'h1', summarised: false }], at);
    expect(state.announcedHashes(id, ['h1', 'h3', 'h4'])).toEqual(new Set(['h1', 'h3']));
    expect(state.announcementsSince(id, new Date('2026-12-07T06:00:00Z'))).toBe(2);
    expect(state.announcementsSince(id, new Date('2026-12-07T06:31:00Z'))).toBe(0);
    expect(state.follows(GUILD)[0].announced).toBe(3);

    expect(state.removeChannelFollows(CHANNEL)).toBe(1);
    expect(state.follows(GUILD)).toEqual([]);
    expect(state.recordAnnouncements(id, [{ article: 'a5', hash: 'h5', summarised: false }], at)).toBe(false);
    state.close();
    const db = new Database(join(dir, 'state.sqlite'));
    expect((db.prepare('SELECT COUNT(*) AS n FROM follow_announcements').get() as { n: number }).n).toBe(0);
    db.close();
  });

  it('adds the follows tables to a database of the previous schema, keeping what it held', () => {
    const path = join(dir, 'state.sqlite');
    const state = BotState.open(path);
    state.updateGuildSettings(GUILD, { answerInThreads: true });
    state.close();
    const db = new Database(path);
    db.exec('DROP TABLE follow_announcements; DROP TABLE follows; PRAGMA user_version = 1;');
    db.close();

    const upgraded = BotState.open(path);
    expect(upgraded.guildSettings(GUILD)).toEqual({ answerInThreads: true });
    expect(upgraded.addFollow(GUILD, CHANNEL, { kind: 'topic', topic: 'floods' }).kind).toBe('added');
    upgraded.close();
  });
});
