// Untrusted text made safe to show on a terminal or in Discord: no control character acts, nothing malformed is sent.

/**
 * C0 controls but tab and newline, DEL, C1 controls (U+0080–U+009F, e.g. U+009B, a one-character CSI) and
 * the bidirectional overrides/isolates that can reorder what a reader sees.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0001-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- as above
const NUL = /\u0000/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * `text` with every control character replaced by a visible stand-in (ESC → ␛, BEL → ␇, CR → ␍; C1 and
 * bidi controls → U+FFFD), NUL bytes dropped and lone surrogates replaced by U+FFFD. Tab and newline stay.
 * Each character maps to at most one, so a quote's highlight is still found inside its neutralised text.
 */
export function neutraliseControls(text: string): string {
  return text
    .replace(NUL, '')
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(CONTROL, (char) => {
      const code = char.charCodeAt(0);
      if (code < 0x20) return String.fromCharCode(0x2400 + code);
      return code === 0x7f ? '\u2421' : '\ufffd';
    });
}
