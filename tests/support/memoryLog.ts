// A bot logger whose JSON lines are kept in memory, for tests that check what the bot logged.
import { PassThrough } from 'node:stream';
import { createLogger } from '../../src/bot/logger.ts';

export function memoryLog() {
  const stream = new PassThrough();
  const lines: Record<string, unknown>[] = [];
  let partial = '';
  stream.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString('utf8')).split('\n');
    partial = parts.pop() ?? '';
    for (const part of parts) if (part) lines.push(JSON.parse(part) as Record<string, unknown>);
  });
  return { logger: createLogger({ destination: stream, pretty: false }), lines };
}
