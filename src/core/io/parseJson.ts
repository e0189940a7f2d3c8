/**
 * JSON.parse whose failure says where, never what: the engine's message quotes the text it
 * choked on, and a file's first bytes (a secret, a private key) must not travel in an error.
 */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; problem: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, problem: jsonProblem(text, e) };
  }
}

function jsonProblem(text: string, e: unknown): string {
  const message = e instanceof Error ? e.message : '';
  if (/unexpected end of json input/i.test(message)) return 'is not valid JSON (it ends too early)';
  const at = /at position (\d+)/.exec(message);
  if (at) {
    const position = Number(at[1]);
    const before = text.slice(0, position);
    const line = before.split('\n').length;
    const column = position - before.lastIndexOf('\n');
    return `is not valid JSON (line ${line}, column ${column})`;
  }
  return text.trimStart() === '' ? 'is empty, not JSON' : 'is not valid JSON';
}
