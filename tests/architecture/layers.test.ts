// Guards the one-way layers of src/: every import points to the same or a lower layer, and top-level modules form no cycle.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layers, lowest first; a top-level module of src/ (a folder, or a file without `.ts`) may import only from its
 * own layer or those below it. README.md ("How it works") shows the same picture.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['domain', 'config', 'pace', 'codeFiles', 'columns', 'readAt'],
  ['corpus'],
  ['retrieval', 'embedding', 'entities', 'quotations'],
  ['index'],
  ['search', 'lookup', 'verify'],
  ['archive', 'openArchive'],
  ['bot', 'cli', 'ops'],
];

const src = resolve('src');
const IMPORT =
  /^\s*(?:import|export)\s[^;]*?\bfrom\s+'(\.{1,2}\/[^']+)'|^\s*import\s+'(\.{1,2}\/[^']+)'|import\(\s*'(\.{1,2}\/[^']+)'\s*\)/gm;

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** `src/search/engine.ts` → `search`; `src/archive.ts` → `archive`. */
function moduleOf(file: string): string {
  return relative(src, file).split('/')[0].replace(/\.ts$/, '');
}

const edges = filesUnder(src).flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((match) => {
    const target = resolve(dirname(file), match[1] ?? match[2] ?? match[3]);
    return { file: relative(src, file), from: moduleOf(file), to: moduleOf(target), target: relative(src, target) };
  }),
);

const layerOf = (module: string): number => LAYERS.findIndex((layer) => layer.includes(module));

/**
 * The adapters of the ArchiveStore port (src/index/archiveStore.ts) and what only they use: the index files (their
 * loading, and the store in memory they are read into) and PostgreSQL (its folder and retrievers).
 */
const ADAPTERS: readonly RegExp[] = [
  /^index\/(filesStore|memoryStore|load|ensure)\.ts$/,
  /^index\/postgres\//,
  /^retrieval\/pg[A-Z]\w*\.ts$/,
];
/** The composition root: the one module that names an adapter. */
const COMPOSITION_ROOT = 'openArchive.ts';

describe('the layers of src/', () => {
  it('place every top-level module in a layer', () => {
    const unplaced = [...new Set(edges.flatMap(({ from, to }) => [from, to]))].filter((module) => layerOf(module) < 0);
    expect(unplaced).toEqual([]);
  });

  it('are never imported upwards', () => {
    const upward = edges
      .filter(({ from, to }) => layerOf(to) > layerOf(from))
      .map(({ file, to }) => `${file} imports ${to} (layer ${layerOf(to)} above ${layerOf(moduleOf(join(src, file)))})`);
    expect(upward).toEqual([]);
  });

  it('hold no import cycle between top-level modules', () => {
    const next = new Map<string, Set<string>>();
    for (const { from, to } of edges) if (from !== to) next.set(from, (next.get(from) ?? new Set()).add(to));
    const cycles: string[] = [];
    const visit = (module: string, path: string[]): void => {
      if (path.includes(module)) {
        cycles.push([...path.slice(path.indexOf(module)), module].join(' → '));
        return;
      }
      for (const to of next.get(module) ?? []) visit(to, [...path, module]);
    };
    for (const module of next.keys()) visit(module, []);
    expect(cycles).toEqual([]);
  });

  it('name a store adapter only in the composition root (and in the adapters themselves)', () => {
    const isAdapter = (file: string) => ADAPTERS.some((adapter) => adapter.test(file));
    const naming = edges
      .filter(({ file, target }) => isAdapter(target) && !isAdapter(file) && file !== COMPOSITION_ROOT)
      .map(({ file, target }) => `${file} imports ${target}`);
    expect(naming).toEqual([]);
    expect(edges.filter(({ file, target }) => file === COMPOSITION_ROOT && isAdapter(target)).length).toBeGreaterThan(0);
  });

  it('are checked over real imports (the scan finds the engine importing the retriever interface)', () => {
    expect(edges).toContainEqual({ file: 'search/engine.ts', from: 'search', to: 'retrieval', target: 'retrieval/retriever.ts' });
  });
});
