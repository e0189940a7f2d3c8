/** A match of a query in a text: higher scores first; positions are the matched characters, for highlighting. */
export interface FuzzyMatch {
  readonly score: number;
  readonly positions: readonly number[];
}

const isWordStart = (text: string, i: number) => i === 0 || /[\s:./_-]/.test(text[i - 1]) || (text[i] !== text[i].toLowerCase() && text[i - 1] === text[i - 1].toLowerCase());

/**
 * Matches the query's characters in order anywhere in the text, as VS Code's palette does
 * (`drbx` finds "Draw box"), ignoring case and spaces in the query. Among the ways to match, a
 * greedy left-to-right pass that prefers word starts and runs is taken: a match at word starts and
 * in runs scores higher, an earlier first match breaks ties. Null when the text lacks a character.
 */
export function fuzzyMatch(query: string, text: string): FuzzyMatch | null {
  const q = query.toLowerCase().replace(/\s+/g, '');
  if (!q) return { score: 0, positions: [] };
  const lower = text.toLowerCase();
  const positions: number[] = [];
  let from = 0;
  for (const ch of q) {
    // Prefer the next word start holding this character, unless the previous match runs on into it.
    const prev = positions[positions.length - 1];
    let at = -1;
    if (prev !== undefined && lower[prev + 1] === ch) at = prev + 1;
    else {
      for (let i = from; i < lower.length; i++) {
        if (lower[i] === ch && isWordStart(text, i)) {
          at = i;
          break;
        }
      }
      if (at < 0) at = lower.indexOf(ch, from);
    }
    if (at < 0) return null;
    positions.push(at);
    from = at + 1;
  }
  let score = 0;
  let run = 0;
  for (const [k, p] of positions.entries()) {
    run = k > 0 && positions[k - 1] === p - 1 ? run + 1 : 0;
    // Each character further into a run is worth more, so "top" prefers "Top" to "Tool … point".
    score += 1 + (isWordStart(text, p) ? 3 : 0) + 2 * run;
  }
  return { score: score - positions[0] * 0.01, positions };
}
