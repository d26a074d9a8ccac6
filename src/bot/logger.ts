// Where the bot reports what happened; console by default, a recorder in tests.

export interface BotLogger {
  info(message: string, context?: Record<string, unknown>): void;
  /** Trouble the bot recovers from by itself (a dropped gateway, a rate limit): worth noticing, not a fault. */
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

export const consoleLogger: BotLogger = {
  info: (message, context) => console.log(message, context ?? ''),
  warn: (message, context) => console.warn(message, context ?? ''),
  error: (message, context) => console.error(message, context ?? ''),
};
