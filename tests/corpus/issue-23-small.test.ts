// Issue 23.9 (corpus and CLI): a bad JSONL line's control characters are not echoed raw, a folder of linked .txt
// articles is read, and `--json --help` prints JSON.
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAskArgs } from '../../src/cli/args.ts';
import { CorpusError, loadCorpus } from '../../src/corpus/load.ts';
import { parseDateQuery } from '../../src/entities/dateQuery.ts';
import { tempDir } from '../index/helpers.ts';
import { runTsx } from '../support/runScript.ts';

const root = tempDir('corpus-small-');
afterAll(() => rmSync(root, { recursive: true, force: true }));
// eslint-disable-next-line no-control-regex -- what must not reach a terminal
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

describe('small corpus and CLI things (issue 23.9)', () => {
  it('neutralises ESC and NUL from a bad JSONL line in the message, strict or skipping', () => {
    const file = join(root, 'bad.jsonl');
    writeFileSync(file, '{"id": "a", "date": "2024-01-01", "text": \u001b[2J\u0000}\n{"id": "b", "date": "2024-01-01", "text": "Fine."}\n');
    expect(() => loadCorpus(file)).toThrow(CorpusError);
    let message = '';
    try {
      loadCorpus(file);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/bad JSON/);
    expect(message).not.toMatch(RAW_CONTROL);
    const [skipped] = loadCorpus(file, { skipInvalid: true }).skipped;
    expect(skipped.reason).toMatch(/bad JSON .*␛\[2J/);
    expect(skipped.reason).not.toMatch(RAW_CONTROL);
  });

  it('reads a folder of linked .txt articles', () => {
    const originals = join(root, 'originals');
    const linked = join(root, 'linked');
    mkdirSync(originals);
    mkdirSync(linked);
    writeFileSync(join(originals, 'a.txt'), 'date 2024-01-01 The crane fell.');
    symlinkSync(resolve(originals, 'a.txt'), join(linked, 'a.txt'));
    expect(loadCorpus(linked).articles.map((article) => article.id)).toEqual(['a.txt']);
  });

  it('prints the usage as JSON for `--json --help`', async () => {
    expect(parseAskArgs(['--json', '--help'], parseDateQuery)).toEqual({ kind: 'help', json: true });
    const run = await runTsx(['scripts/ask.ts', '--json', '--help']);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ usage: expect.stringContaining('Usage: npm run ask') });
  });
});
