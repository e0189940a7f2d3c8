import { FormatError, type ByteSource } from '../../io/byteSource';
import type { PointBatch, PointCloudReader } from '../../pointcloud/pointBatch';
import { checkBatchSize, readExact, viewOf } from '../binary';
import { planColumns, scalarReader, SCALAR_SIZE, type ScalarType, type SourceField } from '../fieldColumns';
import { PointFiller } from '../pointFiller';
import { readTextHeader, textLines } from '../textLines';

const MAX_HEADER = 1 << 16;

const TYPES: Record<string, ScalarType> = {
  char: 'int8', int8: 'int8', uchar: 'uint8', uint8: 'uint8',
  short: 'int16', int16: 'int16', ushort: 'uint16', uint16: 'uint16',
  int: 'int32', int32: 'int32', uint: 'uint32', uint32: 'uint32',
  float: 'float32', float32: 'float32', double: 'float64', float64: 'float64',
};

interface PlyProperty {
  readonly name: string;
  readonly type: ScalarType;
  /** For list properties: the type of the leading item count. */
  readonly countType?: ScalarType;
}

interface PlyElement {
  readonly name: string;
  readonly count: number;
  readonly properties: PlyProperty[];
}

export type PlyEncoding = 'ascii' | 'binary_little_endian' | 'binary_big_endian';

/**
 * PLY point clouds: the `vertex` element only. Other elements (faces, tristrips) are ignored when
 * they follow the vertices; in binary files they may also precede them when their size is fixed.
 * List properties inside the vertex element are skipped in ASCII and refused in binary.
 */
export async function openPly(source: ByteSource): Promise<PointCloudReader & { readonly encoding: PlyEncoding }> {
  const file = source.name;
  const fileSize = await source.size();
  if (!isPlyMagic(await source.read(0, 8))) throw new FormatError(file, 0, 'not a PLY file: it does not start with a "ply" line');
  const { lines, bodyOffset } = await readTextHeader(source, MAX_HEADER, (l) => l.trim() === 'end_header', 'PLY');
  let encoding: PlyEncoding | null = null;
  let version: string | undefined;
  const elements: PlyElement[] = [];
  for (const raw of lines.slice(1)) {
    const t = raw.trim().split(/\s+/);
    switch (t[0]) {
      case 'format':
        if (t[1] !== 'ascii' && t[1] !== 'binary_little_endian' && t[1] !== 'binary_big_endian') throw new FormatError(file, 0, `unsupported PLY format "${t[1]}"`);
        encoding = t[1];
        version = t[2];
        break;
      case 'element': {
        const count = Number(t[2]);
        if (t.length < 3 || !Number.isSafeInteger(count) || count < 0) throw new FormatError(file, 0, `PLY element line "${raw}" has no valid count`);
        elements.push({ name: t[1], count, properties: [] });
        break;
      }
      case 'property': {
        const element = elements[elements.length - 1];
        if (!element) throw new FormatError(file, 0, `PLY property "${raw}" comes before any element`);
        if (t[1] === 'list') {
          const countType = TYPES[t[2]];
          const type = TYPES[t[3]];
          if (!countType || !type || !t[4]) throw new FormatError(file, 0, `PLY list property "${raw}" has unknown types`);
          element.properties.push({ name: t[4], type, countType });
        } else {
          const type = TYPES[t[1]];
          if (!type || !t[2]) throw new FormatError(file, 0, `PLY property "${raw}" has an unknown type`);
          element.properties.push({ name: t[2], type });
        }
        break;
      }
      default:
        // comment, obj_info, end_header, and blank lines carry nothing we need.
        break;
    }
  }
  if (encoding === null) throw new FormatError(file, 0, 'PLY header has no format line');
  const vertexIndex = elements.findIndex((e) => e.name === 'vertex');
  if (vertexIndex < 0) throw new FormatError(file, 0, 'PLY file has no vertex element');
  const vertex = elements[vertexIndex];
  const scalarProps = vertex.properties.map((p, i) => ({ p, i })).filter(({ p }) => p.countType === undefined);
  const fields: SourceField[] = scalarProps.map(({ p }) => ({ name: p.name, type: p.type }));
  const plan = planColumns(file, fields);
  const points = vertex.count;
  const header = { format: 'ply', ...(version !== undefined && { version }), pointCount: points, bounds: null, attributes: plan.attributes, extraAttributes: plan.extraNames };

  if (encoding === 'ascii') {
    const enc = encoding;
    const skipLines = elements.slice(0, vertexIndex).reduce((n, e) => n + e.count, 0);
    if (skipLines + points > fileSize - bodyOffset) throw new FormatError(file, bodyOffset, `PLY header claims ${skipLines + points} lines before the vertices end, more than the ${fileSize - bodyOffset} bytes that follow`);
    return {
      header,
      encoding: enc,
      async *batches(batchSize?: number): AsyncIterable<PointBatch> {
        const filler = new PointFiller(plan, checkBatchSize(batchSize), points);
        let skipped = 0;
        let seen = 0;
        for await (const { line, offset } of textLines(source, bodyOffset, fileSize)) {
          const t = line.trim();
          if (t === '') continue;
          if (skipped < skipLines) {
            skipped++;
            continue;
          }
          if (seen === points) break;
          const tokens = t.split(/\s+/);
          const p = filler.filled;
          let k = 0;
          let field = 0;
          for (const prop of vertex.properties) {
            if (k >= tokens.length) throw new FormatError(file, offset, `PLY vertex ${seen} has too few values`);
            if (prop.countType !== undefined) {
              const n = Number(tokens[k]);
              if (!Number.isSafeInteger(n) || n < 0) throw new FormatError(file, offset, `PLY vertex ${seen}: list length "${tokens[k]}" is not a count`);
              k += 1 + n;
              continue;
            }
            const value = Number(tokens[k++]);
            if (Number.isNaN(value) && !/^[+-]?nan$/i.test(tokens[k - 1])) throw new FormatError(file, offset, `PLY vertex ${seen}: "${tokens[k - 1]}" is not a number`);
            plan.sinks[field++]?.(filler.out, p, value);
          }
          if (k > tokens.length) throw new FormatError(file, offset, `PLY vertex ${seen} has too few values`);
          seen++;
          const batch = filler.commit();
          if (batch) yield batch;
        }
        if (seen < points) throw new FormatError(file, fileSize, `file is truncated: PLY header claims ${points} vertices, the text holds ${seen}`);
        const last = filler.flush();
        if (last) yield last;
      },
    };
  }

  const little = encoding === 'binary_little_endian';
  if (vertex.properties.some((p) => p.countType !== undefined)) {
    throw new FormatError(file, 0, 'binary PLY vertex element with a list property is not supported (its records have no fixed size)');
  }
  let start = bodyOffset;
  for (const e of elements.slice(0, vertexIndex)) {
    if (e.properties.some((p) => p.countType !== undefined)) throw new FormatError(file, 0, `binary PLY element "${e.name}" with list properties precedes the vertices; not supported`);
    start += e.count * e.properties.reduce((n, p) => n + SCALAR_SIZE[p.type], 0);
  }
  const stride = vertex.properties.reduce((n, p) => n + SCALAR_SIZE[p.type], 0);
  const offsets: number[] = [];
  let at = 0;
  for (const p of vertex.properties) {
    offsets.push(at);
    at += SCALAR_SIZE[p.type];
  }
  if (start + points * stride > fileSize) {
    throw new FormatError(file, bodyOffset, `PLY header claims ${points} vertices of ${stride} bytes from byte ${start}, past the end of the file (${fileSize} bytes)`);
  }
  const readers = fields.map((f) => scalarReader(f.type, little));
  const fieldOffsets = scalarProps.map(({ i }) => offsets[i]);
  return {
    header,
    encoding,
    async *batches(batchSize?: number): AsyncIterable<PointBatch> {
      const size = checkBatchSize(batchSize);
      const filler = new PointFiller(plan, size, points);
      for (let first = 0; first < points; first += size) {
        const n = Math.min(size, points - first);
        const view = viewOf(await readExact(source, start + first * stride, n * stride, `PLY vertices ${first}..${first + n - 1}`));
        for (let i = 0; i < n; i++) {
          const base = i * stride;
          const p = filler.filled;
          for (let k = 0; k < readers.length; k++) plan.sinks[k]?.(filler.out, p, readers[k](view, base + fieldOffsets[k]));
          const batch = filler.commit();
          if (batch) yield batch;
        }
      }
      const last = filler.flush();
      if (last) yield last;
    },
  };
}

/** "ply" alone on the first line; some writers leave a trailing space or a CR. */
export function isPlyMagic(head: Uint8Array): boolean {
  if (head.byteLength < 4 || head[0] !== 0x70 || head[1] !== 0x6c || head[2] !== 0x79) return false;
  for (let i = 3; i < head.byteLength; i++) {
    if (head[i] === 0x0a) return true;
    if (head[i] !== 0x20 && head[i] !== 0x0d) return false;
  }
  return false;
}
