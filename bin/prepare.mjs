// `npm install`'s prepare step: compiles dist/ (`npm run build`) when the TypeScript compiler is installed. `npm install
// --omit=dev` installs none; bin/run.mjs then runs the scripts' TypeScript through tsx, a runtime dependency.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import process from 'node:process';

try {
  createRequire(import.meta.url).resolve('typescript/package.json');
} catch {
  process.stdout.write('prepare: no TypeScript compiler (npm install --omit=dev): nothing compiled, the scripts run through tsx\n');
  process.exit(0);
}
const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
process.exit(build.status ?? 1);
