// Where this code runs from, TypeScript through tsx or JavaScript compiled into dist/ (`npm run build`), and what follows.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Whether this module is compiled JavaScript: `tsc -p tsconfig.build.json` writes dist/ beside src/. */
export const COMPILED = import.meta.url.endsWith('.js');

/** The module `relative` (written as its TypeScript file, "./analyseWorker.ts") beside `base`, as this code runs it. */
export function codeModule(relative: string, base: string): URL {
  return new URL(COMPILED ? relative.replace(/\.ts$/, '.js') : relative, base);
}

/**
 * The TypeScript file of a module of this code base ("file:///repo/dist/src/x.js" → "file:///repo/src/x.ts"), so that
 * fingerprints of the code (src/index/fingerprint.ts) are the same whichever way it runs.
 */
export function sourceModule(url: string): URL {
  return new URL(COMPILED ? url.replace(/\/dist\/((?:src|scripts|eval)\/.*)\.js$/, '/$1.ts') : url);
}

const require = createRequire(import.meta.url);

/** tsx's loader API, as `import 'tsx/esm/api'` finds it from here; undefined when compiled (tsx is then not needed). */
export function tsxLoaderApi(): string | undefined {
  if (COMPILED) return undefined;
  const tsxPackage = require.resolve('tsx/package.json');
  const tsxExports = (require(tsxPackage) as { exports: Record<string, { import: { default: string } }> }).exports;
  return pathToFileURL(join(dirname(tsxPackage), tsxExports['./esm/api'].import.default)).href;
}

/** The Node flags a child process needs to run this code: tsx's loader for TypeScript, none when compiled. */
export function childExecArgv(): string[] {
  return COMPILED ? [] : ['--import', pathToFileURL(require.resolve('tsx')).href];
}
