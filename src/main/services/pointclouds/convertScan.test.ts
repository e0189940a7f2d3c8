import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readPotree } from '../lod/testing/readPotree';
import { convertScans } from './convertScan';

const COPC = path.resolve(__dirname, '../../../../../shared/data/las_laz/lone-star.copc.laz');
const work = mkdtempSync(path.join(os.tmpdir(), 'cairn-convert-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('convertScans on COPC', () => {
  it.skipIf(!existsSync(COPC))('takes the raw-record path and its preview from the file’s own coarse levels', async () => {
    const out = path.join(work, 'full');
    const previewDir = path.join(work, 'preview');
    const phases = new Set<string>();
    let preview: { dir: string; points: number } | null = null;
    const result = await convertScans([COPC], out, { tmpDir: work, preview: { outDir: previewDir, maxPoints: 100_000, minInputPoints: 1 } }, {
      progress: (phase) => phases.add(phase),
      onPreview: (dir, points) => (preview = { dir, points }),
    });
    expect(result.points).toBe(518_862);
    const full = readPotree(out);
    expect(full.nodes.reduce((n, node) => n + node.numPoints, 0)).toBe(518_862);
    expect(phases.has('preview')).toBe(true);
    expect(preview).not.toBeNull();
    const { dir, points } = preview!;
    expect(points).toBeGreaterThan(0);
    expect(points).toBeLessThanOrEqual(100_000);
    expect(readPotree(dir).nodes.reduce((n, node) => n + node.numPoints, 0)).toBe(points);
  });
});
