// Runs the incremental index build in a child process, so the bot's event loop keeps answering while it works.
import { fork } from 'node:child_process';
import type { EngineConfig } from '../config.ts';
import { childExecArgv, codeModule } from '../codeFiles.ts';

export type BuildOutcome =
  | {
      ok: true;
      added: number;
      changed: number;
      removed: number;
      embeddedPassages: number;
      reusedPassages: number;
      /** Corpus files or lines that were invalid and left out, with why. */
      skipped: string[];
      buildMs: number;
      /** The child's peak memory. */
      maxRssBytes: number;
    }
  | { ok: false; error: string };

const CHILD = codeModule('./indexBuildChild.ts', import.meta.url);

/** Builds `config.indexDir` from `config.corpus` in a child process; resolves with what changed, or why it failed. */
export function buildInChild(config: EngineConfig): Promise<BuildOutcome> {
  return new Promise((resolve) => {
    const child = fork(CHILD, [], { execArgv: childExecArgv(), stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    let outcome: BuildOutcome | undefined;
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-2_000);
    });
    child.once('message', (message: BuildOutcome) => {
      outcome = message;
    });
    child.once('error', (error) => resolve({ ok: false, error: `could not start the index build: ${error.message}` }));
    child.once('exit', (code, signal) => {
      const lastLine = stderr.trim().split('\n').at(-1);
      resolve(outcome ?? { ok: false, error: `the index build stopped (${signal ?? `exit ${code}`})${lastLine ? `: ${lastLine}` : ''}` });
    });
    child.send(config);
  });
}
