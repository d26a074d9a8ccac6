// The compiled JavaScript (`npm run build`, tsconfig.build.json) answers as the TypeScript does and fingerprints the same code.
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand, runTsx } from '../support/runScript.ts';
import { seedIndex } from '../support/seedIndex.ts';

const root = resolve('.');
/** A copy of the project's layout whose dist/ is compiled here: src/, models/ and node_modules/ are links to the real ones. */
let project: string;

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), 'compiled-'));
  for (const name of ['src', 'scripts', 'models', 'node_modules', 'package.json']) symlinkSync(join(root, name), join(project, name));
  const tsc = await runCommand(process.execPath, [
    join(root, 'node_modules/typescript/bin/tsc'),
    '-p',
    join(root, 'tsconfig.build.json'),
    '--outDir',
    join(project, 'dist'),
  ]);
  expect(tsc.stdout + tsc.stderr).toBe('');
}, 300_000);

afterAll(() => rmSync(project, { recursive: true, force: true }));

const fingerprints = (module: string) =>
  `const f = await import(${JSON.stringify(module)}); console.log(f.chunkingFingerprint(), f.entitiesFingerprint());`;

describe('the compiled CLI', () => {
  it('answers a question as the TypeScript does', async () => {
    const { env } = seedIndex();
    const question = ['--json', 'Who warned officials about WhatsApp links?'];
    const [compiled, typescript] = await Promise.all([
      runCommand(process.execPath, [join(project, 'dist/scripts/ask.js'), ...question], { env: { ...process.env, ...env } }),
      runTsx(['scripts/ask.ts', ...question], { env: { ...process.env, ...env } }),
    ]);
    expect(compiled.status).toBe(0);
    expect(JSON.parse(compiled.stdout)).toEqual(JSON.parse(typescript.stdout));
  });

  it('fingerprints the TypeScript sources, so an index built either way is current for the other', async () => {
    const [compiled, typescript] = await Promise.all([
      runCommand(process.execPath, ['--input-type=module', '-e', fingerprints(join(project, 'dist/src/index/fingerprint.js'))]),
      runTsx(['--input-type=module', '-e', fingerprints(join(root, 'src/index/fingerprint.ts'))]),
    ]);
    expect(compiled.stdout).toMatch(/^[0-9a-f]{16} [0-9a-f]{16}\n$/);
    expect(compiled.stdout).toBe(typescript.stdout);
  });
});
