// Issues 9.8/9.9: control characters, NUL bytes and lone surrogates from untrusted text never act where shown.
import { describe, expect, it } from 'vitest';
import { neutraliseControls } from '../../src/corpus/displayText.ts';

describe('neutraliseControls', () => {
  it.each([
    ['a window-title OSC sequence', 'a\u001b]0;pwned\u0007b', 'a\u241b]0;pwned\u2407b'],
    ['a clear-screen CSI', '\u001b[2Jtext', '\u241b[2Jtext'],
    [
      'an OSC 8 hyperlink',
      '\u001b]8;;http://evil.example\u001b\\link\u001b]8;;\u001b\\',
      '\u241b]8;;http://evil.example\u241b\\link\u241b]8;;\u241b\\',
    ],
    ['a carriage return that would overwrite the line', 'safe\rEVIL', 'safe\u240dEVIL'],
    ['DEL and a C1 CSI', 'x\u007fy\u009b31mz', 'x\u2421y\ufffd31mz'],
    ['bidi overrides', 'abc\u202edcba\u2066', 'abc\ufffddcba\ufffd'],
    ['NUL bytes (dropped)', 'nul\u0000byte', 'nulbyte'],
    ['a lone high surrogate', 'a\ud800b', 'a\ufffdb'],
    ['a lone low surrogate', 'a\udc00b', 'a\ufffdb'],
    ['a proper surrogate pair (kept)', 'emoji \ud83d\ude00', 'emoji \ud83d\ude00'],
    ['tabs and newlines (kept)', 'a\tb\nc', 'a\tb\nc'],
  ])('neutralises %s', (_name, input, expected) => {
    expect(neutraliseControls(input)).toBe(expected);
  });
});
