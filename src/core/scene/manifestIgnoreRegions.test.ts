import { describe, expect, it } from 'vitest';
import { parseSceneManifest, type SceneManifestInput } from './manifest';

const FRAME = '10000000-0000-4000-8000-000000000001';
const REGION = '20000000-0000-4000-8000-000000000001';
const identity = { translation: [0, 0, 0] as [number, number, number], rotation: [0, 0, 0, 1] as [number, number, number, number] };

function scene(ignoreRegions: SceneManifestInput['ignoreRegions']): SceneManifestInput {
  return {
    format: 'cairn.scene',
    version: 1,
    sceneId: '30000000-0000-4000-8000-000000000001',
    name: 's',
    sensors: [
      { sensorId: 'velodyne', kind: 'lidar', egoFromSensor: identity },
      { sensorId: 'cam2', kind: 'camera', opticalConvention: 'opencv', egoFromSensor: identity, intrinsics: { model: 'pinhole', width: 1242, height: 375, fx: 700, fy: 700, cx: 600, cy: 180 } },
    ],
    frames: [{ frameId: FRAME, index: 0, timestamp: 0, worldFromEgo: identity, pointClouds: { velodyne: { path: 'v.bin', encoding: 'kitti-bin-xyzi' } } }],
    ignoreRegions,
  };
}

describe('scene manifest ignore regions', () => {
  it('reads a region of a camera image on a frame of the scene; a manifest without any has none', () => {
    const region = { regionId: REGION, frameId: FRAME, cameraId: 'cam2', box: { x0: 503.89, y0: 169.71, x1: 590.61, y1: 190.13 }, sourceClass: 'DontCare' };
    expect(parseSceneManifest(scene([region]), 'm').ignoreRegions).toEqual([region]);
    expect(parseSceneManifest(scene(undefined), 'm').ignoreRegions).toEqual([]);
  });

  it('names every region whose frame, camera or box is wrong', () => {
    const ok = { regionId: REGION, frameId: FRAME, cameraId: 'cam2', box: { x0: 1, y0: 1, x1: 2, y1: 2 } };
    expect(() => parseSceneManifest(scene([ok, ok]), 'm.json')).toThrow(`m.json: ignore region ${REGION} appears twice`);
    expect(() => parseSceneManifest(scene([{ ...ok, frameId: REGION }]), 'm.json')).toThrow(`ignore region ${REGION} refers to unknown frame ${REGION}`);
    expect(() => parseSceneManifest(scene([{ ...ok, cameraId: 'velodyne' }]), 'm.json')).toThrow(`ignore region ${REGION} refers to "velodyne", which is no camera of the scene`);
    expect(() => parseSceneManifest(scene([{ ...ok, box: { x0: 2, y0: 1, x1: 1, y1: 2 } }]), 'm.json')).toThrow(`ignore region ${REGION}: its box must have finite x0 < x1 and y0 < y1`);
  });
});
