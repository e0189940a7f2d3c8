import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCopcSkeleton } from '../core/formats/testing/writeCopc';
import { writeLas } from '../core/formats/testing/writeLas';
import { writePcd } from '../core/formats/testing/writePcd';
import { writePly } from '../core/formats/testing/writePly';
import { runConvert } from './convertCommand';

/**
 * The bad-file corpus for `cairn convert`: each file is converted after a good one, and must
 * end in exit 1 with a message that names it (the good one must not be blamed).
 */
let work: string;
let good: string;

beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'cairn-convert-bad-'));
  good = path.join(work, 'good.las');
  writeFileSync(good, writeLas({ version: '1.2', pdrf: 0, points: grid(100, 0) }));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function grid(n: number, z: number) {
  return Array.from({ length: n }, (_, i) => ({ x: i % 10, y: Math.floor(i / 10), z }));
}

const xyz = (rows: number[][]) => ({
  ply: writePly({ encoding: 'binary_little_endian', properties: ['x', 'y', 'z'].map((name) => ({ name, type: 'double' as const })), vertices: rows }),
  pcd: writePcd({ encoding: 'binary', fields: ['x', 'y', 'z'].map((name) => ({ name, size: 8 as const, type: 'F' as const })), points: rows }),
});

/** KITTI .bin: float32 x, y, z, reflectance per point. */
const kittiBin = (rows: number[][]) => new Uint8Array(new Float32Array(rows.flat()).buffer);

interface BadFile {
  readonly name: string;
  /** Writes the bad input at `file`. */
  readonly make: (file: string) => void;
  readonly problem: RegExp;
}

const corpus: BadFile[] = [
  { name: 'nan.bin', make: (f) => writeFileSync(f, kittiBin([[1, 2, 3, 0], [4, 5, 6, 0], [7, NaN, 9, 0]])), problem: /point 2: y is not a finite number/ },
  { name: 'infinite.bin', make: (f) => writeFileSync(f, kittiBin([[1, 2, 3, 0], [4, 5, Infinity, 0]])), problem: /point 1: z is not a finite number/ },
  // PCD and PLY readers drop points without a position (an organised cloud's holes): here, all.
  { name: 'all-nan.pcd', make: (f) => writeFileSync(f, xyz([[NaN, NaN, NaN], [NaN, 1, 2]]).pcd), problem: /holds no points with a finite position/ },
  { name: 'far.ply', make: (f) => writeFileSync(f, xyz([[1, 2, 3], [2e7, 5, 6]]).ply), problem: /point 1: x lies more than 10000000 m from the origin/ },
  {
    // Every record is a small integer, but the offset puts the points 20,000 km away.
    name: 'far-offset.las',
    make: (f) => writeFileSync(f, writeLas({ version: '1.2', pdrf: 0, points: grid(10, 1).map((p) => ({ ...p, y: p.y + 2e7 })), offset: [0, 2e7, 0] })),
    problem: /point 0: y lies more than 10000000 m from the origin/,
  },
  {
    name: 'scale-zero.las',
    make: (f) => {
      const bytes = writeLas({ version: '1.2', pdrf: 0, points: grid(10, 1) });
      new DataView(bytes.buffer).setFloat64(139, 0, true);
      writeFileSync(f, bytes);
    },
    problem: /scale factor 0 is not usable/,
  },
  {
    name: 'scale-nan.las',
    make: (f) => {
      const bytes = writeLas({ version: '1.2', pdrf: 0, points: grid(10, 1) });
      new DataView(bytes.buffer).setFloat64(147, NaN, true);
      writeFileSync(f, bytes);
    },
    problem: /scale factor NaN is not usable/,
  },
  {
    name: 'count-too-large.las',
    make: (f) => {
      const bytes = writeLas({ version: '1.2', pdrf: 0, points: grid(10, 1) });
      new DataView(bytes.buffer).setUint32(107, 1_000_000, true);
      writeFileSync(f, bytes);
    },
    problem: /header claims 1000000 points .* but only 200 bytes of point data/,
  },
  { name: 'no-points.las', make: (f) => writeFileSync(f, writeLas({ version: '1.2', pdrf: 0, points: [] })), problem: /holds no points/ },
  { name: 'empty.bin', make: (f) => writeFileSync(f, new Uint8Array(0)), problem: /holds no points/ },
  { name: 'ragged.bin', make: (f) => writeFileSync(f, new Uint8Array(16 * 3 + 5)), problem: /53 bytes is not a whole number of 16-byte points/ },
  { name: 'folder.las', make: (f) => mkdirSync(f), problem: /is a directory/ },
  { name: 'missing.laz', make: () => undefined, problem: /no such file/ },
  {
    name: 'orphan.copc.laz',
    make: (f) => writeFileSync(f, writeCopcSkeleton([{ key: [0, 0, 0, 0], pointCount: 10 }, { key: [4, 3, 3, 3], pointCount: 5 }])),
    problem: /COPC hierarchy: node 4-3-3-3 has no parent/,
  },
  {
    name: 'shared.copc.laz',
    make: (f) => writeFileSync(f, writeCopcSkeleton([{ key: [0, 0, 0, 0], pointCount: 10 }, { key: [1, 1, 0, 0], pointCount: 5, sharesDataWith: 0 }])),
    problem: /COPC hierarchy: nodes 0-0-0-0 and 1-1-0-0 point at the same bytes/,
  },
  {
    name: 'bad-key.copc.laz',
    make: (f) => writeFileSync(f, writeCopcSkeleton([{ key: [0, 0, 0, 0], pointCount: 10 }, { key: [1, 2, 0, 0], pointCount: 5 }])),
    problem: /COPC hierarchy: node 1-2-0-0 is not a valid octree key/,
  },
];

// A FIFO would block the first read forever; mkfifo is POSIX.
if (process.platform !== 'win32') {
  corpus.push({ name: 'pipe.bin', make: (f) => execFileSync('mkfifo', [f]), problem: /is not a regular file/ });
}

async function convert(inputs: string[], out: string): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const stream = { isTTY: false, write: (s: string) => (stderr += s) } as unknown as NodeJS.WriteStream;
  const code = await runConvert([...inputs, '-o', out, '--memory-mb', '64'], stream);
  return { code, stderr };
}

describe('cairn convert refuses bad files, naming them', () => {
  it.each(corpus)('$name', async ({ name, make, problem }) => {
    const file = path.join(work, name);
    make(file);
    const out = path.join(work, `out-${name}`);
    const { code, stderr } = await convert([good, file], out);
    expect(code, stderr).toBe(1);
    const message = stderr.split('\n').find((line) => line.startsWith('cairn convert: ')) ?? '';
    expect(message).toContain(file);
    expect(message).toMatch(problem);
    expect(message).not.toContain(good);
    expect(existsSync(path.join(out, 'metadata.json'))).toBe(false);
  });

  it('converts the good file alone (the corpus fails for its bad files only)', async () => {
    const { code, stderr } = await convert([good], path.join(work, 'out-good'));
    expect(code, stderr).toBe(0);
  });
});
