// The hourly allowance through the real client (fake Discord, the seeds fixture): a follow gets at most
// FOLLOW_POSTS_PER_HOUR messages of its own, the rest in one line; content it was told of is not told again; a channel
// Discord no longer knows loses its follows.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../support/fake-discord.ts';
import { startHarness, type Harness } from './harness.ts';
import { seedArchive } from './seedArchive.ts';

const admin = { id: '100000000000000001', username: 'admin' };
const HACKING = '000_ae1dca75ecde649c';
const CYPHER = '002_da930858047ced72';

describe('follow announcements: the hourly allowance and the summary line', () => {
  let dir: string;
  let harness: Harness;
  const posts = (): RecordedRequest[] =>
    harness.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${harness.fake.channelId}/messages`);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'follow-allowance-'));
    harness = await startHarness(seedArchive(), { statePath: join(dir, 'state.sqlite'), followPostsPerHour: 1 });
    const { fake } = harness;
    const follow = fake.slashCommand(admin, 'follow', { person: 'Shehbaz' });
    const reply = await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(`/${follow.token}/messages/@original`));
    expect(reply.body.content).toMatch(/^Following\. .* naming \*\*Shehbaz Sharif\*\*/);
  });
  afterAll(async () => {
    await harness?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('posts the newest article and sums up the rest in one line, within the hour’s allowance of one', async () => {
    await harness.bot.announce([
      { article: CYPHER, hash: 'cypher-1' },
      { article: HACKING, hash: 'hacking-1' },
    ]);
    const sent = posts();
    expect(sent).toHaveLength(2);
    expect(sent[0].body.embeds[0].author.name).toBe('Following Shehbaz Sharif');
    expect(sent[0].body.embeds[0].description).toMatch(/\n— 25 Aug 2023$/);
    expect(sent[1].body.content).toMatch(
      /^…and 1 more new article names \*\*Shehbaz Sharif\*\* \(28 Sep 2022\); this channel gets 1 an hour — see /,
    );
    for (const post of sent) expect(post.body.allowed_mentions).toEqual({ parse: [] });
  });

  it('tells nothing again for content it was told of, and only sums up new content once the allowance is spent', async () => {
    await harness.bot.announce([
      { article: CYPHER, hash: 'cypher-1' },
      { article: `${HACKING}-copy`, hash: 'hacking-1' },
    ]);
    expect(posts()).toHaveLength(2);
    await harness.bot.announce([{ article: CYPHER, hash: 'cypher-2' }]);
    expect(posts()).toHaveLength(3);
    expect(posts()[2].body.content).toMatch(/^…and 1 more new article names \*\*Shehbaz Sharif\*\* \(28 Sep 2022\)/);
  });

  it('drops the follows of a channel Discord says is gone', async () => {
    const { fake } = harness;
    fake.failRequests((r) => r.method === 'POST' && r.path === `/channels/${fake.channelId}/messages`, {
      status: 404,
      code: 10003,
      times: 1,
    });
    await harness.bot.announce([{ article: CYPHER, hash: 'cypher-3' }]);
    const listed = fake.slashCommand(admin, 'following');
    const reply = await fake.waitForRequest((r) => r.path === `/interactions/${listed.id}/${listed.token}/callback`);
    expect(reply.body.data.content).toMatch(/^This server follows nobody yet/);
  });
});
