import { applyTransform, mat3ToQuat, projectPoint, type PinholeModel, type RigidTransform } from '../camera';
import { cuboidCorners, type Cuboid } from '../geometry/cuboid';
import type { Detection2D } from './detection';

export interface TestCamera {
  readonly sensorId: string;
  readonly model: PinholeModel;
  readonly width: number;
  readonly height: number;
  readonly cameraFromLidar: RigidTransform;
}

/**
 * One of a ring of cameras at the scan's origin, looking out at `yawDeg` from the LiDAR's x axis
 * (102° across, so neighbours 90° apart overlap): optical z along that heading, x to its right, y down.
 */
export function ringCamera(yawDeg: number): TestCamera {
  const a = (yawDeg * Math.PI) / 180;
  const c = Math.cos(a);
  const s = Math.sin(a);
  return {
    sensorId: `cam${yawDeg}`,
    model: { kind: 'pinhole', fx: 500, fy: 500, cx: 620.5, cy: 187.5 },
    width: 1242,
    height: 375,
    cameraFromLidar: { translation: [0, 0, 0], rotation: mat3ToQuat([s, -c, 0, 0, 0, -1, c, s, 0]) },
  };
}

/** What a perfect detector draws around a box: its projected corners' bounds; null unless every corner is in front and in the image. */
export function boxOfCuboid(cuboid: Cuboid, camera: TestCamera, classIndex: number, score: number): Detection2D | null {
  const pixels = cuboidCorners(cuboid).map((p) => projectPoint(camera.model, applyTransform(camera.cameraFromLidar, p)));
  if (pixels.some((p) => p === null)) return null;
  const us = pixels.map((p) => p!.u + 0.5);
  const vs = pixels.map((p) => p!.v + 0.5);
  const box = { x1: Math.min(...us), y1: Math.min(...vs), x2: Math.max(...us), y2: Math.max(...vs), classIndex, score };
  return box.x1 >= 0 && box.y1 >= 0 && box.x2 <= camera.width && box.y2 <= camera.height ? box : null;
}
