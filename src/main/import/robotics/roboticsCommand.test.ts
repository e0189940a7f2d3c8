import { mkdtempSync, promises as fs, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAllowedRoots } from '../../services/access/allowedRootsFile';
import { runImport } from '../importCommand';
import { writeMcap } from './testing/logWriters';
import { robotScenario } from './testing/robotScenario';

let dir: string;
let log: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-import-logs-'));
  log = path.join(dir, 'drive.mcap');
  await writeMcap(log, 'ros2', robotScenario({ dialect: 'ros2' }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]) {
  let stderr = '';
  const code = await runImport([...args, '--workspace', path.join(dir, 'ws')], { write: (t: string) => (stderr += t) });
  return { code, stderr };
}

describe('cairn import mcap|rosbag|rosbag2', () => {
  it('writes dataset.json, the scene with its sweeps and images, the report, with progress on stderr', async () => {
    const out = path.join(dir, 'out');
    const { code, stderr } = await run(['mcap', log, '-o', out]);
    expect(code).toBe(0);
    expect(stderr).toContain('drive.mcap: 5 sweeps written');
    expect(stderr).toContain(`1 scene, 5 frames, 5 ground-truth boxes → ${out}`);
    const dataset = JSON.parse(readFileSync(path.join(out, 'dataset.json'), 'utf8')) as { scenes: { manifest: string }[] };
    expect(dataset.scenes).toEqual([{ name: 'drive', manifest: 'drive/scene.json' }]);
    const scene = JSON.parse(readFileSync(path.join(out, 'drive/scene.json'), 'utf8')) as { dataRoot: string };
    expect(scene.dataRoot).toBe(path.join(out, 'drive'));
    expect((await fs.readdir(path.join(out, 'drive/clouds/lidar_points'))).length).toBe(5);
    expect(readAllowedRoots(path.join(dir, 'ws')).map((r) => r.location)).toContain(out);
  });

  it('--in-place writes only the manifests, naming the log, and lets the workspace read the log', async () => {
    const out = path.join(dir, 'in-place');
    const { code, stderr } = await run(['mcap', log, '-o', out, '--in-place']);
    expect(code).toBe(0);
    expect(stderr).toContain(`1 scene, 5 frames, 5 ground-truth boxes → ${out}`);
    const scene = JSON.parse(readFileSync(path.join(out, 'drive/scene.json'), 'utf8')) as { dataRoot?: string; log: unknown; frames: { pointClouds: Record<string, { path: string }> }[] };
    expect(scene.dataRoot).toBeUndefined();
    expect(scene.log).toEqual({ format: 'mcap', files: [log] });
    expect(scene.frames[0].pointClouds.lidar_points.path).toMatch(/^log\/\d+\/lidar\/points\.pcd$/);
    expect(await fs.readdir(path.join(out, 'drive'))).toEqual(['scene.json']);
    expect(readAllowedRoots(path.join(dir, 'ws')).map((r) => r.location)).toContain(log);
  });

  it('names the file and the problem for bad input, and refuses options that make no sense', async () => {
    const missing = await run(['mcap', path.join(dir, 'nope.mcap'), '-o', path.join(dir, 'o1')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope\.mcap: cannot read the dataset folder \(ENOENT\)/);
    const notMcap = path.join(dir, 'text.mcap');
    await fs.writeFile(notMcap, 'this is not an MCAP file at all, just some text');
    const bad = await run(['mcap', notMcap, '-o', path.join(dir, 'o2')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/text\.mcap: not a readable indexed MCAP file/);
    expect((await run(['mcap', log, '-o', path.join(dir, 'o3'), '--rate', 'fast'])).code).toBe(2);
    expect((await run(['kitti', dir, '-o', path.join(dir, 'o4'), '--lidar', '/points'])).stderr).toMatch(/--lidar, --cameras, --rate, --list and --in-place are for robotics logs/);
  });
});
