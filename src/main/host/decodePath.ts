/**
 * Percent-decodes a URL path, or answers null when the encoding is malformed (`%`, `%E0%A4%A`):
 * such a request is the client's mistake (a 400), never an exception that reaches the host.
 * A decoded NUL is refused too: no file name holds one, and some APIs stop reading at it.
 */
export function decodeUrlPath(encoded: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(encoded);
  } catch {
    return null;
  }
  return decoded.includes('\0') ? null : decoded;
}
