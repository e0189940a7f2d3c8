import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPcd } from '../../../core/formats/pcd/openPcd';
import { memorySource } from '../../../core/io/byteSource';
import type { SceneManifest } from '../../../core/scene/manifest';
import { writeMcap, writeRosbag } from '../../import/robotics/testing/logWriters';
import { robotScenario, STAMP_LAG, T0 } from '../../import/robotics/testing/robotScenario';
import { startLoopbackServer, type LoopbackServer } from '../../testing/loopbackServer';
import type { AppServices } from '../appServices';
import { TEST_CALL, testHosts } from './testing/testHosts';
import { fileResponse } from '../stores/fileResponse';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-log-in-place-'));
let mcapFile: string;
let bagFile: string;
let remoteFile: string;
let server: LoopbackServer;
let served = 0;

beforeAll(async () => {
  // 60 sweeps in 64 KB uncompressed chunks: a frame's capture is a small part of the file.
  mcapFile = path.join(dir, 'logs', 'drive.mcap');
  mkdirSync(path.dirname(mcapFile), { recursive: true });
  await writeMcap(mcapFile, 'ros2', robotScenario({ dialect: 'ros2', sweeps: 60 }), 'none');
  // No /tf or markers in every chunk: opening it needs the index and the first messages only.
  remoteFile = path.join(dir, 'logs', 'long.mcap');
  await writeMcap(remoteFile, 'ros2', robotScenario({ dialect: 'ros2', sweeps: 400 }).filter((m) => m.topic !== '/tf' && m.topic !== '/markers'), 'none');
  bagFile = path.join(dir, 'bags', 'drive.bag');
  mkdirSync(path.dirname(bagFile), { recursive: true });
  await writeRosbag(bagFile, robotScenario({ dialect: 'ros1' }), 'lz4', 7);
  server = await startLoopbackServer(async (req) => {
    if (req.url !== '/logs/long.mcap') return { status: 404, headers: {} };
    const out = await fileResponse(remoteFile, req.headers.range, req.method);
    if (out.body) served += Number(out.headers['Content-Length']);
    return out;
  });
});

afterAll(async () => {
  hosts.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const ctx = TEST_CALL;

const hosts = testHosts(dir);
const services = () => hosts.host();

async function openLog(s: AppServices, location: string): Promise<{ storeId: string; manifest: SceneManifest }> {
  const result = await s.handlers['location.open']({ location }, ctx);
  if (result.kind !== 'scenes') throw new Error(`${location} did not open as scenes`);
  return s.handlers['scene.open']({ sceneId: result.scenes[0].sceneId }, ctx);
}

async function body(s: AppServices, storeId: string, p: string, range: string | null = null): Promise<{ status: number; bytes: Buffer }> {
  const res = await s.stores.serve(storeId, p, range, 'GET');
  return { status: res.status, bytes: res.body ? Buffer.concat(await res.body.toArray()) : Buffer.alloc(0) };
}

async function pointsOf(bytes: Uint8Array) {
  const reader = await openPcd(memorySource('sweep.pcd', bytes));
  for await (const batch of reader.batches()) return batch;
  throw new Error('no points');
}

function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(path.join(root, f)).isFile());
}

describe('a robotics log opened in place', () => {
  it('names its messages in the manifest, extracts nothing, and serves each sweep and image read from the log', async () => {
    const s = services();
    const { storeId, manifest } = await openLog(s, mcapFile);
    expect(manifest.log).toEqual({ format: 'mcap', files: [mcapFile] });
    expect(manifest.dataRoot).toBeUndefined();
    expect(manifest.frames).toHaveLength(60);
    // Planned from the index: stamps are the header stamps (log time less the recorded lag).
    expect(manifest.frames[7].timestamp).toBeCloseTo(T0 + 0.7, 6);
    expect(manifest.frames[7].timestamp).not.toBeCloseTo(T0 + 0.7 + STAMP_LAG, 3);
    expect(manifest.frames[3].worldFromEgo.translation[0]).toBeCloseTo(0.3, 9);
    const cloud = manifest.frames[7].pointClouds.lidar_points;
    expect(cloud.path).toMatch(/^log\/\d+\/lidar\/points\.pcd$/);
    const sweep = await body(s, storeId, cloud.path);
    expect(sweep.status).toBe(200);
    const points = await pointsOf(sweep.bytes);
    expect(points.count).toBe(6);
    expect(points.positions[0]).toBe(10);
    expect(points.extra!.time[5]).toBeCloseTo(0.05, 9);
    expect((await body(s, storeId, cloud.path, 'bytes=0-15')).bytes.toString()).toBe('# .PCD v0.7 - wr');
    const image = manifest.frames[7].images.camera_image_compressed;
    expect(image).toMatchObject({ width: 8, height: 6, timestamp: expect.closeTo(T0 + 0.704, 6) as number });
    expect((await body(s, storeId, image.path)).bytes.subarray(1, 4).toString()).toBe('PNG');
    // Only manifests and the report were written.
    const written = filesUnder(path.join(s.workspace.dir, 'imports'));
    expect(written.length).toBeGreaterThan(0);
    expect(written.every((f) => f.endsWith('.json'))).toBe(true);
  });

  it('answers 404 for a time the topic has no message at, and for a path that names no message', async () => {
    const s = services();
    const { storeId, manifest } = await openLog(s, mcapFile);
    const cloud = manifest.frames[0].pointClouds.lidar_points.path;
    const [, time] = /^log\/(\d+)\//.exec(cloud)!;
    expect((await body(s, storeId, cloud.replace(time, String(BigInt(time) + 1n)))).status).toBe(404);
    expect((await body(s, storeId, 'log/1/nope/points.pcd')).status).toBe(404);
    expect((await body(s, storeId, 'scene.json')).status).toBe(404);
  });

  it('reads a log behind HTTP by range requests: the frame list and a frame cost a small part of the file', async () => {
    const s = services();
    const size = readFileSync(remoteFile).length;
    served = 0;
    const { storeId, manifest } = await openLog(s, `${server.base}/logs/long.mcap`);
    expect(manifest.frames).toHaveLength(400);
    expect(manifest.frames[300].images.camera_image_compressed).toBeDefined();
    expect(served).toBeLessThan(size / 4);
    served = 0;
    const points = await pointsOf((await body(s, storeId, manifest.frames[300].pointClouds.lidar_points.path)).bytes);
    expect(points.count).toBe(6);
    expect(served).toBeGreaterThan(0);
    expect(served).toBeLessThan(size / 4); // the chunk holding it (64 KB) and its message index
    // The frame's image came with its sweep, in the same pass.
    served = 0;
    expect((await body(s, storeId, manifest.frames[300].images.camera_image_compressed.path)).bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(served).toBe(0);
  });

  it('opens a ROS 1 bag in place through its index, stamps from the messages themselves', async () => {
    const s = services();
    const { storeId, manifest } = await openLog(s, bagFile);
    expect(manifest.log).toEqual({ format: 'rosbag', files: [bagFile] });
    expect(manifest.frames.map((f) => f.timestamp)).toEqual([0, 1, 2, 3, 4].map((i) => expect.closeTo(T0 + i * 0.1, 6) as number));
    expect((await pointsOf((await body(s, storeId, manifest.frames[4].pointClouds.lidar_points.path)).bytes)).count).toBe(6);
    expect((await body(s, storeId, manifest.frames[4].images.camera_image_compressed.path)).bytes.subarray(1, 4).toString()).toBe('PNG');
  });
});
