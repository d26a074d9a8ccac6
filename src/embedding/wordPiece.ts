// Token ids of a BERT WordPiece tokenizer (lower-casing, BERT pre-tokenizer), the same as transformers.js gives, in a
// fraction of its time: plain ASCII text is split in one pass, each word's pieces and each recent chunk's (a text cut at
// sentence ends) remembered; any other text goes to the library's own tokenizer.

/** The parts of a transformers.js tokenizer read here (see its tokenizers.js, version 2.17). */
export interface LibraryTokenizer {
  encode(text: string, pair: null, options: { add_special_tokens: boolean }): number[];
  normalizer?: { config?: Record<string, unknown> } | null;
  pre_tokenizer?: object | null;
  model: {
    tokens_to_ids: Map<string, number>;
    unk_token_id?: number;
    config: { type?: string; continuing_subword_prefix?: string; max_input_chars_per_word?: number; fuse_unk?: boolean };
  };
  post_processor?: { single?: unknown } | null;
  added_tokens: { content: string }[];
  model_max_length?: number;
  pad_token_id?: number;
  remove_space?: boolean;
  do_lowercase_and_remove_accent?: boolean;
}

/** Word pieces of a text, without the special tokens around it. */
type WordPieceIds = (text: string) => readonly number[];

/** A tokenizer as the model reads it. */
export interface WordPieceTokenizer {
  /** Word pieces of `text`, without special tokens (what passage sizing counts). */
  pieces: WordPieceIds;
  /** The model's input for `text`: its pieces between the special tokens, as `tokenizer.encode(text)`. */
  inputIds(text: string): number[];
  /** Longest input the model takes: longer ones are cut to it, as the library's truncation does. */
  maxLength: number;
  padId: number;
}

/** What an ASCII character is to the tokenizer: dropped (control), a space, part of a word, or a punctuation token. */
const enum CharKind {
  Dropped,
  Space,
  Word,
  Punctuation,
}

/**
 * BertNormalizer drops control characters (but tab, line feed and carriage return, which are spaces) and the
 * BertPreTokenizer splits on whitespace and makes each ASCII non-alphanumeric character a token of its own.
 */
const ASCII_KINDS: readonly CharKind[] = Array.from({ length: 128 }, (_, code) => {
  if (code === 9 || code === 10 || code === 13 || code === 32) return CharKind.Space;
  if (code < 32 || code === 127) return CharKind.Dropped;
  if (/[A-Za-z0-9]/.test(String.fromCharCode(code))) return CharKind.Word;
  return CharKind.Punctuation;
});

/** Words whose pieces are remembered, at most; the memory starts over past it (a corpus's vocabulary is far smaller). */
const REMEMBERED_WORDS = 200_000;

/**
 * `tokenizer` as a WordPieceTokenizer giving the library's own token ids (`tokenizer.encode`, with and without the
 * special tokens), or undefined when it is not the kind reproduced here (then the library's is the one to use).
 */
export function wordPieceTokenizer(tokenizer: LibraryTokenizer): WordPieceTokenizer | undefined {
  const specials = specialTokensAround(tokenizer);
  if (!specials || !isPlainBertWordPiece(tokenizer)) return undefined;
  const pieces = wordPieceIds(tokenizer);
  return {
    pieces,
    inputIds: (text) => [specials.before, ...pieces(text), specials.after],
    maxLength: tokenizer.model_max_length!,
    padId: tokenizer.pad_token_id!,
  };
}

/** A template of one special token, the text, one special token (BERT's `[CLS] … [SEP]`): the two ids, else undefined. */
function specialTokensAround(tokenizer: LibraryTokenizer): { before: number; after: number } | undefined {
  const template = tokenizer.post_processor?.single;
  if (!Array.isArray(template) || template.length !== 3 || template[1]?.Sequence?.id !== 'A') return undefined;
  const idOf = (item: { SpecialToken?: { id?: string } } | undefined) => tokenizer.model.tokens_to_ids.get(item?.SpecialToken?.id ?? '');
  const [before, after] = [idOf(template[0]), idOf(template[2])];
  if (before === undefined || after === undefined) return undefined;
  if (!Number.isFinite(tokenizer.model_max_length) || tokenizer.pad_token_id === undefined) return undefined;
  return { before, after };
}

function wordPieceIds(tokenizer: LibraryTokenizer): WordPieceIds {
  const vocabulary = tokenizer.model.tokens_to_ids;
  const unknown = tokenizer.model.unk_token_id!;
  const prefix = tokenizer.model.config.continuing_subword_prefix ?? '##';
  const maxWordLength = tokenizer.model.config.max_input_chars_per_word ?? 100;
  const addedTokens = tokenizer.added_tokens.map((token) => token.content);
  const library: WordPieceIds = (text) => tokenizer.encode(text, null, { add_special_tokens: false });
  const remembered = new Map<string, readonly number[]>();

  /** Greedy longest match from the left, as the library's WordPieceTokenizer: a word with a piece not found is one unknown. */
  const piecesOf = (word: string): readonly number[] => {
    if (word.length > maxWordLength) return [unknown];
    const pieces: number[] = [];
    for (let start = 0; start < word.length;) {
      let end = word.length;
      let id: number | undefined;
      for (; end > start; end--) {
        id = vocabulary.get(start > 0 ? prefix + word.slice(start, end) : word.slice(start, end));
        if (id !== undefined) break;
      }
      if (id === undefined) return [unknown];
      pieces.push(id);
      start = end;
    }
    return pieces;
  };
  const rememberedPiecesOf = (word: string): readonly number[] => {
    let pieces = remembered.get(word);
    if (pieces === undefined) {
      if (remembered.size >= REMEMBERED_WORDS) remembered.clear();
      pieces = piecesOf(word);
      remembered.set(word, pieces);
    }
    return pieces;
  };

  /** Word pieces of an ASCII text without control characters: one pass over its characters, each word's pieces remembered. */
  const asciiPieces = (text: string): readonly number[] => {
    const normal = text.toLowerCase();
    const ids: number[] = [];
    const pushPieces = (word: string) => {
      for (const id of rememberedPiecesOf(word)) ids.push(id);
    };
    let wordStart = -1;
    for (let i = 0; i < normal.length; i++) {
      const kind = ASCII_KINDS[normal.charCodeAt(i)];
      if (kind === CharKind.Word) {
        if (wordStart < 0) wordStart = i;
        continue;
      }
      if (wordStart >= 0) pushPieces(normal.slice(wordStart, i));
      wordStart = -1;
      if (kind === CharKind.Punctuation) pushPieces(normal[i]);
    }
    if (wordStart >= 0) pushPieces(normal.slice(wordStart));
    return ids;
  };
  const chunks = new RememberedChunks();

  return (text) => {
    const ascii = asciiWithoutControls(text);
    if (ascii === undefined || (ascii.includes('[') && addedTokens.some((token) => text.includes(token)))) return library(text);
    // A space ends a word and gives no piece, so the text's pieces are its chunks' pieces one after another. A build
    // tokenises each sentence to size passages, then again in its passage and alone: cut at sentence ends, the text's
    // chunks are mostly ones seen before.
    let ids: readonly number[] | undefined;
    let joined: number[] | undefined;
    let chunkStart = 0;
    const addChunk = (end: number) => {
      const chunk = ascii.slice(chunkStart, end);
      let pieces = chunks.get(chunk);
      if (pieces === undefined) chunks.set(chunk, (pieces = asciiPieces(chunk)));
      if (ids === undefined) ids = pieces;
      else {
        joined ??= [...ids];
        for (const id of pieces) joined.push(id);
      }
    };
    for (let i = 1; i < ascii.length; i++) {
      if (!endsChunk(ascii, i)) continue;
      addChunk(i);
      // The spaces after a chunk's end belong to no chunk.
      while (i + 1 < ascii.length && ASCII_KINDS[ascii.charCodeAt(i + 1)] === CharKind.Space) i++;
      chunkStart = i + 1;
    }
    if (chunkStart < ascii.length || ids === undefined) addChunk(ascii.length);
    return joined ?? ids!;
  };
}

/** Characters that end a sentence, or a chunk of one, when a space follows: a full stop, ! or ?, a closing quote or bracket. */
const CHUNK_ENDS = new Set(['.', '!', '?', '"', "'", ')']);

/** Whether a chunk ends before `text[i]`: a space after a sentence's end, or a line break. */
function endsChunk(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (ASCII_KINDS[code] !== CharKind.Space) return false;
  return code === 10 || CHUNK_ENDS.has(text[i - 1]);
}

/** Chunks remembered, per generation: the chunks of a build's batch of sentences and passages (~13,000 sentences). */
const REMEMBERED_CHUNKS = 16_384;

/**
 * Pieces of the chunks seen last, in two generations: a full one becomes the older, and the older is dropped. A chunk
 * found in the older moves to the newer, so what is read often stays.
 */
class RememberedChunks {
  private newer = new Map<string, readonly number[]>();
  private older = new Map<string, readonly number[]>();

  get(chunk: string): readonly number[] | undefined {
    const pieces = this.newer.get(chunk);
    if (pieces !== undefined) return pieces;
    const old = this.older.get(chunk);
    if (old !== undefined) this.set(chunk, old);
    return old;
  }

  set(chunk: string, pieces: readonly number[]): void {
    if (this.newer.size >= REMEMBERED_CHUNKS) {
      this.older = this.newer;
      this.newer = new Map();
    }
    this.newer.set(chunk, pieces);
  }
}

/**
 * `text` without its control characters when it is all ASCII, else undefined. The normalizer drops them before the
 * text is split, so the letters either side of one are one word.
 */
function asciiWithoutControls(text: string): string | undefined {
  let controls = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 127) return undefined;
    if (ASCII_KINDS[code] === CharKind.Dropped) controls = true;
  }
  if (!controls) return text;
  let kept = '';
  for (let i = 0; i < text.length; i++) if (ASCII_KINDS[text.charCodeAt(i)] !== CharKind.Dropped) kept += text[i];
  return kept;
}

/** The configuration this module reproduces: anything else (another normalizer, fused unknowns, …) is left to the library. */
function isPlainBertWordPiece(tokenizer: LibraryTokenizer): boolean {
  const normalizer = tokenizer.normalizer?.config;
  const model = tokenizer.model.config;
  return (
    normalizer?.type === 'BertNormalizer' &&
    normalizer.clean_text === true &&
    normalizer.lowercase === true &&
    tokenizer.pre_tokenizer?.constructor.name === 'BertPreTokenizer' &&
    model.type === 'WordPiece' &&
    !model.fuse_unk &&
    tokenizer.model.unk_token_id !== undefined &&
    !tokenizer.remove_space &&
    !tokenizer.do_lowercase_and_remove_accent
  );
}
