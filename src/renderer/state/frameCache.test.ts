import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { timedSweepScene } from '../../core/plausibility/testing/timedSweepScene';
import { encodeCloudPcd } from '../../core/robotics/cloudPcd';
import { parseSceneManifest, type SceneManifest } from '../../core/scene/manifest';
import type { CairnClient } from '../../shared/client';
import { serveFolder, type FolderServer } from '../../main/testing/folderServer';
import { FrameCache } from './frameCache';

let server: FolderServer;
let manifest: SceneManifest;

beforeAll(async () => {
  const scene = timedSweepScene(3);
  manifest = parseSceneManifest(scene.manifest, 'scene.json');
  // A sweep of the same points without per-point time, as a motion-compensated cloud comes.
  const untimed = encodeCloudPcd({ count: 2, positions: new Float32Array([1, 2, 3, 4, 5, 6]), otherFields: [], droppedNonFinite: 0, droppedZero: 0 });
  // Served as the host's data URLs serve a store: the file's bytes, as they are.
  server = await serveFolder({ ...Object.fromEntries(scene.files), 'lidar/untimed.pcd': untimed });
});

afterAll(async () => {
  await server?.close();
});

/** The client as the frame cache uses it: data URLs on the server above (it makes no calls). */
const client: CairnClient = {
  call: () => Promise.reject(new Error('the frame cache makes no calls')),
  on: () => () => undefined,
  dataUrl: (_storeId, p) => `${server.base}/${p}`,
};

describe('FrameCache', () => {
  it('keeps each point’s capture time of a sweep whose file has it, in the order of the positions', async () => {
    const cache = new FrameCache(client, 'store', manifest.frames, { behind: 0, ahead: 0 });
    const frame = await cache.load(0);
    expect(frame.cloudError).toBeNull();
    const cloud = frame.cloud!;
    expect(cloud.time).toBeInstanceOf(Float64Array);
    expect(cloud.time!.length).toBe(cloud.count);
    expect(cloud.count).toBe(manifest.frames[0].pointClouds.lidar.pointCount);
    // Offsets into the 100 ms sweep, each the time the beam passed its point's azimuth.
    for (let i = 0; i < cloud.count; i += 97) {
      const [x, y] = [cloud.points[i * 4], cloud.points[i * 4 + 1]];
      const atAzimuth = ((Math.atan2(y, x) + Math.PI) / (2 * Math.PI)) * 0.1;
      // Car points were captured where the car had moved to by then: up to 20 m/s × 0.1 s away.
      expect(Math.abs(cloud.time![i] - atAzimuth)).toBeLessThan(0.01);
    }
    // The cache counts the times among the bytes it holds.
    expect(frame.bytes).toBe(cloud.points.byteLength + cloud.time!.byteLength);
    cache.dispose();
  });

  it('gives no time, and holds no bytes for one, when the sweep has none', async () => {
    const frames = [{ ...manifest.frames[0], pointClouds: { lidar: { path: 'lidar/untimed.pcd', encoding: 'pcd' as const } } }];
    const cache = new FrameCache(client, 'store', frames, { behind: 0, ahead: 0 });
    const frame = await cache.load(0);
    expect(frame.cloud!.count).toBe(2);
    expect(frame.cloud).not.toHaveProperty('time');
    expect(frame.bytes).toBe(frame.cloud!.points.byteLength);
    cache.dispose();
  });

  it('fetches nothing again while the timeline steps back and forth, and holds a bounded window', async () => {
    // Twelve frames of the one sweep: what is fetched is counted by the URLs asked for.
    const frames = Array.from({ length: 12 }, (_, i) => ({ ...manifest.frames[0], frameId: `f${i}`, index: i, images: {} }));
    const asked: string[] = [];
    const counting: CairnClient = { ...client, dataUrl: (storeId, p) => (asked.push(p), client.dataUrl(storeId, p)) };
    const cache = new FrameCache(counting, 'store', frames, { behind: 2, ahead: 4 });
    const show = async (i: number) => {
      const prefetched = cache.focus(i);
      await cache.load(i);
      await prefetched;
    };
    for (const start of [0, 5]) {
      await show(start);
      await show(start + 1);
      await show(start);
      const before = asked.length;
      for (let k = 0; k < 6; k++) await show(k % 2 === 0 ? start + 1 : start);
      expect(asked.length - before).toBe(0);
      // Ahead and behind of the window, plus the one more either way that a turn needs.
      expect(cache.heldFrames()).toBeLessThanOrEqual(2 * (4 + 1) + 1);
    }
    // Going on forward fetches each new frame once and drops those left behind.
    const before = asked.length;
    for (let i = 6; i <= 11; i++) await show(i);
    expect(asked.length - before).toBe(1);
    expect(cache.get(0)).toBeUndefined();
    cache.dispose();
  });
});
