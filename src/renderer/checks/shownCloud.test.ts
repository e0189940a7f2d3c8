import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PLAUSIBILITY, PLAUSIBILITY_RULES } from '../../core/plausibility/settings';
import { runChecks } from '../../core/plausibility/runChecks';
import defaultOntology from '../../../resources/ontology/default.json';
import { ontologySchema } from '../../core/ontology/schema';
import { decodeFrameCloud } from '../../core/scene/frameCloud';
import { parseSceneManifest, type SceneManifest } from '../../core/scene/manifest';
import { TIMED_CARS, TIMED_T0, timedSweepScene, type TimedSweepScene } from '../../core/plausibility/testing/timedSweepScene';
import type { FrameCloud } from '../state/viewStore';
import { shownCheckCloud } from './shownCloud';
import { POINT_RULES } from './useLiveChecks';

let scene: TimedSweepScene;
let manifest: SceneManifest;

beforeAll(() => {
  scene = timedSweepScene();
  manifest = parseSceneManifest(scene.manifest, 'scene.json');
});

/** Frame `index`'s sweep as the frame cache hands it to the view: decoded from the file's bytes. */
async function shownFrame(index: number): Promise<FrameCloud> {
  const frame = manifest.frames[index];
  const ref = frame.pointClouds.lidar;
  const decoded = await decodeFrameCloud(scene.files.get(ref.path)!, ref);
  return { frameId: frame.frameId, sensorId: 'lidar', points: decoded.points, count: decoded.count, zRange: [-2, 1], groundZ: -1.8, ...(decoded.time && { time: decoded.time }) };
}

const cloudOf = (time?: Float64Array): FrameCloud => ({ frameId: 'f', sensorId: 'lidar', points: new Float32Array(8), count: 2, zRange: [0, 1], groundZ: 0, ...(time && { time }) });

describe('shownCheckCloud', () => {
  it('puts offsets into the sweep on the scene clock, and keeps absolute times as they are', () => {
    expect(shownCheckCloud(cloudOf(Float64Array.of(0.01, 0.09)), 1000).time).toEqual(Float64Array.of(1000.01, 1000.09));
    const absolute = Float64Array.of(1000.01, 1000.09);
    const kept = shownCheckCloud(cloudOf(absolute), 1000).time!;
    // Not copied: the same memory as the decoded sweep's.
    expect(kept.buffer).toBe(absolute.buffer);
    expect(kept).toEqual(absolute);
  });

  it('converts a sweep once however often the checks rerun, again only for another frame time', () => {
    const cloud = cloudOf(Float64Array.of(0.01, 0.09));
    const first = shownCheckCloud(cloud, 1000).time;
    expect(shownCheckCloud(cloud, 1000).time).toBe(first);
    expect(shownCheckCloud(cloud, 2000).time).toEqual(Float64Array.of(2000.01, 2000.09));
  });

  it('gives no time for a sweep without one, one on another clock, or an unknown frame time', () => {
    expect(shownCheckCloud(cloudOf(), 1000)).not.toHaveProperty('time');
    // GPS seconds against frames on Unix time: neither an offset nor near the frame's time.
    expect(shownCheckCloud(cloudOf(Float64Array.of(1.4e9, 1.4e9)), 1.7e9)).not.toHaveProperty('time');
    expect(shownCheckCloud(cloudOf(Float64Array.of(0.01, 0.09)), undefined)).not.toHaveProperty('time');
  });

  it('lets the live point rules find the box of a fast car whose points the sweep caught late, and only that box', async () => {
    const ontology = ontologySchema.parse(defaultOntology);
    const settings = { ...DEFAULT_PLAUSIBILITY, disabled: PLAUSIBILITY_RULES.filter((r) => !POINT_RULES.includes(r)) };
    const frames = manifest.frames.map((f) => ({ frameId: f.frameId, index: f.index, timestamp: f.timestamp }));
    const run = (cloud: FrameCloud) =>
      runChecks({
        ontology,
        settings,
        frames,
        records: scene.records.filter((r) => r.frameId !== manifest.frames[2].frameId),
        cloud: (frameId) => (frameId === cloud.frameId ? shownCheckCloud(cloud, manifest.frames[0].timestamp) : null),
      });
    const shown = await shownFrame(0);
    expect(shown.time).toBeDefined();
    const report = run(shown);
    const found = report.findings.filter((f) => f.rule === 'point-time');
    expect(found.map((f) => f.trackId)).toEqual([TIMED_CARS.late.trackId]);
    expect(found[0].frameIndex).toBe(0);
    // 20 m/s times the median capture time of its points, ~75 ms into the sweep.
    expect(found[0].value).toBeCloseTo(20 * scene.seenAfter.late[0], 1);
    expect(found[0].message).toContain(`captured ${Math.round(scene.seenAfter.late[0] * 1000)} ms after the frame's time`);
    expect(report.notChecked.filter((n) => n.rule === 'point-time' && n.reason.includes('per-point'))).toEqual([]);
    expect(manifest.frames[0].timestamp).toBe(TIMED_T0);

    // The same sweep without its times: the rule says it did not run, as the panel showed before.
    const { time: _dropped, ...untimed } = shown;
    const without = run(untimed);
    expect(without.findings.filter((f) => f.rule === 'point-time')).toEqual([]);
    expect(without.notChecked).toContainEqual({ rule: 'point-time', reason: 'the sweep carries no per-point capture time', boxes: 2 });
  });
});
