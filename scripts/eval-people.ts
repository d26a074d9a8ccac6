// Prints person-detection precision/recall/F1 on each hand-labelled set in tests/fixtures/people/ (`--verbose` lists the errors).
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { evaluatePeople } from '../eval/people.ts';

const folder = fileURLToPath(new URL('../tests/fixtures/people/', import.meta.url));
const verbose = process.argv.includes('--verbose');
const percent = (value: number) => `${(100 * value).toFixed(1)}%`;

for (const file of readdirSync(folder)
  .filter((name) => name.endsWith('.json'))
  .sort()) {
  const score = evaluatePeople(`${folder}${file}`);
  console.log(
    `people ${score.set}: precision ${percent(score.precision)} (${score.correct}/${score.found}), ` +
      `recall ${percent(score.recall)} (${score.correct}/${score.expected}), F1 ${percent(score.f1)} over ${score.articles} articles` +
      (score.untuned
        ? ` — tuned on; first untuned run: precision ${percent(score.untuned.precision)}, recall ${percent(score.untuned.recall)}, F1 ${percent(score.untuned.f1)}`
        : ''),
  );
  if (verbose) {
    for (const { article, spurious, missed } of score.errors) {
      console.log(`  ${article}: spurious [${spurious.join(', ')}] missed [${missed.join(', ')}]`);
    }
  }
}
