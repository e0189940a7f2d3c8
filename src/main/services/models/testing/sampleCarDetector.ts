import { readFileSync } from 'node:fs';
import path from 'node:path';
import { applyTransform, cameraModelFromIntrinsics, projectPoint } from '../../../../core/camera';
import { cuboidCorners } from '../../../../core/geometry/cuboid';
import { boxOfCuboid } from '../../../../core/models/liftTestCamera';
import { frameCameraCaptures } from '../../../../core/scene/captureCalibration';
import { parseSceneManifest, type GroundTruthCuboid } from '../../../../core/scene/manifest';
import { writeBoxDetector } from './boxDetectorModel';

/**
 * A detector for the sample scene's first frame that finds, in every camera image, the box the
 * front camera sees around the nearest ground-truth car it sees whole with nothing nearer in front
 * of it (so the lift has that car's points alone). Writes the model and card into `dir`; returns
 * their paths and the car, against which a test checks where the lift put it.
 */
export function writeSampleCarDetector(dir: string, resourcesDir: string): { modelFile: string; cardFile: string; car: GroundTruthCuboid } {
  const manifest = parseSceneManifest(JSON.parse(readFileSync(path.join(resourcesDir, 'sample', 'scene.json'), 'utf8')), 'scene.json');
  const frame = manifest.frames[0];
  const capture = frameCameraCaptures(manifest, frame, 'lidar_top').find((c) => c.sensorId === 'cam_front');
  if (!capture) throw new Error('the sample has no front camera on its first frame');
  const camera = { sensorId: 'cam_front', model: cameraModelFromIntrinsics(capture.intrinsics), width: 960, height: 600, cameraFromLidar: capture.cameraFromLidar };
  const inFrame = manifest.groundTruth.filter((g) => g.frameId === frame.frameId && g.cuboid.frame === 'lidar_top');
  const range = (g: GroundTruthCuboid) => Math.hypot(...g.cuboid.center);
  const span = (g: GroundTruthCuboid) => {
    const pixels = cuboidCorners(g.cuboid).map((p) => projectPoint(camera.model, applyTransform(camera.cameraFromLidar, p)));
    return pixels.some((p) => p === null) ? null : { lo: Math.min(...pixels.map((p) => p!.u)), hi: Math.max(...pixels.map((p) => p!.u)) };
  };
  const overlap = (a: GroundTruthCuboid, b: GroundTruthCuboid) => {
    const [x, y] = [span(a), span(b)];
    return !!x && !!y && x.lo < y.hi && y.lo < x.hi;
  };
  const found = inFrame
    .filter((g) => g.classId === 'car' && !inFrame.some((o) => o !== g && range(o) < range(g) && overlap(o, g)))
    .sort((a, b) => range(a) - range(b))
    .map((g) => ({ car: g, box: boxOfCuboid(g.cuboid, camera as Parameters<typeof boxOfCuboid>[1], 1, 0.8) }))
    .find((c) => c.box !== null);
  if (!found?.box) throw new Error('the sample has no car the front camera sees whole');
  const files = writeBoxDetector(dir, { ...found.box, width: camera.width, height: camera.height, score: 0.8 });
  return { modelFile: files.modelFile, cardFile: files.cardFile, car: found.car };
}
