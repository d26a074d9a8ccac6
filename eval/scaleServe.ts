// One size of the scale ladder served in a fresh process that loads what the bot loads (eval/scaleLadder.ts spawns it):
// `node --import tsx eval/scaleServe.ts --scale-serve <index> --scale-queries <questions.json>`. Its RSS is the archive's
// and the answering code's, not the bench's (scripts/bench.ts imports Postgres, the Discord harness and the peers' engines).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { serveOnce } from './scaleLadder.ts';

const { values } = parseArgs({ options: { 'scale-serve': { type: 'string' }, 'scale-queries': { type: 'string' } } });
if (!values['scale-serve'] || !values['scale-queries']) {
  console.error('usage: node --import tsx eval/scaleServe.ts --scale-serve <index folder> --scale-queries <questions.json>');
  process.exit(2);
}
const questions = JSON.parse(readFileSync(values['scale-queries'], 'utf8')) as string[];
console.log(JSON.stringify(await serveOnce(values['scale-serve'], questions)));
