import { FormatError, type ByteSource } from '../../io/byteSource';
import type { PointBatch, PointCloudReader } from '../../pointcloud/pointBatch';
import { checkBatchSize, readExact, viewOf } from '../binary';
import { floatBits, planColumns, scalarReader, type ScalarType, type SourceField } from '../fieldColumns';
import { PointFiller } from '../pointFiller';
import { readTextHeader, textLines } from '../textLines';
import { lzfDecompress } from './lzf';

const MAX_HEADER = 1 << 16;
/** LZF can at best turn 2 bytes into 264 (a maximal back-reference); larger claims are lies. */
const LZF_MAX_RATIO = 132;

export type PcdEncoding = 'ascii' | 'binary' | 'binary_compressed';

export interface PcdReader extends PointCloudReader {
  /**
   * Points skipped so far because x, y or z is NaN (organised clouds mark missing pixels so).
   * `header.pointCount` is WIDTH × HEIGHT; a full pass yields pointCount − skippedPoints.
   */
  readonly skippedPoints: number;
  readonly encoding: PcdEncoding;
  readonly width: number;
  readonly height: number;
}

interface PcdField {
  readonly name: string;
  readonly size: number;
  readonly kind: 'I' | 'U' | 'F';
  readonly count: number;
}

const TYPES: Record<string, ScalarType> = { I1: 'int8', I2: 'int16', I4: 'int32', I8: 'int64', U1: 'uint8', U2: 'uint16', U4: 'uint32', U8: 'uint64', F4: 'float32', F8: 'float64' };

/** PCD v0.5–0.7 (PCL): DATA ascii, binary, binary_compressed. */
export async function openPcd(source: ByteSource): Promise<PcdReader> {
  const file = source.name;
  const fileSize = await source.size();
  const { lines, bodyOffset } = await readTextHeader(source, MAX_HEADER, (l) => /^DATA\s/i.test(l.trim()), 'PCD');
  const entries = new Map<string, string[]>();
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [k, ...rest] = line.split(/\s+/);
    entries.set(k.toUpperCase(), rest);
  }
  const version = entries.get('VERSION')?.[0];
  if (version !== undefined && !/^0?\.[567]$/.test(version)) throw new FormatError(file, 0, `unsupported PCD version ${version} (0.5–0.7 are read)`);
  const names = entries.get('FIELDS') ?? entries.get('COLUMNS');
  const sizes = entries.get('SIZE');
  const kinds = entries.get('TYPE');
  if (!names || !sizes || !kinds) throw new FormatError(file, 0, 'PCD header lacks FIELDS, SIZE or TYPE');
  const counts = entries.get('COUNT') ?? names.map(() => '1');
  if (sizes.length !== names.length || kinds.length !== names.length || counts.length !== names.length) {
    throw new FormatError(file, 0, `PCD header lists ${names.length} fields but ${sizes.length} sizes, ${kinds.length} types, ${counts.length} counts`);
  }
  const fields: PcdField[] = names.map((name, i) => {
    const size = Number(sizes[i]);
    const kind = kinds[i].toUpperCase();
    const count = Number(counts[i]);
    if (!TYPES[`${kind}${size}`]) throw new FormatError(file, 0, `PCD field ${name} has unsupported TYPE ${kind} / SIZE ${sizes[i]}`);
    if (!Number.isSafeInteger(count) || count < 1 || count > 100000) throw new FormatError(file, 0, `PCD field ${name} has COUNT ${counts[i]}`);
    return { name, size, kind: kind as PcdField['kind'], count };
  });
  const width = intField(file, entries, 'WIDTH');
  const height = intField(file, entries, 'HEIGHT') ?? 1;
  const declared = entries.has('POINTS') ? intField(file, entries, 'POINTS') : null;
  const points = declared ?? (width ?? 0) * height;
  if (width !== null && declared !== null && width * height !== declared) {
    throw new FormatError(file, 0, `PCD WIDTH × HEIGHT (${width} × ${height}) does not match POINTS ${declared}`);
  }
  const encoding = entries.get('DATA')?.[0]?.toLowerCase();
  if (encoding !== 'ascii' && encoding !== 'binary' && encoding !== 'binary_compressed') {
    throw new FormatError(file, bodyOffset, `unsupported PCD DATA ${encoding ?? '(none)'}`);
  }

  // Each element of a COUNT > 1 field is its own column.
  const sourceFields: SourceField[] = [];
  const elementOffset: number[] = [];
  const fieldIndexOfElement: number[] = [];
  let stride = 0;
  for (const [fi, f] of fields.entries()) {
    const type = TYPES[`${f.kind}${f.size}`];
    const packed = f.count === 1 && f.size === 4 && /^rgba?$/i.test(f.name);
    for (let e = 0; e < f.count; e++) {
      sourceFields.push({ name: f.count === 1 ? f.name : `${f.name}[${e}]`, type: packed ? 'uint32' : type, packedRgb: packed });
      elementOffset.push(stride);
      fieldIndexOfElement.push(fi);
      stride += f.size;
    }
  }
  const plan = planColumns(file, sourceFields);
  const bodySize = fileSize - bodyOffset;
  if (encoding === 'binary' && points * stride > bodySize) {
    throw new FormatError(file, bodyOffset, `PCD header claims ${points} points of ${stride} bytes, but only ${bodySize} bytes follow the header`);
  }
  if (encoding === 'ascii' && points > bodySize) throw new FormatError(file, bodyOffset, `PCD header claims ${points} points, but only ${bodySize} bytes of text follow`);

  const readers = sourceFields.map((f) => scalarReader(f.type, true));
  const floatKind = fields.map((f) => f.kind === 'F');
  let skipped = 0;

  async function* binaryBatches(size: number): AsyncGenerator<PointBatch> {
    const filler = new PointFiller(plan, size, points);
    for (let first = 0; first < points; first += size) {
      const n = Math.min(size, points - first);
      const bytes = await readExact(source, bodyOffset + first * stride, n * stride, `PCD points ${first}..${first + n - 1}`);
      const view = viewOf(bytes);
      for (let i = 0; i < n; i++) {
        const base = i * stride;
        const p = filler.filled;
        for (let e = 0; e < readers.length; e++) plan.sinks[e]?.(filler.out, p, readers[e](view, base + elementOffset[e]));
        const batch = filler.commit();
        if (batch) yield batch;
      }
    }
    const last = filler.flush();
    skipped = filler.skipped;
    if (last) yield last;
  }

  async function* compressedBatches(size: number): AsyncGenerator<PointBatch> {
    const head = viewOf(await readExact(source, bodyOffset, 8, 'PCD compressed sizes'));
    const compressedSize = head.getUint32(0, true);
    const rawSize = head.getUint32(4, true);
    if (rawSize !== points * stride) throw new FormatError(file, bodyOffset + 4, `PCD uncompressed size ${rawSize} is not ${points} points × ${stride} bytes`);
    if (compressedSize > bodySize - 8) throw new FormatError(file, bodyOffset, `PCD compressed size ${compressedSize} runs past the end of the file`);
    if (rawSize > compressedSize * LZF_MAX_RATIO) throw new FormatError(file, bodyOffset, `PCD claims ${rawSize} bytes from ${compressedSize} compressed, beyond what LZF can encode`);
    // binary_compressed stores fields column by column, so the whole block has to be inflated
    // before the first point is complete; memory is one decoded copy of the cloud.
    const compressed = await readExact(source, bodyOffset + 8, compressedSize, 'PCD compressed data');
    const raw = rawSize === 0 ? new Uint8Array(0) : lzfDecompress(compressed, rawSize);
    if (raw === null) throw new FormatError(file, bodyOffset + 8, 'PCD compressed data is corrupt (LZF stream does not decode to the stated size)');
    const view = viewOf(raw);
    // Column start of each element: field blocks in order, each holding count × size per point.
    const columnStart: number[] = [];
    let fieldStart = 0;
    let e = 0;
    for (const f of fields) {
      for (let k = 0; k < f.count; k++, e++) columnStart.push(fieldStart + k * f.size);
      fieldStart += points * f.size * f.count;
    }
    const elementStride = sourceFields.map((_, i) => fields[fieldIndexOfElement[i]].size * fields[fieldIndexOfElement[i]].count);
    const filler = new PointFiller(plan, size, points);
    for (let i = 0; i < points; i++) {
      const p = filler.filled;
      for (let k = 0; k < readers.length; k++) plan.sinks[k]?.(filler.out, p, readers[k](view, columnStart[k] + i * elementStride[k]));
      const batch = filler.commit();
      if (batch) yield batch;
    }
    const last = filler.flush();
    skipped = filler.skipped;
    if (last) yield last;
  }

  async function* asciiBatches(size: number): AsyncGenerator<PointBatch> {
    const filler = new PointFiller(plan, size, points);
    let seen = 0;
    for await (const { line, offset } of textLines(source, bodyOffset, fileSize)) {
      if (seen === points) break;
      const t = line.trim();
      if (t === '') continue;
      const tokens = t.split(/\s+/);
      if (tokens.length < sourceFields.length) throw new FormatError(file, offset, `PCD point ${seen} has ${tokens.length} values, the header lists ${sourceFields.length}`);
      const p = filler.filled;
      for (let k = 0; k < sourceFields.length; k++) {
        const sink = plan.sinks[k];
        if (!sink) continue;
        let value = Number(tokens[k]);
        if (Number.isNaN(value) && !/^[+-]?nan$/i.test(tokens[k])) throw new FormatError(file, offset, `PCD point ${seen}: "${tokens[k]}" is not a number`);
        if (sourceFields[k].packedRgb && floatKind[fieldIndexOfElement[k]]) {
          // PCL prints packed colours as the integer 0xRRGGBB; other writers print the float
          // whose bits are the colour, which is a tiny denormal.
          value = value >= 1 ? Math.round(value) >>> 0 : floatBits(value);
        }
        sink(filler.out, p, value);
      }
      seen++;
      const batch = filler.commit();
      if (batch) yield batch;
    }
    if (seen < points) throw new FormatError(file, fileSize, `file is truncated: PCD header claims ${points} points, the text holds ${seen}`);
    const last = filler.flush();
    skipped = filler.skipped;
    if (last) yield last;
  }

  return {
    header: {
      format: 'pcd',
      ...(version !== undefined && { version: version.startsWith('.') ? `0${version}` : version }),
      pointCount: points,
      bounds: null,
      attributes: plan.attributes,
      extraAttributes: plan.extraNames,
    },
    encoding,
    width: width ?? points,
    height,
    get skippedPoints() {
      return skipped;
    },
    batches(batchSize?: number) {
      const size = checkBatchSize(batchSize);
      return encoding === 'binary' ? binaryBatches(size) : encoding === 'ascii' ? asciiBatches(size) : compressedBatches(size);
    },
  };
}

function intField(file: string, entries: Map<string, string[]>, name: string): number | null {
  const raw = entries.get(name)?.[0];
  if (raw === undefined) return null;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) throw new FormatError(file, 0, `PCD ${name} ${raw} is not a count`);
  return n;
}
