// Where the bot reports what happened: one JSON line per event (pino), readable lines on a terminal, a recorder in tests.
import pino, { type DestinationStream } from 'pino';
import pretty from 'pino-pretty';

/** What an operator filters on; `event` names the kind of line ("question", "reload", "gateway-lost"…). */
export interface LogFields extends Record<string, unknown> {
  event: string;
  guild?: string | null;
  command?: string;
  /** Milliseconds. */
  latency?: number;
  outcome?: string;
}

export interface BotLogger {
  info(message: string, fields: LogFields): void;
  /** Trouble the bot recovers from by itself (a dropped gateway, a rate limit): worth noticing, not a fault. */
  warn(message: string, fields: LogFields): void;
  error(message: string, fields: LogFields): void;
}

export interface LoggerOptions {
  /** Strings that must never reach the log (the bot token): replaced wherever they appear in a line. */
  secrets?: string[];
  /** Where lines go; default stdout. */
  destination?: NodeJS.WritableStream;
  /** Human-readable lines instead of JSON; default: when the destination is a terminal. */
  pretty?: boolean;
}

/** A pino logger: `{"level":30,"time":…,"event":"question","guild":…,"command":"ask","latency":12,"outcome":"answered","msg":…}`. */
export function createLogger(options: LoggerOptions = {}): BotLogger {
  const destination = options.destination ?? process.stdout;
  const readable = options.pretty ?? (destination as { isTTY?: boolean }).isTTY === true;
  const target: DestinationStream = readable
    ? pretty({ destination, colorize: destination === process.stdout, ignore: 'pid,hostname', sync: true })
    : (destination as DestinationStream);
  const secrets = (options.secrets ?? []).filter((secret) => secret.length > 0);
  // Applied to the finished line, so a secret is caught whichever field (or error stack) carries it.
  const stream: DestinationStream = {
    write: (line: string) => target.write(secrets.reduce((text, secret) => text.replaceAll(secret, '[redacted]'), line)),
  };
  const log = pino({ base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, stream);
  return {
    info: (message, fields) => log.info(fields, message),
    warn: (message, fields) => log.warn(fields, message),
    error: (message, fields) => log.error(fields, message),
  };
}
