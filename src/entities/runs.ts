// Word runs inside names ("Khan" in "Imran Khan"), without the NLP library: the people directory loads it at start.

/** Whether `part` occurs as consecutive words of `whole`; a single word must be its first or last word. */
export function containsRun(whole: string[], part: string[], endsOnly: boolean): boolean {
  if (endsOnly && part.length === 1) return whole[0] === part[0] || whole[whole.length - 1] === part[0];
  for (let i = 0; i + part.length <= whole.length; i++) {
    if (part.every((word, j) => whole[i + j] === word)) return true;
  }
  return false;
}

/**
 * Names (as word lists) found by the words they hold, so that finding the names holding a run looks only at the names
 * sharing its rarest word, not at every name: on an article naming thousands of people, pairing every name with every
 * other would be quadratic (issue 23).
 */
export class NamesByWord {
  private readonly byWord = new Map<string, string[][]>();

  constructor(names: Iterable<string[]>) {
    for (const name of names) {
      for (const word of new Set(name)) {
        const holding = this.byWord.get(word);
        if (holding) holding.push(name);
        else this.byWord.set(word, [name]);
      }
    }
  }

  /** The names, in the order given, holding `part` as consecutive words (as `containsRun`). */
  containing(part: string[], endsOnly: boolean): string[][] {
    let fewest: string[][] | undefined;
    for (const word of part) {
      const holding = this.byWord.get(word);
      if (!holding) return [];
      if (!fewest || holding.length < fewest.length) fewest = holding;
    }
    return (fewest ?? []).filter((name) => containsRun(name, part, endsOnly));
  }
}
