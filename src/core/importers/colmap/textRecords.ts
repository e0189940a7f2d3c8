import { FormatError } from '../../io/byteSource';
import { utf8 } from '../../formats/binary';

/** One line of a COLMAP text file, split on whitespace, with its 1-based line number for errors. */
export class TextRecord {
  private next = 0;

  constructor(
    readonly file: string,
    readonly line: number,
    readonly fields: readonly string[],
    readonly raw: string,
  ) {}

  error(problem: string): FormatError {
    return new FormatError(this.file, null, `line ${this.line}: ${problem}`);
  }

  fail(problem: string): never {
    throw this.error(problem);
  }

  get left(): number {
    return this.fields.length - this.next;
  }

  private take(what: string): string {
    if (this.next >= this.fields.length) this.fail(`${what} is missing`);
    return this.fields[this.next++];
  }

  /** A finite decimal number. */
  number(what: string): number {
    const s = this.take(what);
    const v = Number(s);
    if (s === '' || !Number.isFinite(v)) this.fail(`${what} "${s}" is not a finite number`);
    return v;
  }

  /** A non-negative integer no larger than `max` (the range of the field's C++ type). */
  integer(what: string, max: number, min = 0): number {
    const s = this.take(what);
    if (!/^[+-]?\d+$/.test(s)) this.fail(`${what} "${s}" is not an integer`);
    const v = Number(s);
    if (!Number.isSafeInteger(v) || v < min || v > max) this.fail(`${what} ${s} is out of range [${min}, ${max}]`);
    return v;
  }

  word(what: string): string {
    return this.take(what);
  }

  /** Everything after the fields read so far, as written (image names may hold spaces). */
  rest(what: string): string {
    if (this.next >= this.fields.length) this.fail(`${what} is missing`);
    let at = 0;
    for (let i = 0; i < this.next; i++) {
      at = this.raw.indexOf(this.fields[i], at) + this.fields[i].length;
    }
    this.next = this.fields.length;
    return this.raw.slice(at).trim();
  }

  expectEnd(what: string): void {
    if (this.next < this.fields.length) this.fail(`unexpected "${this.fields[this.next]}" after ${what}`);
  }
}

export const UINT32_MAX = 0xffffffff;

/**
 * The lines of a COLMAP text file. `\n` and `\r\n` both end lines; one final newline does not
 * start another (empty) line, so a file cut right after an image line is seen to lack its
 * POINTS2D line.
 */
export function textLines(bytes: Uint8Array): string[] {
  const text = utf8(bytes);
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

const isSkipped = (line: string) => {
  const t = line.trim();
  return t === '' || t.startsWith('#');
};

export function splitFields(line: string): string[] {
  const t = line.trim();
  return t === '' ? [] : t.split(/\s+/);
}

/** Data lines (not blank, not `#` comments) as records, the way COLMAP's text readers skip lines. */
export function* dataRecords(bytes: Uint8Array, file: string): Generator<TextRecord> {
  const lines = textLines(bytes);
  for (let i = 0; i < lines.length; i++) {
    if (!isSkipped(lines[i])) yield new TextRecord(file, i + 1, splitFields(lines[i]), lines[i]);
  }
}

/**
 * images.txt holds two lines per image: a header line found by skipping blank and comment lines
 * like every other file, then the very next line as the POINTS2D list, which is empty for an image
 * without keypoints — so that line is taken as it is, never skipped.
 */
export function* imageRecordPairs(bytes: Uint8Array, file: string): Generator<[TextRecord, TextRecord]> {
  const lines = textLines(bytes);
  for (let i = 0; i < lines.length; i++) {
    if (isSkipped(lines[i])) continue;
    const header = new TextRecord(file, i + 1, splitFields(lines[i]), lines[i]);
    if (i + 1 >= lines.length) header.fail('file is truncated: the image has no POINTS2D line');
    i++;
    yield [header, new TextRecord(file, i + 1, splitFields(lines[i]), lines[i])];
  }
}
