// One build at a time per index: a lock file beside the index holding the builder's pid.
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IndexError } from './errors.ts';
import { isAlive, layout, writingBeside } from './files.ts';
import { makeFolders } from './fsGuards.ts';

export interface BuildLock {
  path: string;
  release(): void;
}

/**
 * Takes `<parent>/.<name>.lock` for this process. A lock left by a process that is no longer alive
 * (a killed build) is taken over; a live holder is an IndexError naming its pid.
 */
export function acquireBuildLock(target: string): BuildLock {
  const where = layout(target);
  const path = join(where.parent, `.${where.name}.lock`);
  // Written whole under a private name, then linked into place: the lock never exists without its pid.
  const draft = `${path}.${process.pid}`;
  writingBeside(target, () => {
    makeFolders(where.parent);
    writeFileSync(draft, `${process.pid}\n`);
  });
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        linkSync(draft, path);
        return { path, release: () => releaseLock(path) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = holderOf(path);
      if (holder !== undefined && isAlive(holder)) {
        throw new IndexError(
          target,
          `another build (pid ${holder}) is writing this index; wait for it to finish (if no build is running, delete ${path})`,
        );
      }
      // Moved aside under our own name first, so two builds recovering one stale lock cannot remove each other's.
      const stale = `${path}.stale-${process.pid}`;
      try {
        renameSync(path, stale);
      } catch {
        continue;
      }
      if (holderOf(stale) !== holder) {
        renameSync(stale, path);
        continue;
      }
      rmSync(stale, { force: true });
    }
    throw new IndexError(target, `could not take the build lock ${path}; try again`);
  } finally {
    rmSync(draft, { force: true });
  }
}

function releaseLock(path: string): void {
  if (holderOf(path) === process.pid) rmSync(path, { force: true });
}

function holderOf(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
