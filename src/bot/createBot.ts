// The Discord bot: a discord.js client wired to the archive, with one error boundary per event.
import {
  Client,
  Events,
  GatewayIntentBits,
  MessageFlags,
  RESTEvents,
  Routes,
  Status,
  type ChatInputCommandInteraction,
  type MessageContextMenuCommandInteraction,
  type APIActionRowComponent,
  type APIButtonComponent,
  type ButtonInteraction,
  type ClientOptions,
  type Interaction,
  type Message,
} from 'discord.js';
import { once } from 'node:events';
import type { Archive } from '../archive.ts';
import type { BotConfig } from '../config.ts';
import { BotState, BotStateError } from '../ops/botState.ts';
import type { ArrivedArticle, ReloadReport } from '../ops/liveArchive.ts';
import type { BotMetrics } from '../ops/metrics.ts';
import { learnCommandIds } from './commandMentions.ts';
import { greet } from './greeting.ts';
import { commands, messageCommands } from './commands/index.ts';
import { watchConnection } from './connection.ts';
import type { BotContext, MessageCommand, SlashCommand } from './context.ts';
import { describeFailure, tokenRedactor } from './failures.ts';
import { onFeedbackButton, onFeedbackModal, ownsFeedback } from './feedback.ts';
import { Announcer } from './follows.ts';
import { createLogger, type BotLogger, type LogFields } from './logger.ts';
import { untilDiscordAnswers } from './startupRetry.ts';
import { answerMessage, questionIn } from './messages.ts';
import { ThreadContexts } from './followUps.ts';
import { Pager } from './pager.ts';
import { QuestionTracker, type QuestionRecord } from './questions.ts';
import { RateLimiter } from './rateLimit.ts';
import { SearchQueue } from './searchQueue.ts';
import { replies, replyToFailure } from './replies.ts';
import { NO_MENTIONS, tellPrivately, visible } from './send.ts';
import { ServerSettings } from './serverSettings.ts';

export interface BotOptions {
  logger?: BotLogger;
  /** Merged into the client's options; tests point `rest.api` at a fake Discord. */
  clientOptions?: Partial<ClientOptions>;
  /** Clock for rate limits and page expiry. */
  now?: () => number;
  /** How long `stop()` waits for answers in progress. */
  drainTimeoutMs?: number;
  /** Waits between attempts to reach Discord at start (default STARTUP_RETRY_DELAYS_MS). */
  startupRetryDelaysMs?: readonly number[];
  /** Counts questions, errors and rate limits for /metrics. */
  metrics?: BotMetrics;
  /** What /reindex runs; without it /reindex says reloading is off. */
  reload?: () => Promise<ReloadReport>;
  /** How long "◀ Prev · Next ▶" keeps working before the buttons are greyed out (default 30 minutes). */
  pageTtlMs?: number;
}

export interface Bot {
  client: Client;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Whether the gateway connection is up (for /healthz). */
  connected(): boolean;
  /** Tells the channels following a person or topic about a reload's new articles (see /follow); never rejects. */
  announce(arrived: readonly ArrivedArticle[]): Promise<void>;
}

/**
 * Guilds for slash commands; GuildMessages to see mentions (their content arrives without the
 * privileged intent); MessageContent only when whole channels are answered (by default, or in a server's /config).
 */
export function intentsFor(config: BotConfig, state?: BotState): GatewayIntentBits[] {
  const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages];
  let serverChannels = false;
  try {
    serverChannels = state?.anyAnswerChannels() ?? false;
  } catch (error) {
    if (!(error instanceof BotStateError)) throw error;
  }
  if (config.answerChannelIds.length > 0 || serverChannels) intents.push(GatewayIntentBits.MessageContent);
  return intents;
}

/** The bot's database, or why there is none: a file it can't use costs feedback and /config, never the answers. */
function openState(path: string | undefined, logger: BotLogger): { state?: BotState; problem?: string } {
  if (path === undefined) return { problem: 'the bot was started without a state database (BOT_STATE_PATH)' };
  try {
    return { state: BotState.open(path) };
  } catch (error) {
    if (!(error instanceof BotStateError)) throw error;
    logger.error(error.message, { event: 'bot-state', outcome: 'failed', action: 'open' });
    return { problem: error.message };
  }
}

export function createBot(config: BotConfig, archive: Archive, options: BotOptions = {}): Bot {
  const logger = options.logger ?? createLogger({ secrets: [config.token] });
  const now = options.now ?? Date.now;
  const metrics = options.metrics;
  const { state, problem } = openState(config.statePath, logger);
  const intents = intentsFor(config, state);
  const client = new Client({
    ...options.clientOptions,
    intents,
    allowedMentions: NO_MENTIONS,
  });
  const questions = new QuestionTracker();
  const limiter = new RateLimiter(config.rateLimitPerMinute, now);
  // Interactions not yet acknowledged: searches wait for them, so an acknowledgement waits for one search at most.
  const unacknowledged = new Set<ChatInputCommandInteraction | MessageContextMenuCommandInteraction>();
  const searches = new SearchQueue(() => {
    for (const interaction of unacknowledged) if (interaction.deferred || interaction.replied) unacknowledged.delete(interaction);
    return unacknowledged.size === 0;
  });
  const redact = tokenRedactor(config.token);
  const pager = new Pager(now, {
    ttlMs: options.pageTtlMs,
    editButtons: (message, components) =>
      client.rest.patch(Routes.channelMessage(message.channelId, message.id), { body: { components } }).then(
        () => undefined,
        // Deleted meanwhile, or the channel is gone: a late press still greys the buttons out.
        (error: unknown) =>
          logger.warn('Could not grey out expired page buttons', {
            event: 'pager-expired',
            message: message.id,
            ...describeFailure(error, redact),
          }),
      ),
  });
  const context: BotContext = {
    archive: questions.observe(searches.wrap(archive)),
    config,
    pager,
    logger,
    state,
    settings: new ServerSettings(config, state, logger, problem),
    threads: new ThreadContexts(now),
    reload: options.reload,
    chargeSearch: (userId) => {
      const decision = limiter.take(userId);
      if (decision.allowed) return undefined;
      questions.mark('rate-limited');
      return replies.rateLimited(now() + decision.retryAfterSeconds * 1000);
    },
  };
  const announcer = state && new Announcer({ client, archive, state, logger, redact, postsPerHour: config.followPostsPerHour, now });
  const inFlight = new Set<Promise<void>>();
  let stopping = false;

  function track(work: Promise<void>): void {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  }

  /** Autocomplete, paging and feedback buttons, the feedback modal: not questions, but their failures are logged the same way. */
  async function onComponent(interaction: Interaction): Promise<void> {
    if (interaction.isAutocomplete()) {
      await commands.get(interaction.commandName)?.autocomplete?.(interaction, context);
      return;
    }
    if (interaction.isModalSubmit()) {
      if (ownsFeedback(interaction.customId)) await onFeedbackModal(interaction, context);
      else await tellPrivately(interaction, replies.unknownButton);
      return;
    }
    if (interaction.isButton()) {
      if (ownsFeedback(interaction.customId)) return onFeedbackButton(interaction, context);
      // A custom id no part of the bot made (a crafted one, or from a removed feature) still gets an answer.
      if (!Pager.owns(interaction.customId)) return tellPrivately(interaction, replies.unknownButton);
      await onPageButton(interaction);
    }
  }

  async function onPageButton(interaction: ButtonInteraction): Promise<void> {
    const turn = context.pager.turn(interaction.customId, interaction.user.id);
    // The asker turns the message; anyone else gets the page privately, and then turns that private copy.
    if (turn.kind === 'page' && (turn.byAsker || interaction.message.flags.has(MessageFlags.Ephemeral)))
      await interaction.update(visible(turn.view));
    else if (turn.kind === 'page') await interaction.reply({ ...visible(turn.view), flags: MessageFlags.Ephemeral });
    else if (turn.kind === 'post') {
      // Who shared it: a mention that names them without pinging (every message goes out with NO_MENTIONS).
      const response = await interaction.reply({
        ...visible({ ...turn.view, content: replies.sharedBy(interaction.user.id) }),
        withResponse: true,
      });
      context.pager.sent(turn.view, response.resource?.message);
    } else if (turn.kind === 'posted') await tellPrivately(interaction, replies.alreadyPosted);
    // Nothing to page any more (the bot restarted since): say so on the message itself, by disabling its buttons.
    else
      await interaction.update({
        components: Pager.expire(interaction.message.components.map((row) => row.toJSON() as APIActionRowComponent<APIButtonComponent>)),
      });
  }

  async function onCommand(
    interaction: ChatInputCommandInteraction | MessageContextMenuCommandInteraction,
    record: QuestionRecord,
  ): Promise<void> {
    const command = interaction.isChatInputCommand() ? commands.get(interaction.commandName) : messageCommands.get(interaction.commandName);
    if (!command) {
      record.outcome = 'refused';
      return tellPrivately(interaction, replies.unknownCommand());
    }
    // Discord enforces default_member_permissions, but a server can override it per command: check again.
    const required = command.data.toJSON().default_member_permissions;
    if (required && !interaction.memberPermissions?.has(BigInt(required))) {
      record.outcome = 'refused';
      return tellPrivately(interaction, replies.notAllowed(interaction.commandName, BigInt(required)));
    }
    if (interaction.isChatInputCommand()) await (command as SlashCommand).execute(interaction, context);
    else await (command as MessageCommand).execute(interaction, context);
  }

  async function handleInteraction(interaction: Interaction): Promise<void> {
    if (interaction.isChatInputCommand() || interaction.isMessageContextMenuCommand()) {
      unacknowledged.add(interaction);
      const tracked = await questions.track((record) => onCommand(interaction, record)).finally(() => unacknowledged.delete(interaction));
      const fields: LogFields = {
        event: 'question',
        guild: interaction.guildId,
        command: interaction.commandName,
        latency: tracked.latencyMs,
        outcome: tracked.outcome,
      };
      metrics?.question(interaction.commandName, tracked.outcome, tracked.latencyMs);
      if (tracked.outcome !== 'error') return logger.info('Question handled', fields);
      const told = await tellPrivately(interaction, replyToFailure(tracked.error)).then(
        () => true,
        () => false,
      );
      logger.error('Interaction failed', {
        ...fields,
        interaction: interaction.id,
        user: interaction.user.id,
        channel: interaction.channelId,
        userTold: told,
        ...describeFailure(tracked.error, redact),
      });
      return;
    }
    try {
      await onComponent(interaction);
    } catch (error) {
      metrics?.error('interaction');
      let told = false;
      if (interaction.isRepliable()) {
        told = await tellPrivately(interaction, replyToFailure(error)).then(
          () => true,
          () => false,
        );
      } else if (interaction.isAutocomplete() && !interaction.responded) {
        await interaction.respond([]).catch(() => undefined);
      }
      logger.error('Interaction failed', {
        event: 'interaction',
        outcome: 'error',
        kind: interaction.isAutocomplete()
          ? 'autocomplete'
          : interaction.isButton()
            ? 'button'
            : interaction.isModalSubmit()
              ? 'modal'
              : 'other',
        command: interaction.isAutocomplete() ? interaction.commandName : undefined,
        customId: interaction.isButton() || interaction.isModalSubmit() ? interaction.customId : undefined,
        interaction: interaction.id,
        user: interaction.user.id,
        guild: interaction.guildId,
        channel: interaction.channelId,
        userTold: told,
        ...describeFailure(error, redact),
      });
    }
  }

  async function handleMessage(message: Message): Promise<void> {
    if (!client.user || !message.inGuild()) return;
    const question = questionIn(message, client.user.id, context.settings.for(message.guildId));
    if (question === undefined) return;
    const tracked = await questions.track(() => answerMessage(message, question, context));
    const fields: LogFields = {
      event: 'question',
      guild: message.guildId,
      command: 'mention',
      latency: tracked.latencyMs,
      outcome: tracked.outcome,
    };
    metrics?.question('mention', tracked.outcome, tracked.latencyMs);
    if (tracked.outcome !== 'error') return logger.info('Question handled', fields);
    const told = await message.reply({ content: replyToFailure(tracked.error), allowedMentions: NO_MENTIONS }).then(
      () => true,
      () => false,
    );
    logger.error('Message answer failed', {
      ...fields,
      message: message.id,
      user: message.author.id,
      channel: message.channelId,
      userTold: told,
      ...describeFailure(tracked.error, redact),
    });
  }

  client.on(Events.InteractionCreate, (interaction) => {
    if (!stopping) track(handleInteraction(interaction));
  });
  // Only for servers joined while running: discord.js doesn't emit this for the guilds it starts with.
  client.on(Events.GuildCreate, (guild) => {
    if (stopping) return;
    track(
      greet(guild).then(
        (greeted) => logger.info('Joined a server', { event: 'guild-joined', guild: guild.id, greeted }),
        (error: unknown) =>
          logger.warn('Could not greet a new server', {
            event: 'guild-greeting-failed',
            guild: guild.id,
            ...describeFailure(error, redact),
          }),
      ),
    );
  });
  // A deleted channel's (or thread's) follows go with it; another shard's channels are not in this client's cache.
  function dropFollowsOf(channelId: string): void {
    if (!state || stopping) return;
    try {
      const removed = state.removeChannelFollows(channelId);
      if (removed > 0) logger.info('Removed the follows of a deleted channel', { event: 'follows-removed', channel: channelId, removed });
    } catch (error) {
      if (!(error instanceof BotStateError)) throw error;
      logger.error(error.message, { event: 'bot-state', outcome: 'failed', action: 'remove-follows', channel: channelId });
    }
  }
  client.on(Events.ChannelDelete, (channel) => dropFollowsOf(channel.id));
  client.on(Events.ThreadDelete, (thread) => dropFollowsOf(thread.id));
  client.on(Events.MessageCreate, (message) => {
    if (!stopping) track(handleMessage(message));
  });
  client.rest.on(RESTEvents.Response, (_request, response) => {
    if (response.status === 429) metrics?.discordRateLimited();
  });
  client.on(Events.Error, (error) => {
    metrics?.error('discord');
    logger.error('Discord client error', { event: 'discord-error', ...describeFailure(error, redact) });
  });
  watchConnection(client, logger, () => !stopping);

  return {
    client,
    async start() {
      client.rest.setToken(config.token);
      await untilDiscordAnswers(
        () => client.rest.get(Routes.gatewayBot()),
        logger,
        (error) => ({ ...describeFailure(error, redact) }),
        () => stopping,
        options.startupRetryDelaysMs,
      );
      await client.login(config.token);
      if (!client.isReady()) await once(client, Events.ClientReady);
      // Hints become clickable command mentions; without the ids they stay readable as `/name`.
      if (client.isReady()) {
        await learnCommandIds(client, config.guildId).catch((error: unknown) =>
          logger.warn('Could not read the registered commands; hints show plain /names', {
            event: 'command-ids-unread',
            ...describeFailure(error, redact),
          }),
        );
      }
      logger.info('Bot ready', {
        event: 'bot-ready',
        user: client.user?.tag,
        guilds: client.guilds.cache.size,
        intents,
        state: state ? 'open' : 'unavailable',
      });
    },
    announce(arrived) {
      if (!announcer || stopping) return Promise.resolve();
      const work = announcer.announce(arrived);
      track(work);
      return work;
    },
    connected: () =>
      !stopping && client.isReady() && client.ws.shards.size > 0 && client.ws.shards.every((shard) => shard.status === Status.Ready),
    async stop() {
      stopping = true;
      const drain = Promise.allSettled([...inFlight]);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, options.drainTimeoutMs ?? 5_000);
      });
      await Promise.race([drain, timeout]);
      clearTimeout(timer);
      pager.close();
      await client.destroy();
      state?.close();
    },
  };
}
