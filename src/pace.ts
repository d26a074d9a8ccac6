// Cooperative pacing: long loads (a new index, the people directory) give the event loop a turn every few
// milliseconds, so a bot loading a new archive keeps acknowledging Discord interactions meanwhile.
import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * A pause point, awaited between steps of a long job: it gives the event loop a turn when the job has held
 * it long enough, and resolves at once otherwise.
 */
export type Pace = () => Promise<void>;

/** How long a job may hold the event loop between turns: well under Discord's 3 s, and invisible to a question. */
export const SLICE_MS = 10;

/** A Pace giving a turn once `sliceMs` have passed since the last one (0: at every pause point). */
export function pacer(sliceMs = SLICE_MS): Pace {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < sliceMs) return;
    await nextTurn();
    since = performance.now();
  };
}

/** For code with nothing to share the event loop with (a build in its own process, a test): never pauses. */
export const unpaced: Pace = () => Promise.resolve();
