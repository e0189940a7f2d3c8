import { FormatError } from '../../io/byteSource';
import { getU64, viewOf } from '../binary';
import { BitQueue } from './bitQueue';
import type { E57Field } from './e57Fields';
import type { E57Pages } from './e57Pages';

const SECTION_HEADER = 32;
const COMPRESSED_VECTOR_SECTION = 1;
const DATA_PACKET = 1;
const INDEX_PACKET = 0;
const EMPTY_PACKET = 2;
const MAX_CHUNK = 1 << 16;

/** Where a compressed vector's binary section is and how many records it holds (from the XML). */
export interface CompressedVectorRef {
  readonly fileOffset: number;
  readonly recordCount: number;
  readonly fields: readonly E57Field[];
  /** For messages: "data3D 0 points". */
  readonly what: string;
}

/** A run of decoded records: one column of values per field, in prototype order. */
export interface RecordChunk {
  readonly count: number;
  readonly columns: readonly Float64Array[];
}

/**
 * Decodes a compressed vector with the bitpack codec: the section header, then data packets in
 * logical order (index and empty packets skipped), each holding one buffer per field. Values
 * run on across packets, so a chunk ends where the field with the fewest whole values does.
 */
export async function* readCompressedVector(pages: E57Pages, ref: CompressedVectorRef): AsyncGenerator<RecordChunk> {
  const { file } = pages;
  const { recordCount, fields, what } = ref;
  if (recordCount === 0) return;
  const start = pages.logicalOf(ref.fileOffset, `${what}: compressed vector section`);
  const head = viewOf(await pages.read(start, SECTION_HEADER, `${what}: compressed vector section header`));
  const fail = (logical: number, problem: string): never => {
    throw new FormatError(file, pages.physicalOf(logical), `${what}: ${problem}`);
  };
  if (head.getUint8(0) !== COMPRESSED_VECTOR_SECTION) fail(start, `the section at byte ${ref.fileOffset} has id ${head.getUint8(0)}, not 1 (compressed vector)`);
  const sectionLength = getU64(head, 8);
  const sectionEnd = start + sectionLength;
  if (sectionLength < SECTION_HEADER || sectionEnd > pages.logicalLength) fail(start, `section length ${sectionLength} runs past the end of the file`);
  const dataOffset = getU64(head, 16);
  let cursor = pages.logicalOf(dataOffset, `${what}: first data packet`);
  if (cursor < start + SECTION_HEADER || cursor >= sectionEnd) fail(start, `first data packet at byte ${dataOffset} is outside its section`);

  const queues = fields.map(() => new BitQueue());
  let done = 0;
  while (done < recordCount) {
    if (cursor + 4 > sectionEnd) fail(cursor, `the section ends after ${done} of ${recordCount} records`);
    const head4 = viewOf(await pages.read(cursor, 4, `${what}: packet header`));
    const type = head4.getUint8(0);
    const length = head4.getUint16(2, true) + 1;
    if (cursor + length > sectionEnd) fail(cursor, `packet of ${length} bytes runs past the end of its section`);
    if (type === INDEX_PACKET || type === EMPTY_PACKET) {
      cursor += length;
      continue;
    }
    if (type !== DATA_PACKET) fail(cursor, `packet type ${type} is none of data (1), index (0), empty (2)`);
    const packet = await pages.read(cursor, length, `${what}: data packet`);
    const view = viewOf(packet);
    if (length < 6) fail(cursor, `data packet of ${length} bytes is shorter than its header`);
    const streams = view.getUint16(4, true);
    if (streams !== fields.length) fail(cursor, `data packet holds ${streams} bytestreams, the prototype has ${fields.length} fields`);
    let at = 6 + 2 * streams;
    if (at > length) fail(cursor, `data packet of ${length} bytes cannot hold its ${streams} buffer lengths`);
    for (let k = 0; k < streams; k++) {
      const n = view.getUint16(6 + 2 * k, true);
      if (at + n > length) fail(cursor, `bytestream ${k} (${fields[k].name}) of ${n} bytes runs past the end of its packet`);
      queues[k].append(packet.subarray(at, at + n));
      at += n;
    }
    cursor += length;
    // Fields of zero bits (a constant) are always ready, so a chunk is also capped in size.
    for (;;) {
      let ready = Math.min(recordCount - done, MAX_CHUNK);
      for (let k = 0; k < fields.length; k++) ready = Math.min(ready, queues[k].available(fields[k].bits));
      if (ready === 0) break;
      const columns = fields.map((f, k) => {
        const out = new Float64Array(ready);
        if (f.kind === 'float') queues[k].floats(ready, f.bits === 64, out);
        else queues[k].integers(ready, f.bits, f.rawMinimum, f.scale, f.offset, out);
        return out;
      });
      done += ready;
      yield { count: ready, columns };
    }
  }
}
