// Where each server wants plain questions answered: its own /config choices, else the environment's defaults.
import type { BotConfig } from '../config.ts';
import { BotStateError, type BotState, type GuildSettings } from '../ops/botState.ts';
import type { BotLogger } from './logger.ts';

/** What a server's plain messages get: answered in these channels (and their threads), in a thread or as a reply. */
export interface AnswerSettings {
  answerChannelIds: string[];
  answerInThreads: boolean;
}

export class ServerSettings {
  /** Each server's own settings as last read or written (a server's events all reach one process: its shard's). */
  private readonly cache = new Map<string, GuildSettings>();

  /**
   * @param state the bot's database; absent when it could not be opened (`problem` says why), and then every
   *   server gets the defaults and /config says it is unavailable.
   */
  constructor(
    private readonly config: Pick<BotConfig, 'answerChannelIds' | 'answerInThreads'>,
    private readonly state: BotState | undefined,
    private readonly logger: BotLogger,
    readonly problem?: string,
  ) {}

  get available(): boolean {
    return this.state !== undefined;
  }

  /** The settings in force in `guildId`: its own, else the defaults. */
  for(guildId: string): AnswerSettings {
    const own = this.own(guildId);
    return {
      answerChannelIds: own.answerChannelIds ?? this.config.answerChannelIds,
      answerInThreads: own.answerInThreads ?? this.config.answerInThreads,
    };
  }

  /** Stores `change` for `guildId`; throws BotStateError when the database can't (or there is none). */
  update(guildId: string, change: GuildSettings): AnswerSettings {
    if (!this.state) throw new BotStateError(this.problem ?? 'the bot was started without a state database');
    this.cache.set(guildId, this.state.updateGuildSettings(guildId, change));
    return this.for(guildId);
  }

  /** Which settings of `guildId` are its own rather than the defaults; none when they can't be read (logged). */
  own(guildId: string): GuildSettings {
    if (!this.state) return {};
    const cached = this.cache.get(guildId);
    if (cached) return cached;
    try {
      const own = this.state.guildSettings(guildId);
      this.cache.set(guildId, own);
      return own;
    } catch (error) {
      if (!(error instanceof BotStateError)) throw error;
      this.logger.error(error.message, { event: 'bot-state', outcome: 'failed', action: 'read-settings', guild: guildId });
      return {};
    }
  }
}
