import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPointCloud } from '../core/formats';
import { runConvert } from './convertCommand';
import { openOctreeFolder } from './services/lod/openOctreeFolder';
import { fileSource } from './services/stores/fileSource';

const DATA = path.resolve(__dirname, '../../../shared/data/las_laz');
const work = mkdtempSync(path.join(os.tmpdir(), 'cairn-convert-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function stderr() {
  const lines: string[] = [];
  return { lines, stream: { isTTY: false, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream };
}

/** Every point as "x,y,z,intensity" at the file's precision, sorted. */
async function pointSet(batches: AsyncIterable<{ count: number; positions: ArrayLike<number>; intensity?: ArrayLike<number> }>): Promise<string[]> {
  const out: string[] = [];
  for await (const b of batches) {
    for (let i = 0; i < b.count; i++) out.push(`${b.positions[3 * i].toFixed(3)},${b.positions[3 * i + 1].toFixed(3)},${b.positions[3 * i + 2].toFixed(3)},${b.intensity?.[i]}`);
  }
  return out.sort();
}

describe('cairn convert --encoding', () => {
  it('accepts only default or brotli', async () => {
    const err = stderr();
    expect(await runConvert(['in.las', '-o', path.join(work, 'x'), '--encoding', 'gzip'], err.stream)).toBe(2);
    expect(err.lines.join('')).toMatch(/--encoding must be default or brotli, got "gzip"[\s\S]*--encoding default\|brotli/);
  });

  // autzen: offset 0, so X and Y are around 2^26 steps; lion: negative coordinates, so the
  // positions have to move to be unsigned.
  for (const name of ['autzen_trim.las', 'lion_takanawa.copc.laz']) {
    it.skipIf(!existsSync(path.join(DATA, name)))(`writes a BROTLI octree of ${name} holding exactly its points`, { timeout: 60_000 }, async () => {
      const out = path.join(work, name);
      const err = stderr();
      expect(await runConvert([path.join(DATA, name), '-o', out, '--encoding', 'brotli', '--memory-mb', '64'], err.stream)).toBe(0);
      expect(err.lines.join('')).toMatch(/^brotli +\[/m);
      expect(JSON.parse(readFileSync(path.join(out, 'metadata.json'), 'utf8')).encoding).toBe('BROTLI');
      const source = fileSource(path.join(DATA, name));
      const octree = await openOctreeFolder(out);
      try {
        const expected = await pointSet((await openPointCloud(source, { fileName: name })).batches(8192));
        expect(await pointSet(octree.batches(8192))).toEqual(expected);
      } finally {
        await octree.close();
        await source.close();
      }
    });
  }
});
