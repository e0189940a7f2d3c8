import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseSceneManifest } from '../../../../core/scene/manifest';
import { FRAME, SCENE } from '../../sync/testing/syncFixture';

/**
 * A one-frame scene of SCENE on disk, in root/data: a LiDAR sweep, a camera image and its
 * scene.json, so a host can open it by location as well as use the manifest directly.
 */
export function lineageScene(root: string) {
  const data = path.join(root, 'data');
  mkdirSync(path.join(data, 'lidar'), { recursive: true });
  mkdirSync(path.join(data, 'cam'), { recursive: true });
  const sweep = Buffer.from(new Float32Array([1, 2, 3, 0.5, 4, 5, 6, 0.25]).buffer);
  const image = Buffer.from('not really a png, but raw bytes all the same');
  writeFileSync(path.join(data, 'lidar', '0.bin'), sweep);
  writeFileSync(path.join(data, 'cam', '0.png'), image);
  const identity = { translation: [0, 0, 0], rotation: [0, 0, 0, 1] };
  const json = {
    format: 'cairn.scene',
    version: 1,
    sceneId: SCENE,
    name: 'lineage',
    sensors: [
      { sensorId: 'lidar', kind: 'lidar', egoFromSensor: { translation: [0, 0, 1.8], rotation: [0, 0, 0, 1] } },
      { sensorId: 'cam', kind: 'camera', opticalConvention: 'opencv', egoFromSensor: identity, intrinsics: { model: 'pinhole', width: 8, height: 6, fx: 5, fy: 5, cx: 4, cy: 3 } },
    ],
    frames: [{ frameId: FRAME, index: 0, timestamp: 0, worldFromEgo: identity, pointClouds: { lidar: { path: 'lidar/0.bin', encoding: 'kitti-bin-xyzi' } }, images: { cam: { path: 'cam/0.png', width: 8, height: 6 } } }],
  };
  writeFileSync(path.join(data, 'scene.json'), JSON.stringify(json));
  const manifest = parseSceneManifest(json, 'scene.json');
  return { manifest, data, sweep, image };
}
