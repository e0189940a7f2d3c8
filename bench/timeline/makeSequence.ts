import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { quatFromYaw, quatMultiply } from '../../src/core/geometry/quaternion';
import { seededRandom } from '../../src/core/random/seededRandom';

/**
 * A long synthetic drive for the timeline benchmark: `frames` frames at 10 Hz of a vehicle going
 * down a corridor of walls and posts, each with a KITTI-layout sweep of `points` points and two
 * camera images, plus Cairn's scene manifest. Deterministic for a given seed.
 */
export interface SequenceOptions {
  readonly dir: string;
  readonly frames: number;
  readonly points: number;
  readonly imageWidth: number;
  readonly imageHeight: number;
}

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

export function makeSequence(o: SequenceOptions): string {
  mkdirSync(path.join(o.dir, 'velodyne'), { recursive: true });
  mkdirSync(path.join(o.dir, 'cam_front'), { recursive: true });
  mkdirSync(path.join(o.dir, 'cam_left'), { recursive: true });
  const random = seededRandom(11);
  const speed = 8; // m/s
  const frames = [];
  for (let i = 0; i < o.frames; i++) {
    const x0 = i * speed * 0.1;
    const pts = new Float32Array(o.points * 4);
    for (let p = 0; p < o.points; p++) {
      const kind = random();
      let x: number;
      let y: number;
      let z: number;
      if (kind < 0.5) {
        // Ground ring.
        const r = 3 + random() * 40;
        const a = random() * Math.PI * 2;
        [x, y, z] = [r * Math.cos(a), r * Math.sin(a), -1.8];
      } else {
        // Walls at y = ±8 with posts every 10 m of world x, so the scene moves past.
        const side = random() < 0.5 ? -8 : 8;
        x = -40 + random() * 80;
        y = side;
        const post = Math.abs(((x + x0) % 10) + 10) % 10 < 0.6;
        z = -1.8 + random() * (post ? 4 : 2.5);
      }
      pts.set([x, y, z, random()], p * 4);
    }
    const bin = `velodyne/${String(i).padStart(6, '0')}.bin`;
    writeFileSync(path.join(o.dir, bin), new Uint8Array(pts.buffer));
    const images: Record<string, { path: string; width: number; height: number }> = {};
    for (const cam of ['cam_front', 'cam_left']) {
      const png = new PNG({ width: o.imageWidth, height: o.imageHeight });
      const shade = (i * 7 + (cam === 'cam_left' ? 90 : 0)) % 256;
      for (let y = 0; y < o.imageHeight; y++) {
        for (let x = 0; x < o.imageWidth; x++) {
          const k = (y * o.imageWidth + x) * 4;
          const sky = y < o.imageHeight * 0.45;
          png.data[k] = sky ? 120 : (shade + x) % 256;
          png.data[k + 1] = sky ? 160 : (y * 2) % 256;
          png.data[k + 2] = sky ? 210 : 90;
          png.data[k + 3] = 255;
        }
      }
      const file = `${cam}/${String(i).padStart(6, '0')}.png`;
      writeFileSync(path.join(o.dir, file), PNG.sync.write(png, { deflateLevel: 1 }));
      images[cam] = { path: file, width: o.imageWidth, height: o.imageHeight };
    }
    frames.push({
      frameId: uuid(1000 + i),
      index: i,
      timestamp: i * 0.1,
      worldFromEgo: { translation: [x0, 0, 0], rotation: [0, 0, 0, 1] },
      pointClouds: { lidar: { path: bin, encoding: 'kitti-bin-xyzi', pointCount: o.points } },
      images,
    });
  }
  const intrinsics = { model: 'pinhole', width: o.imageWidth, height: o.imageHeight, fx: o.imageWidth * 0.7, fy: o.imageWidth * 0.7, cx: (o.imageWidth - 1) / 2, cy: (o.imageHeight - 1) / 2 };
  const manifest = {
    format: 'cairn.scene',
    version: 1,
    sceneId: uuid(1),
    name: `Timeline bench (${o.frames} frames)`,
    sensors: [
      { sensorId: 'lidar', kind: 'lidar', egoFromSensor: { translation: [0, 0, 1.8], rotation: [0, 0, 0, 1] } },
      { sensorId: 'cam_front', kind: 'camera', opticalConvention: 'opencv', egoFromSensor: { translation: [1.5, 0, 1.6], rotation: [-0.5, 0.5, -0.5, 0.5] }, intrinsics },
      {
        sensorId: 'cam_left',
        kind: 'camera',
        opticalConvention: 'opencv',
        egoFromSensor: { translation: [1.2, 0.5, 1.6], rotation: quatMultiply(quatFromYaw(Math.PI / 2), [-0.5, 0.5, -0.5, 0.5]) },
        intrinsics,
      },
    ],
    frames,
  };
  const file = path.join(o.dir, 'scene.json');
  writeFileSync(file, JSON.stringify(manifest));
  return file;
}

