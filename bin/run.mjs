// `node bin/run.mjs <script> [args]`: runs scripts/<script> compiled (dist/, from `npm run build`) when dist is newer
// than every source file, else the TypeScript itself through tsx, so `npm run ask` never runs stale code.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Written by `npm run build` after the compiler: its time is the build's. */
const BUILT_STAMP = join(root, 'dist', 'BUILT');

/** The newest modification time of the TypeScript `script` runs: its file and everything under src/, in ms. */
function newestSource(script) {
  let newest = statSync(join(root, 'scripts', `${script}.ts`)).mtimeMs;
  const visit = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  visit(join(root, 'src'));
  return newest;
}

function builtIsCurrent(script) {
  const compiled = join(root, 'dist', 'scripts', `${script}.js`);
  return existsSync(BUILT_STAMP) && existsSync(compiled) && statSync(BUILT_STAMP).mtimeMs >= newestSource(script);
}

const [script] = process.argv.splice(2, 1);
if (!script || !/^[\w-]+$/.test(script) || !existsSync(join(root, 'scripts', `${script}.ts`))) {
  process.stderr.write('usage: node bin/run.mjs <script in scripts/> [arguments]\n');
  process.exit(2);
}
if (builtIsCurrent(script)) {
  await import(pathToFileURL(join(root, 'dist', 'scripts', `${script}.js`)).href);
} else {
  // Through the flag rather than tsx's register(): child processes (the bot's shards) inherit process.execArgv.
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  process.execArgv.push('--import', tsx);
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'scripts', `${script}.ts`)).href);
}
