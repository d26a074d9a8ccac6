// `node --import tsx scripts/analysis-dump.ts`: each article's analysis (sentences, people, dates, quotations) as JSON lines with CPU per stage; `--compare` two such dumps.
import { createWriteStream, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadCorpus } from '../src/corpus/load.ts';
import { splitSentences } from '../src/corpus/sentences.ts';
import { findDates } from '../src/entities/findDates.ts';
import { findPeople } from '../src/entities/findPeople.ts';
import { findQuotations } from '../src/quotations/extract.ts';

const STAGES = ['sentences', 'people', 'dates', 'quotations'] as const;
type Stage = (typeof STAGES)[number];

/** One article's analysis as the dump holds it. */
interface DumpedArticle {
  id: string;
  sentences: [number, number][];
  people: unknown[];
  dates: unknown[];
  quotations: unknown[];
}

const cpuMicros = () => {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
};

/**
 * Analyses the first `limit` articles of `corpus`, writing each as a line of `out` (if given); returns CPU ms per stage.
 * Each stage runs over every article before the next, timed once: reading the CPU clock per article per stage cost
 * about a quarter of the time it measured (`node --cpu-prof`).
 */
async function dump(corpus: string, limit: number, out: string | undefined): Promise<{ articles: number; cpu: Record<Stage, number> }> {
  const articles = loadCorpus(corpus, { skipInvalid: true }).articles.slice(0, limit);
  const cpu: Record<Stage, number> = { sentences: 0, people: 0, dates: 0, quotations: 0 };
  const timed = <T>(stage: Stage, run: (index: number) => T): T[] => {
    const from = cpuMicros();
    const results = articles.map((_, index) => run(index));
    cpu[stage] = (cpuMicros() - from) / 1000;
    return results;
  };
  const sentences = timed('sentences', (i) => splitSentences(articles[i].text));
  const people = timed('people', (i) => findPeople(articles[i].text, sentences[i]));
  const dates = timed('dates', (i) => findDates(articles[i].text, sentences[i], articles[i].date));
  const quotations = timed('quotations', (i) => findQuotations({ text: articles[i].text, sentences: sentences[i], people: people[i] }));
  if (out) {
    const stream = createWriteStream(out);
    for (const [i, article] of articles.entries()) {
      const line: DumpedArticle = {
        id: article.id,
        sentences: sentences[i].map((sentence) => [sentence.start, sentence.end]),
        people: people[i],
        dates: dates[i],
        quotations: quotations[i],
      };
      if (!stream.write(`${JSON.stringify(line)}\n`)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
    }
    await new Promise<void>((resolve) => stream.end(() => resolve()));
  }
  return { articles: articles.length, cpu };
}

const readDump = (file: string): Map<string, DumpedArticle> =>
  new Map(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as DumpedArticle)
      .map((article) => [article.id, article]),
  );

/** How two dumps differ: per field, the articles whose value differs; for people, each mention only one side has. */
function compare(beforeFile: string, afterFile: string): void {
  const before = readDump(beforeFile);
  const after = readDump(afterFile);
  const fields = ['sentences', 'people', 'dates', 'quotations'] as const;
  const differing: Record<string, string[]> = Object.fromEntries(fields.map((field) => [field, []]));
  // Only the articles both dumps hold: a dump of the first N articles compares with a full one.
  for (const [id, old] of before) {
    const now = after.get(id);
    if (!now) continue;
    for (const field of fields) if (JSON.stringify(old[field]) !== JSON.stringify(now[field])) differing[field].push(id);
  }
  console.log(`${before.size} articles before, ${after.size} after`);
  for (const field of fields) console.log(`${field}: ${differing[field].length} articles differ`);
  const mentionKey = (mention: unknown) => {
    const { name, start, person, evidence } = mention as { name: string; start: number; person: string; evidence: string };
    return `${start} ${name} → ${person} (${evidence})`;
  };
  for (const id of differing.people) {
    const old = new Set(before.get(id)!.people.map(mentionKey));
    const now = new Set(after.get(id)!.people.map(mentionKey));
    const lost = [...old].filter((key) => !now.has(key));
    const gained = [...now].filter((key) => !old.has(key));
    console.log(`people ${id}:${lost.map((key) => `\n  - ${key}`).join('')}${gained.map((key) => `\n  + ${key}`).join('')}`);
  }
  for (const field of ['dates', 'quotations', 'sentences'] as const) {
    for (const id of differing[field]) console.log(`${field} ${id} differs`);
  }
}

const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: '../shared/corpora/reuters21578/reuters21578.jsonl' },
    limit: { type: 'string', default: String(Number.MAX_SAFE_INTEGER) },
    out: { type: 'string' },
    compare: { type: 'string', multiple: true },
  },
});

if (values.compare) {
  if (values.compare.length !== 2) throw new Error('--compare takes two dumps: --compare before.jsonl --compare after.jsonl');
  compare(values.compare[0], values.compare[1]);
} else {
  const { articles, cpu } = await dump(values.corpus, Number(values.limit), values.out);
  const total = STAGES.reduce((sum, stage) => sum + cpu[stage], 0);
  const perArticle = (ms: number) => `${(ms / articles).toFixed(3)} ms`;
  console.log(
    `${articles} articles, CPU per article: ${STAGES.map((stage) => `${stage} ${perArticle(cpu[stage])}`).join(', ')}; total ${perArticle(total)}`,
  );
}
