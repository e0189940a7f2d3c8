/** Text with the characters at `positions` marked, for a fuzzy match. */
export function Highlighted({ text, positions }: { text: string; positions: readonly number[] }) {
  const marked = new Set(positions);
  const parts: Array<{ text: string; mark: boolean }> = [];
  for (const [i, ch] of [...text].entries()) {
    const mark = marked.has(i);
    const last = parts[parts.length - 1];
    if (last && last.mark === mark) last.text += ch;
    else parts.push({ text: ch, mark });
  }
  return <>{parts.map((p, i) => (p.mark ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}</>;
}
