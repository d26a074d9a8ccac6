// `npm run fuzz -- [--runs N] [--seconds S]`: the fuzz properties of tests/fuzz (fixed seed), N runs each, each
// property stopped after S seconds (it then reports the runs it made).
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

let values;
try {
  ({ values } = parseArgs({ options: { runs: { type: 'string', default: '10000' }, seconds: { type: 'string', default: '60' } } }));
} catch (error) {
  console.error(`error: ${(error as Error).message.split('\n')[0]} (usage: npm run fuzz -- [--runs N] [--seconds S])`);
  process.exit(2);
}
if (!/^[1-9]\d*$/.test(values.runs) || !/^[1-9]\d*$/.test(values.seconds)) {
  console.error('error: --runs and --seconds take a whole number above 0');
  process.exit(2);
}
const run = spawnSync('npx', ['vitest', 'run', 'tests/fuzz', '--project', 'default'], {
  stdio: 'inherit',
  env: { ...process.env, FUZZ_RUNS: values.runs, FUZZ_SECONDS: values.seconds },
});
process.exit(run.status ?? 1);
