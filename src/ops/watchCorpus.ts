// Notices when the corpus (a folder of articles or one .jsonl file) changes, once per burst of changes.
import { watch, type FSWatcher } from 'node:fs';
import { statSync } from 'node:fs';
import { basename, dirname } from 'node:path';

export interface CorpusWatch {
  close(): void;
}

/**
 * Calls `onChange` once `debounceMs` have passed with no further change (copying many files is one reload).
 * A `.jsonl` corpus is watched through its folder, since editors and `mv` replace the file rather than write it.
 */
export function watchCorpus(corpus: string, debounceMs: number, onChange: () => void, onError: (error: Error) => void): CorpusWatch {
  const isFolder = statSync(corpus).isDirectory();
  const file = isFolder ? undefined : basename(corpus);
  let timer: NodeJS.Timeout | undefined;
  const watcher: FSWatcher = watch(isFolder ? corpus : dirname(corpus), (_event, name) => {
    if (file !== undefined && name !== file) return;
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  });
  watcher.on('error', onError);
  return {
    close() {
      clearTimeout(timer);
      watcher.close();
    },
  };
}
