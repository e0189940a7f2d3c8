import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';

/** The camera of the Top view preset and the canvas's field of view (CAMERA_PRESETS.top, the renderer's camera). */
const TOP_EYE = { x: 9.999, y: 0, z: 70, fovDeg: 55 };

export type Point3 = readonly [number, number, number];

interface SampleBox {
  frameId: string;
  classId: string;
  cuboid: { center: [number, number, number]; size: [number, number, number] };
}

/** The top of the parked car 13.5 m ahead on the right in the sample's first frame: a patch of LiDAR points seen from above. */
export function sampleCarRoof(): Point3 {
  const scene = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'resources', 'sample', 'scene.json'), 'utf8')) as { frames: Array<{ frameId: string }>; groundTruth: SampleBox[] };
  const car = scene.groundTruth.find((g) => g.frameId === scene.frames[0].frameId && g.classId === 'car' && Math.abs(g.cuboid.center[0] - 13.5) < 0.5 && g.cuboid.center[1] < 0);
  if (!car) throw new Error('the sample scene no longer has the parked car 13.5 m ahead on the right');
  const [x, y, z] = car.cuboid.center;
  return [x, y, z + car.cuboid.size[2] / 2 - 0.05];
}

/** Where a scene point shows in the 3D view under the Top view preset, in page pixels, worked out apart from the app. */
export async function topViewPixel(page: Page, point: Point3): Promise<{ x: number; y: number }> {
  return topViewProjection((await page.getByTestId('viewport').boundingBox())!)(point);
}

/** topViewPixel for a view of known bounds, without asking the page: for projecting a whole sweep. */
export function topViewProjection(box: { x: number; y: number; width: number; height: number }): (point: Point3) => { x: number; y: number } {
  const t = Math.tan((TOP_EYE.fovDeg * Math.PI) / 360);
  return ([x, y, z]) => {
    const depth = TOP_EYE.z - z;
    // Looking down with x forward as screen up: scene y grows to the screen's left.
    const ndcX = -(y - TOP_EYE.y) / (depth * t * (box.width / box.height));
    const ndcY = (x - TOP_EYE.x) / (depth * t);
    return { x: box.x + ((ndcX + 1) / 2) * box.width, y: box.y + ((1 - ndcY) / 2) * box.height };
  };
}
