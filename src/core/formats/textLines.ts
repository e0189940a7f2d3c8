import { FormatError, type ByteSource } from '../io/byteSource';
import { latin1 } from './binary';

const WINDOW = 1 << 20;
/** Longer lines mean the file is not the text format it claims to be. */
const MAX_LINE = 1 << 20;

/**
 * Lines of a text region, read a window at a time. Each line comes with the byte offset where it
 * starts, for error messages. `\r\n` and `\n` both end lines.
 */
export async function* textLines(source: ByteSource, start: number, end: number): AsyncGenerator<{ line: string; offset: number }> {
  let carry = '';
  let carryOffset = start;
  for (let pos = start; pos < end; ) {
    const bytes = await source.read(pos, Math.min(WINDOW, end - pos));
    if (bytes.byteLength === 0) break;
    const text = carry + latin1(bytes);
    let from = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
      const line = text.charCodeAt(nl - 1) === 13 ? text.slice(from, nl - 1) : text.slice(from, nl);
      yield { line, offset: carryOffset + from };
      from = nl + 1;
    }
    carry = text.slice(from);
    carryOffset += from;
    if (carry.length > MAX_LINE) throw new FormatError(source.name, carryOffset, `a text line is longer than ${MAX_LINE} bytes`);
    pos += bytes.byteLength;
  }
  if (carry.length > 0) yield { line: carry.endsWith('\r') ? carry.slice(0, -1) : carry, offset: carryOffset };
}

/** Reads a text header up to and including the line `isLast` accepts; returns the lines and where the body starts. */
export async function readTextHeader(
  source: ByteSource,
  maxBytes: number,
  isLast: (line: string) => boolean,
  what: string,
): Promise<{ lines: string[]; bodyOffset: number }> {
  const size = await source.size();
  const bytes = await source.read(0, Math.min(size, maxBytes));
  const lines: string[] = [];
  let from = 0;
  while (from < bytes.byteLength) {
    const nl = bytes.indexOf(10, from);
    if (nl === -1) break;
    let end = nl;
    if (end > from && bytes[end - 1] === 13) end--;
    const line = latin1(bytes.subarray(from, end));
    lines.push(line);
    from = nl + 1;
    if (isLast(line)) return { lines, bodyOffset: from };
  }
  // The last header line may end the file without a newline (an empty cloud).
  if (from < bytes.byteLength && bytes.byteLength === size) {
    const line = latin1(bytes.subarray(from)).replace(/\r$/, '');
    if (isLast(line)) return { lines: [...lines, line], bodyOffset: size };
  }
  throw new FormatError(source.name, Math.min(size, maxBytes), `${what} header does not end within the first ${Math.min(size, maxBytes)} bytes`);
}
