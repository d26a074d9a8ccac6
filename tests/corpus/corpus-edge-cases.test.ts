// Issue 9.7: a corpus with a BOM, unreadable parts, a FIFO, invalid UTF-8 or an id like "__proto__" loads as it should.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CorpusError, loadCorpus } from '../../src/corpus/load.ts';
import { buildArchiveIndex } from '../../src/openArchive.ts';
import { tempDir, testConfig } from '../index/helpers.ts';
import { runTsx } from '../support/runScript.ts';

const root = tempDir('corpus-edge-');
afterAll(() => rmSync(root, { recursive: true, force: true }));
const record = (id: string, text: string) => JSON.stringify({ id, date: '2024-01-01', text });

describe('corpus edge cases', () => {
  it('keeps the first article of a JSONL that starts with a UTF-8 byte-order mark', () => {
    const file = join(root, 'bom.jsonl');
    writeFileSync(file, `\ufeff${record('first', 'The first article.')}\n${record('second', 'The second article.')}\n`);
    const { articles, skipped } = loadCorpus(file);
    expect(skipped).toEqual([]);
    expect(articles.map((article) => article.id)).toEqual(['first', 'second']);
  });

  it('refuses a FIFO as the corpus instead of waiting on it, and passes over one inside a folder', () => {
    const folder = join(root, 'with-fifo');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a.txt'), 'date 2024-01-01 An article.');
    expect(spawnSync('mkfifo', [join(root, 'pipe.jsonl'), join(folder, 'pipe.txt')]).status).toBe(0);
    expect(() => loadCorpus(join(root, 'pipe.jsonl'))).toThrow(/pipe\.jsonl: not a regular file or folder/);
    expect(loadCorpus(folder).articles.map((article) => article.id)).toEqual(['a.txt']);
  });

  it('warns with file and line about invalid UTF-8, which it reads as U+FFFD', () => {
    const file = join(root, 'latin1.jsonl');
    const bad = Buffer.from(record('cafe', 'Caf\u0000X au lait.').replace('\\u0000X', '__'), 'utf8');
    bad[bad.indexOf('__')] = 0xe9;
    writeFileSync(file, Buffer.concat([Buffer.from(`${record('ok', 'Fine text.')}\n`), bad, Buffer.from('\n')]));
    const { articles, warnings } = loadCorpus(file);
    expect(warnings).toEqual([{ source: `${file}:2`, reason: expect.stringMatching(/^invalid UTF-8, read as U\+FFFD/) }]);
    expect(articles.find((article) => article.id === 'cafe')?.text).toBe('Caf\ufffd_ au lait.');
  });

  it('skips an unreadable file and folder with --skip-invalid, naming them, without a stack trace', async () => {
    const corpus = join(root, 'locked');
    mkdirSync(join(corpus, 'private'), { recursive: true });
    writeFileSync(join(corpus, 'open.txt'), 'date 2024-01-01 Anyone may read this.');
    writeFileSync(join(corpus, 'secret.txt'), 'date 2024-01-01 Nobody may read this.');
    writeFileSync(join(corpus, 'private', 'inner.txt'), 'date 2024-01-01 Hidden.');
    chmodSync(join(corpus, 'secret.txt'), 0o000);
    chmodSync(join(corpus, 'private'), 0o000);
    // Permissions do not stop root: the loader then runs as "nobody" (who may enter the temp folder).
    chmodSync(root, 0o755);
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const code = `import { loadCorpus } from './src/corpus/load.ts'; console.log(JSON.stringify(loadCorpus(${JSON.stringify(corpus)}, { skipInvalid: true })));`;
    const run = await runTsx(['--input-type=module', '-e', code], asUser);
    chmodSync(join(corpus, 'private'), 0o755);
    expect(run.stderr).toBe('');
    const loaded = JSON.parse(run.stdout);
    expect(loaded.articles.map((article: { id: string }) => article.id)).toEqual(['open.txt']);
    expect(loaded.skipped).toEqual([
      { source: join(corpus, 'private'), reason: 'cannot be read (EACCES, permission denied)' },
      { source: join(corpus, 'secret.txt'), reason: 'cannot be read (EACCES, permission denied)' },
    ]);
  });

  it('names an unreadable file in a CorpusError without --skip-invalid', () => {
    expect(() => loadCorpus(join(root, 'no-such.jsonl'))).toThrow(CorpusError);
  });

  it('reuses an article whose id is "__proto__" on the next build instead of re-embedding it', async () => {
    const file = join(root, 'proto.jsonl');
    const ids = ['__proto__', 'constructor', '10', '9', '010'];
    writeFileSync(file, ids.map((id) => `${record(id, `An article with an awkward id, ${id}.`)}\n`).join(''));
    const out = join(root, 'proto-index');
    const first = await buildArchiveIndex(testConfig(), { corpus: file, out });
    expect(Object.keys(first.manifest.articles).sort()).toEqual([...ids].sort());
    // The manifest's hashes are written from a spill, entry by entry: the text is JSON.stringify's own (ids that are
    // array indexes, "9" and "10", first in numeric order, as an object lists them).
    const text = readFileSync(join(out, 'manifest.json'), 'utf8');
    expect(text).toBe(JSON.stringify(JSON.parse(text), null, 2));
    expect(Object.keys(JSON.parse(text).articles)).toEqual(['9', '10', '010', '__proto__', 'constructor']);
    const second = await buildArchiveIndex(testConfig(), { corpus: file, out });
    expect(second.embeddedPassages).toBe(0);
    expect(second.reusedPassages).toBe(first.embeddedPassages);
  });
});
