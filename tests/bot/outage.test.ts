// Discord outages end to end: the real discord.js client against the fake dropping its gateway and failing REST calls.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GatewayDrop } from '../support/fake-discord.ts';
import { startHarness, type Harness, type LogEntry } from './harness.ts';
import { seedArchive } from './seedArchive.ts';

const alice = { id: '100000000000000001', username: 'alice' };
const QUESTION = 'Who was informed by the Intelligence Bureau about the hacking?';
const ANSWER = 'Shehbaz Sharif was informed by the Intelligence Bureau';
const EPHEMERAL = 64;
const RESUME = 6;
const IDENTIFY = 2;

const logged = (logs: LogEntry[], level: LogEntry['level'], message: RegExp) =>
  logs.filter((entry) => entry.level === level && message.test(entry.message));

describe('Discord outages (real discord.js client, fake Discord on loopback)', { timeout: 10_000 }, () => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await startHarness(seedArchive());
  });
  afterEach(async () => {
    expect(harness.fake.requests.filter((request) => request.unhandled)).toEqual([]);
    expect(JSON.stringify(harness.logs)).not.toContain(harness.fake.token);
    expect(JSON.stringify(harness.logs)).not.toMatch(/itoken-/);
    const lostBefore = logged(harness.logs, 'warn', /connection lost/).length;
    await harness.stop();
    // Shutting down closes the gateway on purpose: not an outage.
    expect(logged(harness.logs, 'warn', /connection lost/)).toHaveLength(lostBefore);
  });

  /** Asks over /ask and resolves with the edited-in answer's description. */
  async function ask(question = QUESTION): Promise<string> {
    const { fake } = harness;
    const interaction = fake.slashCommand(alice, 'ask', { question });
    const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(interaction.token) && r.status === 200);
    return edit.body.embeds[0].description;
  }

  it.each<[string, GatewayDrop]>([
    ['close code 4000', { code: 4000 }],
    ['close code 1001 (going away)', { code: 1001 }],
    ['no close frame (connection cut)', 'terminate'],
  ])('resumes after %s, replays an /ask sent during the outage, and logs it once', async (_, drop) => {
    const { fake, logs } = harness;
    await fake.dropGateway(drop);
    const duringOutage = fake.slashCommand(alice, 'ask', { question: QUESTION });

    const resume = await fake.waitForGateway((payload) => payload.op === RESUME);
    expect(resume.d).toMatchObject({ session_id: 'fake-session-1', token: fake.token });
    const replayed = await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(duringOutage.token));
    expect(replayed.body.embeds[0].description).toContain(ANSWER);
    await vi.waitFor(() => expect(logged(logs, 'info', /gateway resumed/)).toHaveLength(1));

    expect(logged(logs, 'warn', /gateway connection lost; reconnecting/)).toHaveLength(1);
    expect(logged(logs, 'info', /gateway resumed/)[0].context).toMatchObject({ shard: 0, replayedEvents: 1 });
    expect(fake.gatewayReceived.filter((payload) => payload.op === IDENTIFY)).toHaveLength(1);
    expect(await ask()).toContain(ANSWER);
    expect(logged(logs, 'error', /./)).toEqual([]);
  });

  it.each<[string, GatewayDrop, boolean]>([
    ['the session is refused (INVALID_SESSION)', 'terminate', true],
    ['Discord closes normally (1000)', { code: 1000 }, false],
  ])('identifies anew when %s, then answers the next /ask', async (_, drop, refuseResume) => {
    const { fake, logs } = harness;
    fake.refuseNextResume = refuseResume;
    await fake.dropGateway(drop);

    await fake.waitForGateway((payload) => payload.op === IDENTIFY && fake.gatewayReceived.filter((p) => p.op === IDENTIFY).length === 2);
    expect(fake.gatewayReceived.some((payload) => payload.op === RESUME)).toBe(refuseResume);
    await vi.waitFor(() => expect(logged(logs, 'warn', /reconnected with a new session/)).toHaveLength(1));
    expect(logged(logs, 'warn', /gateway connection lost; reconnecting/)).toHaveLength(1);
    expect(await ask()).toContain(ANSWER);
    expect(logged(logs, 'error', /./)).toEqual([]);
  });

  it('logs a 500 on the interaction callback once, with the request but no token, and serves the next /ask', async () => {
    const { fake, logs } = harness;
    const failing = fake.slashCommand(alice, 'ask', { question: QUESTION });
    fake.failRequests((r) => r.path.startsWith(`/interactions/${failing.id}/`), { status: 500 });

    await vi.waitFor(() => expect(logged(logs, 'error', /Interaction failed/)).toHaveLength(1));
    const [entry] = logged(logs, 'error', /Interaction failed/);
    expect(entry.context).toMatchObject({
      command: 'ask',
      interaction: failing.id,
      userTold: false,
      error: 'HTTPError: Internal Server Error',
      discordRequest: `POST /interactions/${failing.id}/[interaction token]/callback → HTTP 500`,
    });
    // discord.js retries a 5xx (3 times by default), then gives up; the apology fails the same way.
    expect(fake.requestsFor(failing).every((r) => r.status === 500)).toBe(true);

    expect(await ask()).toContain(ANSWER);
    expect(logged(logs, 'error', /./)).toHaveLength(1);
  });

  it('when editing in the answer fails with 500, apologises privately, logs once, and serves the next /ask', async () => {
    const { fake, logs } = harness;
    const failing = fake.slashCommand(alice, 'ask', { question: QUESTION });
    fake.failRequests((r) => r.method === 'PATCH' && r.path.includes(failing.token), { status: 500 });

    const apology = await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/webhooks/${fake.applicationId}/${failing.token}`);
    expect(apology.body.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(apology.body.content).toMatch(/sorry, something went wrong/i);
    await vi.waitFor(() => expect(logged(logs, 'error', /Interaction failed/)).toHaveLength(1));
    expect(logged(logs, 'error', /Interaction failed/)[0].context).toMatchObject({
      userTold: true,
      discordRequest: `PATCH /webhooks/${fake.applicationId}/[interaction token]/messages/@original → HTTP 500`,
    });

    expect(await ask()).toContain(ANSWER);
    expect(logged(logs, 'error', /./)).toHaveLength(1);
  });

  it('waits out a 429 on the callback and on the edit, logs each wait, and answers', async () => {
    const { fake, logs } = harness;
    const sources = fake.slashCommand(alice, 'sources');
    fake.failRequests((r) => r.path.startsWith(`/interactions/${sources.id}/`), { status: 429, retryAfterSeconds: 0.05, times: 1 });
    const reply = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${sources.id}/`) && r.status !== 429);
    expect(reply.body.data.embeds[0].title).toBe('What the archive holds');

    const asking = fake.slashCommand(alice, 'ask', { question: QUESTION });
    fake.failRequests((r) => r.method === 'PATCH' && r.path.includes(asking.token), { status: 429, retryAfterSeconds: 0.05, times: 1 });
    const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(asking.token) && r.status === 200);
    expect(edit.body.embeds[0].description).toContain(ANSWER);

    const waits = logged(logs, 'warn', /rate-limited/);
    expect(waits.map((entry) => entry.context?.route)).toEqual([
      '/interactions/:id/:token/callback',
      '/webhooks/:id/:token/messages/@original',
    ]);
    expect(waits[0].context).toMatchObject({ method: 'POST', retryAfterSeconds: 0.05, global: false });
    expect(logged(logs, 'error', /./)).toEqual([]);
  });
});
