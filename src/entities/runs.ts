// Word runs inside names ("Khan" in "Imran Khan"), without the NLP library: the people directory loads it at start.

/** Whether `part` occurs as consecutive words of `whole`; a single word must be its first or last word. */
export function containsRun(whole: string[], part: string[], endsOnly: boolean): boolean {
  if (endsOnly && part.length === 1) return whole[0] === part[0] || whole[whole.length - 1] === part[0];
  for (let i = 0; i + part.length <= whole.length; i++) {
    if (part.every((word, j) => whole[i + j] === word)) return true;
  }
  return false;
}
