import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSceneManifest } from '../../../core/scene/manifest';
import { rawDataSchema } from '../../../core/revisions';
import { LocalStore } from '../stores/localStore';
import { calibrationVersion, frameRawData } from './frameRawData';
import { RawFileHasher } from './rawFileHasher';

const sampleDir = path.resolve(__dirname, '../../../../resources/sample');
const manifest = parseSceneManifest(JSON.parse(readFileSync(path.join(sampleDir, 'scene.json'), 'utf8')), 'scene.json');

describe('frameRawData', () => {
  it("lists each asked frame's LiDAR sweep and images with their real SHA-256, and its calibration version", async () => {
    const store = new LocalStore('sample', sampleDir);
    const [first, second] = manifest.frames;
    const data = await frameRawData({ manifest, store }, [second.frameId, 'not-a-frame'], new RawFileHasher());
    expect(rawDataSchema.parse(data)).toEqual(data);
    expect(data.map((d) => d.frameId)).toEqual([second.frameId]);
    const lidar = data[0].files.find((f) => f.stream === Object.keys(second.pointClouds)[0])!;
    expect(lidar.sha256).toBe(createHash('sha256').update(readFileSync(path.join(sampleDir, lidar.path))).digest('hex'));
    expect(data[0].files).toHaveLength(Object.keys(second.pointClouds).length + Object.keys(second.images).length);
    expect(data[0].calibration).toBe(calibrationVersion(manifest, first));
  });

  it('gives a new calibration version when an extrinsic, an intrinsic or a per-frame override changes, and the same one otherwise', () => {
    const frame = manifest.frames[0];
    const base = calibrationVersion(manifest, frame);
    expect(calibrationVersion(structuredClone(manifest), structuredClone(frame))).toBe(base);
    const moved = structuredClone(manifest);
    const t = moved.sensors[0].egoFromSensor.translation;
    moved.sensors[0].egoFromSensor = { ...moved.sensors[0].egoFromSensor, translation: [t[0], t[1], t[2] + 0.01] };
    expect(calibrationVersion(moved, frame)).not.toBe(base);
    const camera = structuredClone(manifest);
    const cam = camera.sensors.find((s) => s.kind === 'camera')!;
    if (cam.kind === 'camera') cam.intrinsics.fx += 1;
    expect(calibrationVersion(camera, frame)).not.toBe(base);
    const own = structuredClone(frame);
    const stream = Object.keys(own.pointClouds)[0];
    own.pointClouds[stream].egoFromSensor = { translation: [0, 0, 2], rotation: [0, 0, 0, 1] };
    expect(calibrationVersion(manifest, own)).not.toBe(base);
    // A pose is motion, not calibration.
    const posed = { ...frame, worldFromEgo: { translation: [1, 2, 3] as [number, number, number], rotation: frame.worldFromEgo.rotation } };
    expect(calibrationVersion(manifest, posed)).toBe(base);
  });
});
