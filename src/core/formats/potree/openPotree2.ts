import { FormatError, type ByteSource } from '../../io/byteSource';
import { parseJson } from '../../io/parseJson';
import type { PointBatch, PointCloudReader } from '../../pointcloud/pointBatch';
import { checkBatchSize, readExact, utf8, viewOf } from '../binary';
import { planColumns, scalarReader, SCALAR_SIZE, type ScalarType, type SourceField } from '../fieldColumns';
import { PointFiller } from '../pointFiller';
import { brotliColumnsToRecords, brotliNodeLayout, type BrotliNodeLayout, type PotreeAttributeDef } from './brotliNodeLayout';
import { HIERARCHY_RECORD_SIZE, NODE_TYPE_PROXY, readHierarchyChunk } from './potreeHierarchy';

const MAX_METADATA = 16 << 20;

/** Brotli decompression, injected: core has no zlib (main passes node:zlib's brotliDecompressSync). */
export type BrotliDecompress = (bytes: Uint8Array) => Uint8Array | Promise<Uint8Array>;

export interface Potree2Options {
  /** Needed for octrees whose metadata says `"encoding": "BROTLI"`. */
  readonly decompress?: BrotliDecompress;
}

const TYPES: Record<string, ScalarType> = {
  int8: 'int8', uint8: 'uint8', int16: 'int16', uint16: 'uint16', int32: 'int32', uint32: 'uint32',
  int64: 'int64', uint64: 'uint64', float: 'float32', double: 'float64',
};

/** Potree attribute names that are standard attributes under another spelling. */
const RENAME: Record<string, string> = { 'gps-time': 'gpsTime', 'gps time': 'gpsTime' };

interface Potree2Node {
  readonly name: string;
  readonly numPoints: number;
  readonly byteOffset: number;
  readonly byteSize: number;
}

/**
 * Potree 2.0 (PotreeConverter 2), DEFAULT or BROTLI encoding: walks hierarchy.bin (chunks of
 * 22-byte node records; a proxy record points at the next chunk) and yields every node's points,
 * node by node.
 */
export async function openPotree2(metadataSource: ByteSource, hierarchySource: ByteSource, octreeSource: ByteSource, options: Potree2Options = {}): Promise<PointCloudReader> {
  const mfile = metadataSource.name;
  const msize = await metadataSource.size();
  if (msize > MAX_METADATA) throw new FormatError(mfile, null, `metadata.json is ${msize} bytes, larger than any Potree metadata`);
  const parsed = parseJson(utf8(await readExact(metadataSource, 0, msize, 'metadata.json')));
  if (!parsed.ok) throw new FormatError(mfile, null, `metadata.json ${parsed.problem}`);
  const meta = parsed.value as Record<string, unknown>;
  if (typeof meta !== 'object' || meta === null) throw new FormatError(mfile, null, 'metadata.json is not an object');
  if (typeof meta.version !== 'string' || !meta.version.startsWith('2.')) throw new FormatError(mfile, null, `unsupported Potree version ${String(meta.version)} (2.x is read)`);
  const encoding = meta.encoding ?? 'DEFAULT';
  if (encoding !== 'DEFAULT' && encoding !== 'BROTLI') throw new FormatError(mfile, null, `unsupported Potree encoding ${String(meta.encoding)} (DEFAULT and BROTLI are read)`);
  if (encoding === 'BROTLI' && !options.decompress) throw new FormatError(mfile, null, 'the octree is BROTLI-encoded and this reader was opened without a brotli decompressor');
  const scale = vec3(mfile, meta.scale, 'scale');
  const offset = vec3(mfile, meta.offset, 'offset');
  const hierarchy = meta.hierarchy as { firstChunkSize?: unknown } | undefined;
  const firstChunkSize = Number(hierarchy?.firstChunkSize);
  const points = Number(meta.points);
  if (!Number.isSafeInteger(points) || points < 0) throw new FormatError(mfile, null, `"points" ${String(meta.points)} is not a count`);
  if (!Array.isArray(meta.attributes)) throw new FormatError(mfile, null, 'metadata.json has no attribute list');

  // Positions are int32 × scale + offset; everything else maps by name like PCD / PLY fields.
  const fields: SourceField[] = [];
  const fieldOffsets: number[] = [];
  let positionOffset = -1;
  let pointSize = 0;
  for (const a of meta.attributes as Record<string, unknown>[]) {
    const name = String(a?.name ?? '');
    const type = TYPES[String(a?.type)];
    const numElements = Number(a?.numElements ?? 1);
    const size = Number(a?.size);
    if (!type || !Number.isSafeInteger(numElements) || numElements < 1 || size !== numElements * SCALAR_SIZE[type]) {
      throw new FormatError(mfile, null, `attribute "${name}" has an inconsistent type / size / numElements`);
    }
    if (name === 'position') {
      if (type !== 'int32' || numElements !== 3) throw new FormatError(mfile, null, 'position must be 3 × int32');
      positionOffset = pointSize;
    } else if (name === 'rgb' && numElements === 3) {
      ['red', 'green', 'blue'].forEach((c, e) => {
        fields.push({ name: c, type });
        fieldOffsets.push(pointSize + e * SCALAR_SIZE[type]);
      });
    } else {
      for (let e = 0; e < numElements; e++) {
        fields.push({ name: numElements === 1 ? (RENAME[name] ?? name) : `${name}[${e}]`, type });
        fieldOffsets.push(pointSize + e * SCALAR_SIZE[type]);
      }
    }
    pointSize += size;
  }
  if (positionOffset < 0) throw new FormatError(mfile, null, 'metadata.json lists no position attribute');
  let brotli: BrotliNode | null = null;
  if (encoding === 'BROTLI' && options.decompress) {
    try {
      brotli = { layout: brotliNodeLayout(meta.attributes as PotreeAttributeDef[]), decompress: options.decompress };
    } catch (err) {
      throw new FormatError(mfile, null, `BROTLI attributes: ${(err as Error).message}`);
    }
  }
  const plan = planColumns(mfile, [{ name: 'x', type: 'int32' }, { name: 'y', type: 'int32' }, { name: 'z', type: 'int32' }, ...fields]);
  const readers = fields.map((f) => scalarReader(f.type, true));

  const hfile = hierarchySource.name;
  const hsize = await hierarchySource.size();
  const osize = await octreeSource.size();
  if (!Number.isSafeInteger(firstChunkSize) || firstChunkSize <= 0 || firstChunkSize % HIERARCHY_RECORD_SIZE !== 0 || firstChunkSize > hsize) {
    throw new FormatError(mfile, null, `hierarchy.firstChunkSize ${String(hierarchy?.firstChunkSize)} does not fit hierarchy.bin (${hsize} bytes)`);
  }
  const nodes: Potree2Node[] = [];
  const pending: { offset: number; size: number; name: string }[] = [{ offset: 0, size: firstChunkSize, name: 'r' }];
  const seen = new Set<number>();
  let total = 0;
  while (pending.length > 0) {
    const chunk = pending.shift()!;
    if (seen.has(chunk.offset)) throw new FormatError(hfile, chunk.offset, 'hierarchy chunks form a loop');
    seen.add(chunk.offset);
    const bytes = await readExact(hierarchySource, chunk.offset, chunk.size, 'hierarchy chunk');
    for (const { name, type, numPoints, byteOffset, byteSize, at } of readHierarchyChunk(bytes, chunk.name)) {
      if (type === NODE_TYPE_PROXY) {
        if (!(byteOffset >= 0 && byteSize > 0 && byteSize % HIERARCHY_RECORD_SIZE === 0 && byteOffset + byteSize <= hsize)) {
          throw new FormatError(hfile, chunk.offset + at, `proxy node points at ${byteSize} bytes at ${byteOffset}, outside hierarchy.bin (${hsize} bytes)`);
        }
        pending.push({ offset: byteOffset, size: byteSize, name });
        continue;
      }
      if (type > NODE_TYPE_PROXY) throw new FormatError(hfile, chunk.offset + at, `unknown node type ${type}`);
      if (numPoints === 0) continue;
      if (brotli) {
        if (!(byteSize > 0 && byteOffset >= 0 && byteOffset + byteSize <= osize)) {
          throw new FormatError(hfile, chunk.offset + at, `node ${name} of ${numPoints} points claims ${byteSize} bytes at ${byteOffset}, not inside octree.bin (${osize} bytes)`);
        }
      } else if (byteSize !== numPoints * pointSize || !(byteOffset >= 0 && byteOffset + byteSize <= osize)) {
        throw new FormatError(hfile, chunk.offset + at, `node of ${numPoints} points claims ${byteSize} bytes at ${byteOffset}; expected ${numPoints * pointSize} bytes inside octree.bin (${osize} bytes)`);
      }
      total += numPoints;
      if (total > points) throw new FormatError(hfile, chunk.offset + at, `hierarchy holds more points than metadata's ${points}`);
      nodes.push({ name, numPoints, byteOffset, byteSize });
    }
  }
  if (total !== points) throw new FormatError(hfile, null, `hierarchy holds ${total} points, metadata.json says ${points}`);

  const bbox = meta.boundingBox as { min?: unknown; max?: unknown } | undefined;
  let bounds = null;
  try {
    bounds = { min: vec3(mfile, bbox?.min, 'boundingBox.min'), max: vec3(mfile, bbox?.max, 'boundingBox.max') };
  } catch {
    bounds = null;
  }
  return {
    header: {
      format: 'potree2',
      version: meta.version,
      pointCount: points,
      bounds,
      attributes: plan.attributes,
      extraAttributes: plan.extraNames,
      scale,
      offset,
      ...(typeof meta.projection === 'string' && meta.projection !== '' && { crs: { wkt: meta.projection } }),
    },
    async *batches(batchSize?: number): AsyncIterable<PointBatch> {
      const filler = new PointFiller(plan, checkBatchSize(batchSize), points);
      for (const node of nodes) {
        // A node is at most a few hundred thousand points: one window each.
        const stored = await readExact(octreeSource, node.byteOffset, node.byteSize, `octree node at ${node.byteOffset}`);
        const view = viewOf(brotli ? await decodeBrotliNode(octreeSource.name, node, stored, brotli) : stored);
        for (let i = 0; i < node.numPoints; i++) {
          const base = i * pointSize;
          const p = filler.filled;
          const pos = filler.out.positions;
          pos[3 * p] = view.getInt32(base + positionOffset, true) * scale[0] + offset[0];
          pos[3 * p + 1] = view.getInt32(base + positionOffset + 4, true) * scale[1] + offset[1];
          pos[3 * p + 2] = view.getInt32(base + positionOffset + 8, true) * scale[2] + offset[2];
          for (let k = 0; k < readers.length; k++) plan.sinks[k + 3]?.(filler.out, p, readers[k](view, base + fieldOffsets[k]));
          const batch = filler.commit();
          if (batch) yield batch;
        }
      }
      const last = filler.flush();
      if (last) yield last;
    },
  };
}

interface BrotliNode {
  readonly layout: BrotliNodeLayout;
  readonly decompress: BrotliDecompress;
}

async function decodeBrotliNode(file: string, node: Potree2Node, stored: Uint8Array, { layout, decompress }: BrotliNode): Promise<Uint8Array> {
  let columns: Uint8Array;
  try {
    columns = await decompress(stored);
  } catch (err) {
    throw new FormatError(file, node.byteOffset, `node ${node.name}: its ${node.byteSize} bytes are not brotli data (${err instanceof Error ? err.message : String(err)})`);
  }
  try {
    return brotliColumnsToRecords(columns, node.numPoints, layout);
  } catch (err) {
    throw new FormatError(file, node.byteOffset, `node ${node.name}: ${(err as Error).message}`);
  }
}

function vec3(file: string, value: unknown, what: string): [number, number, number] {
  if (!Array.isArray(value) || value.length !== 3 || !value.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new FormatError(file, null, `${what} is not three finite numbers`);
  }
  return [value[0], value[1], value[2]];
}
