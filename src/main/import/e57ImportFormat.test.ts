import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeE57 } from '../../core/formats/testing/writeE57';
import { openPointCloud } from '../../core/formats/openPointCloud';
import { parseDatasetManifest, parseSceneManifest } from '../../core/scene/manifest';
import { fileSource } from '../services/stores/fileSource';
import { fileResponse } from '../services/stores/fileResponse';
import { startLoopbackServer } from '../testing/loopbackServer';
import { runImport } from './importCommand';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-import-e57-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await runImport([...args, '--workspace', path.join(dir, 'workspace')], { write: (text: string) => (stderr += text) });
  return { code, stderr };
}

const scan = { name: 'site', fields: [{ name: 'cartesianX', kind: 'float32' as const }, { name: 'cartesianY', kind: 'float32' as const }, { name: 'cartesianZ', kind: 'float32' as const }], records: Array.from({ length: 500 }, (_, i) => [i, -i, i % 7]) };

describe('cairn import e57', () => {
  it('writes the scene with its extracted PCD, the manifest naming the scene folder as dataRoot', async () => {
    const input = path.join(dir, 'site scan.e57');
    writeFileSync(input, writeE57({ scans: [scan, { ...scan, name: 'second', pose: { rotation: [0, 0, 0, 1], translation: [1, 2, 3] } }] }));
    const out = path.join(dir, 'out');
    const { code, stderr } = await run(['e57', input, '-o', out]);
    expect(stderr).toContain(`1 scene, 2 frames, 0 ground-truth boxes → ${out}`);
    expect(code).toBe(0);
    expect(parseDatasetManifest(JSON.parse(readFileSync(path.join(out, 'dataset.json'), 'utf8')), 'dataset.json').scenes).toEqual([{ name: 'site scan', manifest: 'site_scan/scene.json' }]);
    const manifest = parseSceneManifest(JSON.parse(readFileSync(path.join(out, 'site_scan', 'scene.json'), 'utf8')), 'scene.json');
    expect(manifest.dataRoot).toBe(path.join(out, 'site_scan'));
    expect(manifest.frames[1].worldFromEgo.translation).toEqual([1, 2, 3]);
    const source = fileSource(path.join(manifest.dataRoot!, manifest.frames[1].pointClouds.scanner.path));
    expect((await openPointCloud(source)).header.pointCount).toBe(500);
    await source.close();
  });

  it('a corrupt file: exit status 1 and the message names the file, the page and the byte', async () => {
    const bytes = writeE57({ scans: [scan] });
    bytes[2 * 1024 + 3] ^= 4;
    const input = path.join(dir, 'corrupt.e57');
    writeFileSync(input, bytes);
    const out = path.join(dir, 'out-corrupt');
    const { code, stderr } = await run(['e57', input, '-o', out]);
    expect(code).toBe(1);
    expect(stderr).toContain(`${input} (byte 3068): bad checksum on page 2 (bytes 2048..3071)`);
    // The scan's PCD was being written as it was decoded; the failed one is removed.
    expect(existsSync(path.join(out, 'corrupt', 'clouds', 'scan-000.pcd'))).toBe(false);
  });

  it('reads the file over HTTP by range requests', async () => {
    const input = path.join(dir, 'served.e57');
    writeFileSync(input, writeE57({ scans: [scan] }));
    let ranges = 0;
    const server = await startLoopbackServer(async (req) => {
      if (req.headers.range) ranges++;
      return fileResponse(input, req.headers.range, req.method);
    });
    try {
      const out = path.join(dir, 'out-http');
      const { code, stderr } = await run(['e57', `${server.base}/served.e57`, '-o', out]);
      expect(stderr).toContain('1 scene, 1 frame');
      expect(code).toBe(0);
      expect(ranges).toBeGreaterThan(0);
      expect(existsSync(path.join(out, 'served', 'clouds', 'scan-000.pcd'))).toBe(true);
    } finally {
      await server.close();
    }
  });

  it.skipIf(!existsSync(path.resolve(__dirname, '../../../../shared/data/e57')))('the real A_B.e57', async () => {
    const out = path.join(dir, 'out-ab');
    const { code, stderr } = await run(['e57', path.resolve(__dirname, '../../../../shared/data/e57/A_B.e57'), '-o', out]);
    expect(code).toBe(0);
    expect(stderr).toContain('1 scene, 2 frames');
    expect(existsSync(path.join(out, 'A_B', 'clouds', 'scan-001.pcd'))).toBe(true);
  });
});
