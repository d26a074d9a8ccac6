// `npm run quotations -- --jsonl FILE`: one JSON line per direct quotation of each article of a JSONL file ({id, text, date?, title?}).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { findQuotations } from '../src/quotations/extract.ts';

const USAGE = 'usage: npm run quotations -- --jsonl FILE   (one {"id", "text", "date"?, "title"?} object per line)';
const ArticleLine = z.object({ id: z.string().min(1), text: z.string(), date: z.string().optional(), title: z.string().optional() });

function main(argv: string[]): number {
  let file: string | undefined;
  try {
    file = parseArgs({ args: argv, options: { jsonl: { type: 'string' } } }).values.jsonl;
  } catch (error) {
    return fail(`${(error as Error).message}\n${USAGE}`);
  }
  if (!file) return fail(USAGE);
  let lines: string[];
  try {
    lines = readFileSync(file, 'utf8').split('\n');
  } catch (error) {
    return fail(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  for (const [index, line] of lines.entries()) {
    if (!line.trim()) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      return fail(`${file}:${index + 1}: not valid JSON`);
    }
    const article = ArticleLine.safeParse(parsed);
    if (!article.success) return fail(`${file}:${index + 1}: expected {"id": string, "text": string, "date"?: string, "title"?: string}`);
    for (const quotation of findQuotations({ text: article.data.text })) {
      const { speaker } = quotation;
      process.stdout.write(
        JSON.stringify({
          article: article.data.id,
          start: quotation.start,
          end: quotation.end,
          text: article.data.text.slice(quotation.start, quotation.end),
          speaker: speaker.name,
          speakerStart: speaker.start ?? null,
          speakerEnd: speaker.end ?? null,
          cue: quotation.cue,
          speakerKind: speaker.kind,
          pieces: quotation.pieces.map((piece) => [piece.start, piece.end]),
          rule: quotation.rule,
        }) + '\n',
      );
    }
  }
  return 0;
}

function fail(message: string): number {
  console.error(message);
  return 2;
}

process.exitCode = main(process.argv.slice(2));
