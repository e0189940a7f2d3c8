import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readPotree } from '../lod/testing/readPotree';
import { convertScans } from './convertScan';

const PUMP = path.resolve(__dirname, '../../../../../shared/data/e57/pumpAVisualReferenceImage.e57');
const work = mkdtempSync(path.join(os.tmpdir(), 'cairn-convert-e57-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('an E57 scan opened as a point cloud', () => {
  it.skipIf(!existsSync(PUMP))('builds the octree the app streams (Open… on a .e57 file)', { timeout: 120_000 }, async () => {
    const out = path.join(work, 'pump');
    const result = await convertScans([PUMP], out, { tmpDir: work });
    expect(result.points).toBe(155_201);
    const octree = readPotree(out);
    expect(octree.nodes.reduce((n, node) => n + node.numPoints, 0)).toBe(155_201);
    expect(octree.metadata.attributes.map((a: { name: string }) => a.name)).toEqual(expect.arrayContaining(['position', 'intensity', 'rgb']));
  });
});
