// What the operator's log says about a failure: the error, and which Discord request failed, never a token.
import { DiscordAPIError, HTTPError } from 'discord.js';

export interface FailureReport {
  /** The error: a stack for our own faults, one line for a failed Discord request. */
  error: string;
  /** For a failed Discord request: `METHOD /path → status`, tokens replaced. */
  discordRequest?: string;
}

/** Replaces the bot token and interaction/webhook tokens in any text bound for the log. */
export function tokenRedactor(botToken: string): (text: string) => string {
  return (text) =>
    text
      .replaceAll(botToken, '[bot token]')
      .replace(/(\/webhooks\/\d+\/)[\w.-]+/g, '$1[interaction token]')
      .replace(/(\/interactions\/\d+\/)[\w.-]+/g, '$1[interaction token]');
}

export function describeFailure(error: unknown, redact: (text: string) => string): FailureReport {
  if (error instanceof HTTPError || error instanceof DiscordAPIError) {
    const path = decodeURIComponent(new URL(error.url).pathname).replace(/^\/api\/v\d+/, '');
    const code = error instanceof DiscordAPIError ? ` (Discord code ${error.code})` : '';
    return {
      error: redact(`${error.name}: ${error.message}`),
      discordRequest: redact(`${error.method.toUpperCase()} ${path} → HTTP ${error.status}${code}`),
    };
  }
  return { error: redact(error instanceof Error ? (error.stack ?? error.message) : String(error)) };
}
