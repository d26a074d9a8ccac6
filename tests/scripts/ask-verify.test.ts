// `npm run ask -- --verify` (issue 21): one JSON object with the verdict and exact matches; differences marked when piped.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { seedIndex } from '../support/seedIndex.ts';

const verification = z
  .object({
    verdict: z.enum(['verbatim', 'differences', 'misattributed', 'partial', 'absent']),
    matches: z.array(
      z
        .object({
          article: z.string(),
          date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
          url: z.string().optional(),
          text: z.string().min(1),
          speaker: z.string().optional(),
          differences: z
            .array(
              z.object({
                kind: z.enum(['missing', 'added', 'changed']),
                archive: z.string(),
                checked: z.string(),
                start: z.number(),
                end: z.number(),
              }),
            )
            .optional(),
        })
        .strict(),
    ),
  })
  .strict();

const ask = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/ask.ts', ...args], {
    env: { ...process.env, ...seedIndex().env },
    encoding: 'utf8',
  });

describe('npm run ask -- --verify', () => {
  it('prints one object: the verdict, and matches whose text is an exact substring of the article', () => {
    const run = ask([
      '--verify',
      'Sir, I was thinking that we should hold a meeting on this cypher issue',
      '--speaker',
      'Imran Khan',
      '--json',
    ]);
    expect(run.status).toBe(0);
    const parsed = verification.parse(JSON.parse(run.stdout));
    expect(parsed.verdict).toBe('misattributed');
    expect(parsed.matches[0]).toMatchObject({ speaker: 'Azam Khan', date: '2022-09-28' });
    expect(readFileSync(join('seeds', parsed.matches[0].article), 'utf8')).toContain(parsed.matches[0].text);
  });

  it('marks differences readably when piped, and refuses an empty quotation with exit status 2', () => {
    const run = ask(['--verify', 'Hackers tried to get secret data by sending WhatsApp links']);
    expect(run.stdout).toContain('Found with differences.');
    expect(run.stdout).toContain('> Hackers [-tried-] {+bid+} to get [-secret-] {+sensitive+} data by sending WhatsApp links.');
    expect(run.stdout).toContain('— 25 Aug 2023 · PMO says security agencies are fully alert in this regard');
    const empty = ask(['--verify', '  ']);
    expect(empty.status).toBe(2);
    expect(empty.stderr.trim().split('\n')).toHaveLength(1);
  });
});
