// npm start — runs the Discord bot from .env until SIGINT/SIGTERM.
import { createBot } from '../src/bot/createBot.ts';
import { loadBotConfig, loadEngineConfig } from '../src/config.ts';
import { SetupError } from '../src/domain/errors.ts';
import { openArchive } from '../src/openArchive.ts';

async function main(): Promise<number> {
  let botConfig;
  let engineConfig;
  try {
    botConfig = loadBotConfig();
    engineConfig = loadEngineConfig();
  } catch (error) {
    if (!(error instanceof SetupError)) throw error;
    console.error(error.message);
    return 1;
  }

  console.log(`Opening the archive (${engineConfig.indexDir})…`);
  const archive = await openArchive(engineConfig, { log: (line) => console.log(line) });
  const bot = createBot(botConfig, archive);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      console.error(`${signal} again: exiting now.`);
      process.exit(1);
    }
    stopping = true;
    console.log(`${signal}: finishing answers in progress, then disconnecting…`);
    bot.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('Shutdown failed:', error instanceof Error ? error.message : error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // A stray rejection must not take the bot down; handlers log their own errors with context.
  process.on('unhandledRejection', (reason) => {
    console.error('Unhandled rejection:', reason instanceof Error ? reason.message : reason);
  });

  await bot.start();
  return 0;
}

main().then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (error: unknown) => {
    console.error(`Could not start the bot: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
