// Where the bot reports what happened; console by default, a recorder in tests.

export interface BotLogger {
  info(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

export const consoleLogger: BotLogger = {
  info: (message, context) => console.log(message, context ?? ''),
  error: (message, context) => console.error(message, context ?? ''),
};
