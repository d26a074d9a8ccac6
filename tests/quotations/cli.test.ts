import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

const folder = mkdtempSync(join(tmpdir(), 'quotations-cli-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function run(lines: string[]) {
  const file = join(folder, `articles-${lines.length}.jsonl`);
  writeFileSync(file, lines.join('\n') + '\n');
  return spawnSync('npm', ['run', '--silent', 'quotations', '--', '--jsonl', file], { encoding: 'utf8' });
}

const Line = z
  .object({
    article: z.string(),
    start: z.number().int(),
    end: z.number().int(),
    text: z.string(),
    speaker: z.string().nullable(),
    speakerStart: z.number().int().nullable(),
    speakerEnd: z.number().int().nullable(),
    cue: z.string(),
  })
  .passthrough();

describe('npm run quotations -- --jsonl FILE', () => {
  it('prints one JSON line per quotation, with offsets into the article text', () => {
    const text =
      'Khan met reporters on Monday.\n\n“We will appeal,” Azam Khan told them. “The court was wrong.”\n\nThe statement was “unfortunate.”';
    const result = run([
      JSON.stringify({ id: 'a-1', text, date: '2022-09-28' }),
      JSON.stringify({ id: 'a-2', text: 'No quotation here.' }),
    ]);
    expect(result.status).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => Line.parse(JSON.parse(line)));
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).toMatchObject({ article: 'a-1', speaker: 'Azam Khan', cue: 'told' });
    expect(text.slice(line.start, line.end)).toBe(line.text);
    expect(line.text).toBe('“We will appeal,” Azam Khan told them. “The court was wrong.”');
    expect(text.slice(line.speakerStart!, line.speakerEnd!)).toBe('Azam Khan');
  });

  it('names the line of a malformed article and exits 2', () => {
    const result = run([JSON.stringify({ id: 'ok', text: 'Fine.' }), '{"id": 3}']);
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toMatch(/articles-2\.jsonl:2: expected \{"id": string, "text": string/);
  });
});
