// The Discord bot: a discord.js client wired to the archive, with one error boundary per event.
import {
  Client,
  Events,
  GatewayIntentBits,
  RESTEvents,
  Routes,
  Status,
  type ChatInputCommandInteraction,
  type MessageContextMenuCommandInteraction,
  type APIActionRowComponent,
  type APIButtonComponent,
  type ClientOptions,
  type Interaction,
  type Message,
} from 'discord.js';
import { once } from 'node:events';
import type { Archive } from '../archive.ts';
import type { BotConfig } from '../config.ts';
import type { ReloadReport } from '../ops/liveArchive.ts';
import type { BotMetrics } from '../ops/metrics.ts';
import { learnCommandIds } from './commandMentions.ts';
import { greet } from './greeting.ts';
import { commands, messageCommands } from './commands/index.ts';
import { watchConnection } from './connection.ts';
import type { BotContext, MessageCommand, SlashCommand } from './context.ts';
import { describeFailure, tokenRedactor } from './failures.ts';
import { createLogger, type BotLogger, type LogFields } from './logger.ts';
import { untilDiscordAnswers } from './startupRetry.ts';
import { answerMessage, questionIn } from './messages.ts';
import { Pager } from './pager.ts';
import { QuestionTracker, type QuestionRecord } from './questions.ts';
import { RateLimiter } from './rateLimit.ts';
import { SearchQueue } from './searchQueue.ts';
import { replies } from './replies.ts';
import { NO_MENTIONS, tellPrivately, visible } from './send.ts';

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
}

export interface Bot {
  client: Client;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Whether the gateway connection is up (for /healthz). */
  connected(): boolean;
}

/**
 * Guilds for slash commands; GuildMessages to see mentions (their content arrives without the
 * privileged intent); MessageContent only when whole channels are answered.
 */
export function intentsFor(config: BotConfig): GatewayIntentBits[] {
  const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages];
  if (config.answerChannelIds.length > 0) intents.push(GatewayIntentBits.MessageContent);
  return intents;
}

export function createBot(config: BotConfig, archive: Archive, options: BotOptions = {}): Bot {
  const logger = options.logger ?? createLogger({ secrets: [config.token] });
  const now = options.now ?? Date.now;
  const metrics = options.metrics;
  const client = new Client({
    ...options.clientOptions,
    intents: intentsFor(config),
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
  const context: BotContext = {
    archive: questions.observe(searches.wrap(archive)),
    config,
    pager: new Pager(now),
    logger,
    reload: options.reload,
    chargeSearch: (userId) => {
      const decision = limiter.take(userId);
      if (decision.allowed) return undefined;
      questions.mark('rate-limited');
      return replies.rateLimited(now() + decision.retryAfterSeconds * 1000);
    },
  };
  const inFlight = new Set<Promise<void>>();
  let stopping = false;

  const redact = tokenRedactor(config.token);

  function track(work: Promise<void>): void {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  }

  /** Autocomplete and paging buttons: not questions, but their failures are logged the same way. */
  async function onComponent(interaction: Interaction): Promise<void> {
    if (interaction.isAutocomplete()) {
      await commands.get(interaction.commandName)?.autocomplete?.(interaction, context);
      return;
    }
    if (interaction.isButton()) {
      if (!Pager.owns(interaction.customId)) return;
      const turn = context.pager.turn(interaction.customId, interaction.user.id);
      if (turn.kind === 'page') await interaction.update(visible(turn.view));
      else if (turn.kind === 'not-asker') await tellPrivately(interaction, replies.onlyAskerCanPage());
      // Nothing to page any more: say so on the message itself, by disabling its buttons.
      else
        await interaction.update({
          components: Pager.expire(interaction.message.components.map((row) => row.toJSON() as APIActionRowComponent<APIButtonComponent>)),
        });
      return;
    }
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
      return tellPrivately(interaction, replies.notAllowed(interaction.commandName));
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
      const told = await tellPrivately(interaction, replies.error).then(
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
        told = await tellPrivately(interaction, replies.error).then(
          () => true,
          () => false,
        );
      } else if (interaction.isAutocomplete() && !interaction.responded) {
        await interaction.respond([]).catch(() => undefined);
      }
      logger.error('Interaction failed', {
        event: 'interaction',
        outcome: 'error',
        kind: interaction.isAutocomplete() ? 'autocomplete' : interaction.isButton() ? 'button' : 'other',
        command: interaction.isAutocomplete() ? interaction.commandName : undefined,
        customId: interaction.isButton() ? interaction.customId : undefined,
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
    const question = questionIn(message, client.user.id, config);
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
    const told = await message.reply({ content: replies.error, allowedMentions: NO_MENTIONS }).then(
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
        intents: intentsFor(config),
      });
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
      await client.destroy();
    },
  };
}
