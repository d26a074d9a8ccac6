// A loopback fake of Discord's REST API and gateway for driving the real discord.js client in tests.
// It records every REST request body so tests assert on exactly what the bot sent, and can stage
// outages: failing REST responses (5xx, 429) and dropped gateway connections that resume or re-identify.
// Started with `shards: n`, it asks for n shards at /gateway/bot, holds one guild per shard and one session per
// shard (IDENTIFY's `shard: [id, n]`), and sends each guild's events on its shard's connection, as Discord does.
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface RecordedRequest {
  method: string;
  /** Path after `/api/v10`, decoded, e.g. `/webhooks/1/tok/messages/@original`. */
  path: string;
  query: Record<string, string>;
  // JSON bodies are untyped by nature; tests read the fields they assert on.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  /** Set when the fake had no route for the request. */
  unhandled?: boolean;
  /** The HTTP status the fake answered with. */
  status: number;
  /** Set when the response was an injected failure (see `failRequests`). */
  injected?: boolean;
  /** `performance.now()` when the request reached the fake (for the burst benchmark's acknowledgement times). */
  receivedAt: number;
}

/** A staged REST failure: `status` 5xx, or 429 with `retryAfterSeconds` (fractions allowed, to keep tests short). */
export interface RequestFailure {
  status: number;
  retryAfterSeconds?: number;
  /** How many matching requests fail before the fake answers normally again (default: every one). */
  times?: number;
  /** Discord's JSON error code in the body, e.g. 10003 (Unknown Channel); default 0. */
  code?: number;
}

/** How `dropGateway` ends the connection: a close frame with a code, or no close frame at all. */
export type GatewayDrop = { code: number; reason?: string } | 'terminate';

export interface FakeUser {
  id: string;
  username: string;
  bot?: boolean;
  /** The member's permissions in the channel, as Discord's bitfield string; default: all of them. */
  permissions?: string;
}

type Json = Record<string, unknown>;

export interface InteractionRecord {
  id: string;
  /** `performance.now()` when the fake dispatched it. */
  dispatchedAt: number;
  token: string;
  channelId: string;
  /** The message a component interaction came from. */
  messageId?: string;
  /** The interaction's own reply (`@original`), once it has one. */
  originalId?: string;
  callbacks: Json[];
}

interface GatewaySession {
  id: string;
  sequence: number;
  /** Dispatches sent in this session, replayed after a RESUME from the client's last sequence. */
  sent: Json[];
}

interface FailureRule extends RequestFailure {
  match: (request: RecordedRequest) => boolean;
  left: number;
}

// Long enough for a loaded machine: the largest paged answer took 1.8 s on a quiet one and over 10 s at load ~35.
const WAIT_DEFAULT_MS = 30_000;
const ALL_PERMISSIONS = '2251799813685247';
const REPLAY_MAX = 1_000;
let snowflakeCounter = 0n;

/** Snowflakes increase with time, like Discord's, so discord.js sorts and dates them sensibly. */
function snowflake(): string {
  snowflakeCounter += 1n;
  return (((BigInt(Date.now()) - 1420070400000n) << 22n) | (snowflakeCounter & 0xfffn)).toString();
}

export class FakeDiscord {
  readonly token = 'fake-bot-token';
  readonly applicationId = snowflake();
  readonly guildId = snowflake();
  readonly channelId = snowflake();
  readonly otherChannelId = snowflake();
  readonly bot: FakeUser = { id: this.applicationId, username: 'ArchiveBot', bot: true };
  readonly requests: RecordedRequest[] = [];
  /** Gateway payloads the client sent (IDENTIFY, RESUME, heartbeats). */
  readonly gatewayReceived: Json[] = [];
  /** When set, the next RESUME is refused with INVALID_SESSION (not resumable), forcing a fresh IDENTIFY. */
  refuseNextResume = false;
  readonly messages = new Map<string, Json>();
  commands: Json[] = [];
  private readonly interactions = new Map<string, InteractionRecord>();
  private readonly events = new EventEmitter();
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();
  /** Sockets that have identified or resumed, with their shard: the ones dispatches go to. */
  private readonly live = new Map<WebSocket, number>();
  /** The gateway session of each shard. */
  private readonly sessions = new Map<number, GatewaySession>();
  /** One guild per shard (the first is `guildId`); a guild's shard is (id >> 22) % shards, as Discord routes it. */
  readonly guildIds: string[];
  private sessionCounter = 0;
  private readonly failures: FailureRule[] = [];
  private port = 0;

  private constructor(readonly shardCount: number) {
    this.guildIds = Array.from({ length: shardCount }, () => '');
    for (let id = this.guildId; this.guildIds.includes(''); id = snowflake()) {
      if (!this.guildIds[this.shardOf(id)]) this.guildIds[this.shardOf(id)] = id;
    }
    this.http = createServer((request, response) => void this.onHttp(request, response));
    this.wss = new WebSocketServer({ server: this.http, path: '/gateway' });
    this.wss.on('connection', (socket) => this.onSocket(socket));
    this.events.setMaxListeners(100);
  }

  static async start(options: { shards?: number } = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options.shards ?? 1);
    await new Promise<void>((resolve, reject) => {
      fake.http.once('error', reject);
      fake.http.listen(0, '127.0.0.1', () => resolve());
    });
    fake.port = (fake.http.address() as AddressInfo).port;
    return fake;
  }

  /** For discord.js `rest.api`. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.wss.close();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  /** The shard whose connection carries `guildId`'s events. */
  shardOf(guildId: string): number {
    return Number((BigInt(guildId) >> 22n) % BigInt(this.shardCount));
  }

  user(id: string, username = `user${id.slice(-4)}`): FakeUser {
    return { id, username };
  }

  /** Commands as Discord stores them (with ids), as `npm run register` would leave them; returned by GET …/commands. */
  registerCommands(commands: Json[]): Json[] {
    this.commands = commands.map((command) => ({ ...command, id: snowflake(), application_id: this.applicationId, version: snowflake() }));
    return this.commands;
  }

  // ---------- driving the bot ----------

  /**
   * A slash command in `guildId` (default: the first guild), sent on that guild's shard. Option values: a string,
   * a boolean, or `{ channel: id }` (a text channel, resolved as Discord sends it).
   */
  slashCommand(
    user: FakeUser,
    name: string,
    options: Record<string, string | boolean | { channel: string }> = {},
    guildId = this.guildId,
  ): InteractionRecord {
    const channels: Json = {};
    const typed = Object.entries(options).map(([option, value]) => {
      if (typeof value === 'string') return { name: option, type: 3, value };
      if (typeof value === 'boolean') return { name: option, type: 5, value };
      channels[value.channel] = { id: value.channel, type: 0, name: 'channel', guild_id: guildId, permissions: ALL_PERMISSIONS };
      return { name: option, type: 7, value: value.channel };
    });
    return this.dispatchInteraction(
      user,
      2,
      { id: snowflake(), name, type: 1, options: typed, ...(Object.keys(channels).length > 0 ? { resolved: { channels } } : {}) },
      undefined,
      guildId,
    );
  }

  /** Right-click → Apps → `name` on `target` (a message as `userMessage` returns it). */
  messageCommand(user: FakeUser, name: string, target: Json): InteractionRecord {
    return this.dispatchInteraction(user, 2, {
      id: snowflake(),
      name,
      type: 3,
      target_id: target.id,
      resolved: { messages: { [target.id as string]: target } },
    });
  }

  /**
   * The bot is added to a new server: GUILD_CREATE with a system channel. `everyone` is the @everyone role's
   * permissions there (default: all; e.g. '1024', View Channel only, for a server where it may not speak).
   */
  joinGuild(everyone = '2251799813685247', channelId = snowflake()): { guildId: string; channelId: string } {
    const guildId = snowflake();
    this.dispatch(
      'GUILD_CREATE',
      this.guildPayload({ guildId, name: 'New Guild', everyone, systemChannelId: channelId }, [
        textChannel(guildId, channelId, 'welcome', 0),
      ]),
    );
    return { guildId, channelId };
  }

  /** A channel of `guildId` (default: the first guild) is deleted: CHANNEL_DELETE on that guild's shard. */
  deleteChannel(channelId: string, guildId = this.guildId): void {
    this.dispatch(
      'CHANNEL_DELETE',
      { id: channelId, type: 0, guild_id: guildId, name: 'deleted', position: 0, permission_overwrites: [], parent_id: null },
      this.shardOf(guildId),
    );
  }

  autocomplete(user: FakeUser, name: string, option: string, typed: string): InteractionRecord {
    return this.dispatchInteraction(user, 4, {
      id: snowflake(),
      name,
      type: 1,
      options: [{ name: option, type: 3, value: typed, focused: true }],
    });
  }

  clickButton(user: FakeUser, messageId: string, customId: string): InteractionRecord {
    const message = this.messages.get(messageId);
    if (!message) throw new Error(`no message ${messageId} to click on`);
    return this.dispatchInteraction(user, 3, { custom_id: customId, component_type: 2 }, message);
  }

  /** Submits a modal the bot opened (its `custom_id`), with text input values by their custom ids, from `messageId`'s button. */
  submitModal(user: FakeUser, customId: string, values: Record<string, string>, messageId?: string): InteractionRecord {
    const message = messageId ? this.messages.get(messageId) : undefined;
    const components = Object.entries(values).map(([id, value]) => ({
      type: 18,
      id: 1,
      component: { type: 4, id: 2, custom_id: id, value },
    }));
    return this.dispatchInteraction(user, 5, { custom_id: customId, components }, message);
  }

  /** A user's message in a channel; `mentionsBot` adds the bot to `mentions` as Discord would. */
  userMessage(user: FakeUser, content: string, options: { channelId?: string; guildId?: string; mentionsBot?: boolean } = {}): Json {
    const guildId = options.guildId ?? this.guildId;
    const message = {
      id: snowflake(),
      channel_id: options.channelId ?? this.channelId,
      guild_id: guildId,
      author: this.apiUser(user),
      member: this.apiMember(user),
      content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: options.mentionsBot ? [this.apiUser(this.bot)] : [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      pinned: false,
      type: 0,
    };
    this.dispatch('MESSAGE_CREATE', message, this.shardOf(guildId));
    return message;
  }

  // ---------- asserting ----------

  /** Resolves with the first recorded request (past or future) matching, or rejects after `timeoutMs`. */
  waitForRequest(match: (request: RecordedRequest) => boolean, timeoutMs = WAIT_DEFAULT_MS): Promise<RecordedRequest> {
    return this.waitFor(this.requests, 'request', match, timeoutMs, () => this.describeRequests());
  }

  /** Resolves with the first gateway payload (past or future) the client sent that matches. */
  waitForGateway(match: (payload: Json & { op: number }) => boolean, timeoutMs = WAIT_DEFAULT_MS): Promise<Json & { op: number }> {
    const received = this.gatewayReceived as (Json & { op: number })[];
    return this.waitFor(received, 'gateway', match, timeoutMs, () => received.map((payload) => `  op ${payload.op}`).join('\n'));
  }

  private waitFor<T>(seen: T[], event: string, match: (item: T) => boolean, timeoutMs: number, describe: () => string): Promise<T> {
    const found = seen.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const onItem = (item: T) => {
        if (!match(item)) return;
        clearTimeout(timer);
        this.events.off(event, onItem);
        resolve(item);
      };
      const timer = setTimeout(() => {
        this.events.off(event, onItem);
        reject(new Error(`no matching ${event} within ${timeoutMs} ms; saw:\n${describe()}`));
      }, timeoutMs);
      this.events.on(event, onItem);
    });
  }

  /** The message an interaction's reply created (its `@original`), as last edited. */
  originalMessage(interaction: { id: string }): Json | undefined {
    const id = this.interactions.get(interaction.id)?.originalId;
    return id ? this.messages.get(id) : undefined;
  }

  /** Requests made on behalf of one interaction: its callback and its webhook follow-ups/edits. */
  requestsFor(interaction: { id: string; token: string }): RecordedRequest[] {
    return this.requests.filter(
      (request) => request.path.includes(`/interactions/${interaction.id}/`) || request.path.includes(`/${interaction.token}`),
    );
  }

  /** Every message-like body the bot sent: replies, callbacks' data, follow-ups, edits, channel posts. */
  outgoingMessages(): { request: RecordedRequest; message: Json }[] {
    return this.requests.flatMap((request) => {
      if (request.method === 'GET' || request.method === 'DELETE' || request.body == null) return [];
      if (request.path.endsWith('/callback')) {
        const data = request.body.data as Json | undefined;
        // Deferrals (5, 6) and autocomplete results (8) carry no message.
        return data && [4, 7].includes(request.body.type) ? [{ request, message: data }] : [];
      }
      if (/^\/webhooks\/|^\/channels\/\d+\/messages$/.test(request.path)) return [{ request, message: request.body as Json }];
      return [];
    });
  }

  describeRequests(): string {
    return this.requests.map((request) => `  ${request.method} ${request.path} ${JSON.stringify(request.body)?.slice(0, 160)}`).join('\n');
  }

  // ---------- outages ----------

  /** The next matching REST requests get `failure` instead of their normal answer (recorded with `injected`). */
  failRequests(match: (request: RecordedRequest) => boolean, failure: RequestFailure): void {
    this.failures.push({ ...failure, match, left: failure.times ?? Number.POSITIVE_INFINITY });
  }

  /**
   * Ends the bot's gateway connection as an outage would. The session stays resumable: dispatches
   * made while nobody is connected are kept and replayed after a RESUME (unless `refuseNextResume`).
   */
  async dropGateway(how: GatewayDrop = { code: 4000, reason: 'fake outage' }): Promise<void> {
    const closing = [...this.sockets].map((socket) => {
      this.live.delete(socket);
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      if (how === 'terminate') socket.terminate();
      else socket.close(how.code, how.reason);
      return closed;
    });
    await Promise.all(closing);
  }

  // ---------- gateway ----------

  private onSocket(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.live.delete(socket);
    });
    socket.on('message', (raw) => {
      const payload = JSON.parse(raw.toString()) as Json & { op: number; d: unknown };
      this.gatewayReceived.push(payload);
      if (payload.op === 1) socket.send(JSON.stringify({ op: 11 }));
      if (payload.op === 2) this.identify(socket, ((payload.d as { shard?: [number, number] }).shard ?? [0, 1])[0]);
      if (payload.op === 6) this.resume(socket, payload.d as { session_id: string; seq: number | null });
      this.events.emit('gateway', payload);
    });
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 5_000 } }));
  }

  /** Like Discord: replay what the client missed since `seq`, then RESUMED; or INVALID_SESSION (d: false). */
  private resume(socket: WebSocket, request: { session_id: string; seq: number | null }): void {
    const [shard, session] = [...this.sessions].find(([, candidate]) => candidate.id === request.session_id) ?? [];
    if (this.refuseNextResume || shard === undefined || !session) {
      this.refuseNextResume = false;
      if (shard !== undefined) this.sessions.delete(shard);
      socket.send(JSON.stringify({ op: 9, d: false }));
      return;
    }
    this.live.set(socket, shard);
    const missed = session.sent.filter((payload) => (payload.s as number) > (request.seq ?? 0));
    for (const payload of missed) socket.send(JSON.stringify(payload));
    socket.send(JSON.stringify({ op: 0, t: 'RESUMED', s: session.sequence, d: {} }));
  }

  private identify(socket: WebSocket, shard: number): void {
    this.sessionCounter += 1;
    const session = { id: `fake-session-${this.sessionCounter}`, sequence: 0, sent: [] };
    this.sessions.set(shard, session);
    for (const [other, otherShard] of this.live) if (otherShard === shard) this.live.delete(other);
    this.live.set(socket, shard);
    const guildId = this.guildIds[shard];
    this.dispatch(
      'READY',
      {
        v: 10,
        user: { ...this.apiUser(this.bot), verified: true, mfa_enabled: false, flags: 0 },
        guilds: [{ id: guildId, unavailable: true }],
        session_id: session.id,
        resume_gateway_url: `ws://127.0.0.1:${this.port}/gateway`,
        application: { id: this.applicationId, flags: 0 },
        shard: [shard, this.shardCount],
        private_channels: [],
      },
      shard,
    );
    this.dispatch(
      'GUILD_CREATE',
      this.guildPayload({ guildId, name: 'Archive Test Guild', everyone: '2251799813685247', systemChannelId: null }, [
        textChannel(guildId, this.channelId, 'general', 0),
        textChannel(guildId, this.otherChannelId, 'questions', 1),
      ]),
      shard,
    );
  }

  /** A GUILD_CREATE payload: one server with the bot as its member, `everyone` the @everyone role's permissions. */
  private guildPayload(
    server: { guildId: string; name: string; everyone: string; systemChannelId: string | null },
    channels: Json[],
  ): Json {
    const { guildId, name, everyone, systemChannelId } = server;
    return {
      id: guildId,
      name,
      icon: null,
      owner_id: '1',
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: [
        {
          id: guildId,
          name: '@everyone',
          permissions: everyone,
          position: 0,
          color: 0,
          hoist: false,
          managed: false,
          mentionable: false,
          flags: 0,
        },
      ],
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: 0,
      system_channel_id: systemChannelId,
      system_channel_flags: 0,
      rules_channel_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      preferred_locale: 'en-US',
      public_updates_channel_id: null,
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      joined_at: new Date().toISOString(),
      large: false,
      unavailable: false,
      member_count: 2,
      members: [this.apiMember(this.bot)],
      channels,
      threads: [],
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
    };
  }

  /** Sends to the shard's live connection; while it is disconnected, keeps the event for a RESUME, as Discord does. */
  private dispatch(event: string, data: unknown, shard = 0): void {
    const session = this.sessions.get(shard);
    if (!session) throw new Error(`no gateway session on shard ${shard} to dispatch ${event} on`);
    session.sequence += 1;
    const payload = { op: 0, t: event, s: session.sequence, d: data };
    session.sent.push(payload);
    if (session.sent.length > REPLAY_MAX) session.sent.shift();
    for (const [socket, on] of this.live) if (on === shard) socket.send(JSON.stringify(payload));
  }

  private dispatchInteraction(user: FakeUser, type: number, data: Json, message?: Json, guildId = this.guildId): InteractionRecord {
    const record: InteractionRecord = {
      id: snowflake(),
      dispatchedAt: performance.now(),
      token: `itoken-${snowflake()}`,
      channelId: (message?.channel_id as string | undefined) ?? this.channelId,
      messageId: message?.id as string | undefined,
      callbacks: [],
    };
    this.interactions.set(record.id, record);
    this.dispatch(
      'INTERACTION_CREATE',
      {
        id: record.id,
        application_id: this.applicationId,
        type,
        data,
        guild_id: guildId,
        guild: { id: guildId, locale: 'en-US', features: [] },
        channel_id: record.channelId,
        channel: { id: record.channelId, type: 0, guild_id: guildId, name: 'general', permissions: '2251799813685247' },
        member: { ...this.apiMember(user), permissions: user.permissions ?? ALL_PERMISSIONS },
        token: record.token,
        version: 1,
        app_permissions: '2251799813685247',
        locale: 'en-US',
        guild_locale: 'en-US',
        entitlements: [],
        authorizing_integration_owners: { '0': guildId },
        context: 0,
        attachment_size_limit: 8_388_608,
        ...(message ? { message } : {}),
      },
      this.shardOf(guildId),
    );
    return record;
  }

  // ---------- REST ----------

  private async onHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const receivedAt = performance.now();
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${this.port}`);
    const path = decodeURIComponent(url.pathname.replace(/^\/api\/v\d+/, ''));
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const recorded: RecordedRequest = {
      method: request.method ?? 'GET',
      path,
      query: Object.fromEntries(url.searchParams),
      body: text ? JSON.parse(text) : null,
      status: 0,
      receivedAt,
    };
    const authorized =
      request.headers.authorization === `Bot ${this.token}` || path.startsWith('/webhooks/') || path.startsWith('/interactions/');
    const injected = authorized ? this.injectedFailure(recorded) : undefined;
    const result = injected ?? (authorized ? this.route(recorded) : { status: 401, body: { message: '401: Unauthorized', code: 0 } });
    if (result.status === 404) recorded.unhandled = true;
    if (injected) recorded.injected = true;
    recorded.status = result.status;
    this.requests.push(recorded);
    this.events.emit('request', recorded);
    if (result.body === undefined) {
      response.writeHead(result.status, result.headers).end();
      return;
    }
    response.writeHead(result.status, { ...result.headers, 'content-type': 'application/json' });
    response.end(JSON.stringify(result.body));
  }

  private injectedFailure(request: RecordedRequest): { status: number; headers?: Record<string, string>; body: unknown } | undefined {
    const rule = this.failures.find((candidate) => candidate.left > 0 && candidate.match(request));
    if (!rule) return undefined;
    rule.left -= 1;
    if (rule.status !== 429) return { status: rule.status, body: { message: `${rule.status}: fake outage`, code: rule.code ?? 0 } };
    const seconds = rule.retryAfterSeconds ?? 1;
    return {
      status: 429,
      // Discord's header says whole seconds; the fake allows fractions so tests stay short.
      headers: { 'retry-after': String(seconds), 'x-ratelimit-scope': 'user' },
      body: { message: 'You are being rate limited.', retry_after: seconds, global: false, code: 0 },
    };
  }

  private route(request: RecordedRequest): { status: number; headers?: Record<string, string>; body?: unknown } {
    const { method, path, body } = request;
    const ok = (value: unknown) => ({ status: 200, body: value });
    let match: RegExpExecArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      return ok({
        url: `ws://127.0.0.1:${this.port}/gateway`,
        shards: this.shardCount,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
      });
    }
    if (method === 'GET' && path === '/users/@me') return ok(this.apiUser(this.bot));
    if (method === 'PUT' && /^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path)) {
      return ok(this.registerCommands(body as Json[]));
    }
    if (method === 'GET' && /^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path)) return ok(this.commands);
    if (method === 'POST' && (match = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path))) {
      return this.interactionCallback(match[1], request);
    }
    if ((match = /^\/webhooks\/\d+\/([^/]+)(?:\/messages\/([^/]+))?$/.exec(path))) {
      const interaction = [...this.interactions.values()].find((record) => record.token === match![1]);
      if (!interaction) return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
      const messageId = match[2] === '@original' ? interaction.originalId : match[2];
      if (method === 'POST' && !match[2]) return ok(this.storeMessage(interaction.channelId, body as Json, { webhook: true }));
      if (!messageId || !this.messages.has(messageId)) return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
      if (method === 'GET') return ok(this.messages.get(messageId));
      if (method === 'PATCH') return ok(this.editMessage(messageId, body as Json));
      if (method === 'DELETE') {
        this.messages.delete(messageId);
        return { status: 204 };
      }
    }
    if (method === 'PATCH' && (match = /^\/channels\/\d+\/messages\/(\d+)$/.exec(path))) {
      return this.messages.has(match[1])
        ? ok(this.editMessage(match[1], body as Json))
        : { status: 404, body: { message: 'Unknown Message', code: 10008 } };
    }
    if (method === 'POST' && (match = /^\/channels\/(\d+)\/messages$/.exec(path))) {
      return ok(this.storeMessage(match[1], body as Json));
    }
    if (method === 'POST' && (match = /^\/channels\/(\d+)\/typing$/.exec(path))) return { status: 204 };
    if (method === 'POST' && (match = /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/.exec(path))) {
      const thread = {
        id: match[2],
        type: 11,
        guild_id: this.guildId,
        parent_id: match[1],
        owner_id: this.bot.id,
        name: (body as Json).name,
        last_message_id: null,
        rate_limit_per_user: 0,
        message_count: 0,
        member_count: 1,
        thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false },
        total_message_sent: 0,
      };
      return { status: 201, body: thread };
    }
    return { status: 404, body: { message: `fake Discord has no route for ${method} ${path}`, code: 0 } };
  }

  private interactionCallback(id: string, request: RecordedRequest): { status: number; body?: unknown } {
    const interaction = this.interactions.get(id);
    if (!interaction) return { status: 404, body: { message: 'Unknown interaction', code: 10062 } };
    if (interaction.callbacks.length > 0) {
      return { status: 400, body: { message: 'Interaction has already been acknowledged.', code: 40060 } };
    }
    const body = request.body as { type: number; data?: Json };
    interaction.callbacks.push(body);
    let message: Json | undefined;
    if (body.type === 4 || body.type === 5) {
      const data = body.type === 4 ? (body.data ?? {}) : { content: '', flags: ((body.data?.flags as number) ?? 0) | 128 };
      message = this.storeMessage(interaction.channelId, data, { webhook: true, interactionId: id });
      interaction.originalId = message.id as string;
    } else if ((body.type === 7 || body.type === 6) && interaction.messageId) {
      interaction.originalId = interaction.messageId;
      if (body.type === 7) message = this.editMessage(interaction.messageId, body.data ?? {});
    }
    if (request.query.with_response !== 'true') return { status: 204 };
    return {
      status: 200,
      body: {
        interaction: {
          id,
          type: 2,
          response_message_id: interaction.originalId,
          response_message_loading: body.type === 5,
          response_message_ephemeral: false,
        },
        resource: { type: body.type, ...(message ? { message } : {}) },
      },
    };
  }

  private storeMessage(channelId: string, body: Json, origin: { webhook?: boolean; interactionId?: string } = {}): Json {
    const reference = body.message_reference as Json | undefined;
    const message: Json = {
      id: snowflake(),
      channel_id: channelId,
      guild_id: this.guildId,
      author: this.apiUser(this.bot),
      content: body.content ?? '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: body.embeds ?? [],
      components: body.components ?? [],
      pinned: false,
      type: reference ? 19 : 0,
      flags: body.flags ?? 0,
      ...(reference ? { message_reference: { ...reference, channel_id: channelId, guild_id: this.guildId } } : {}),
      ...(origin.webhook ? { webhook_id: this.applicationId, application_id: this.applicationId } : {}),
    };
    this.messages.set(message.id as string, message);
    return message;
  }

  private editMessage(id: string, body: Json): Json {
    const previous = this.messages.get(id) ?? {};
    const edited: Json = { ...previous, edited_timestamp: new Date().toISOString() };
    for (const key of ['content', 'embeds', 'components', 'flags'] as const) {
      if (body[key] !== undefined) edited[key] = body[key];
    }
    // A deferred reply stops "thinking" once edited.
    if (typeof edited.flags === 'number') edited.flags &= ~128;
    this.messages.set(id, edited);
    return edited;
  }

  private apiUser(user: FakeUser): Json {
    return { id: user.id, username: user.username, discriminator: '0', global_name: user.username, avatar: null, bot: user.bot ?? false };
  }

  private apiMember(user: FakeUser): Json {
    return { user: this.apiUser(user), roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0, nick: null };
  }
}

/** A text channel of a server, as GUILD_CREATE lists it. */
function textChannel(guildId: string, id: string, name: string, position: number): Json {
  return {
    id,
    type: 0,
    guild_id: guildId,
    name,
    position,
    permission_overwrites: [],
    nsfw: false,
    parent_id: null,
    topic: null,
    last_message_id: null,
    rate_limit_per_user: 0,
  };
}
