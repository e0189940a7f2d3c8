import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kittiCamera, parseKittiCalib, type KittiCameraIndex, type KittiObjectCalib } from '../../../core/camera';
import { parseKittiBin } from '../../../core/formats';
import type { Cuboid } from '../../../core/geometry/cuboid';
import { kittiLabelToCuboid, parseKittiLabels, veloFromRect0, type KittiLabel } from '../../../core/importers/kitti/kittiLabels';
import { readPickle, type PickleValue } from '../../../core/io/pickle';
import { parseModelCard, type ModelCard } from '../../../core/models/modelCard';
import { modelProvenanceSchema } from '../../../core/models/provenance';
import { loadOntology } from '../ontology/ontologyService';
import { decodeImage } from './decodeImage';
import { classSizesOf, detectAndLiftFrame, type FrameLiftResult } from './detectAndLift';
import { DetectorRunner } from './detectorRunner';

const ROOT = path.resolve(__dirname, '../../../..');
const ONNX = path.resolve(ROOT, '../shared/data/onnx/yolox_nano.onnx');
const DEMO = path.resolve(ROOT, '../shared/data/driving/mmdet3d_demo/kitti');
const KITTI = path.resolve(ROOT, '../shared/data/driving/kitti_object_vis/training');
const WORKER = path.join(ROOT, 'src/main/workers/modelWorker.dev.cjs');
const present = existsSync(ONNX) && existsSync(path.join(DEMO, '000008.pkl')) && existsSync(path.join(KITTI, 'label_2/000000.txt'));

const card: ModelCard = parseModelCard(JSON.parse(readFileSync(path.join(ROOT, 'resources/models/yolox-nano.card.json'), 'utf8')), 'yolox-nano');
const classSizes = classSizesOf(loadOntology(path.join(ROOT, 'resources/ontology/default.json')));

function scan(file: string): Float32Array {
  const bytes = readFileSync(file);
  return parseKittiBin(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), file).points;
}

/** mmdetection3d's info for frame 000008: the calibration as KITTI's matrices and the labelled cars (class 2) as label_2 lines would hold them. */
function demoFrame(): { calib: KittiObjectCalib; cars: KittiLabel[] } {
  type Dict = { [key: string]: PickleValue };
  const info = ((readPickle(new Uint8Array(readFileSync(path.join(DEMO, '000008.pkl'))), '000008.pkl') as Dict).data_list as Dict[])[0];
  const images = info.images as Dict;
  const rows = (m: PickleValue, n: number, k: number) => (m as number[][]).slice(0, n).flatMap((r) => r.slice(0, k));
  const P = (cam: string) => rows((images[cam] as Dict).cam2img, 3, 4);
  const calib = { P0: P('CAM0'), P1: P('CAM1'), P2: P('CAM2'), P3: P('CAM3'), R0_rect: rows(images.R0_rect, 3, 3), Tr_velo_to_cam: rows((info.lidar_points as Dict).Tr_velo_to_cam, 3, 4) };
  const cars = (info.instances as Dict[])
    .filter((inst) => inst.bbox_label_3d === 2)
    .map((inst, line) => {
      const [x, y, z, length, height, width, rotationY] = inst.bbox_3d as number[];
      return { type: 'Car', truncated: 0, occluded: 0, alpha: 0, bbox: inst.bbox as [number, number, number, number], height, width, length, bottomInRect0: [x, y, z], rotationY, line } as KittiLabel;
    });
  return { calib, cars };
}

const bevDistance = (a: Cuboid, b: Cuboid) => Math.hypot(a.center[0] - b.center[0], a.center[1] - b.center[1]);

describe.skipIf(!present)('YOLOX-Nano lifted to 3D on real KITTI frames (../shared/data)', () => {
  let runner: DetectorRunner;
  beforeAll(async () => {
    runner = await DetectorRunner.open({ modelFile: ONNX, card, workerFile: WORKER });
  }, 60_000);
  afterAll(() => runner?.close());

  async function lift(image: string, calib: KittiObjectCalib, cloud: Float32Array): Promise<FrameLiftResult> {
    const cam = kittiCamera(calib, 2);
    const camera = { sensorId: 'cam2', image: decodeImage(new Uint8Array(readFileSync(image)), image), model: cam.model, cameraFromLidar: cam.cameraFromVelo };
    return detectAndLiftFrame(runner, card, [camera], cloud, 4, { lidarFrame: 'velodyne', classSizes });
  }

  it('the cameras of a frame shared among two sessions give what one session gives, camera by camera', async () => {
    const { calib } = demoFrame();
    const image = decodeImage(new Uint8Array(readFileSync(path.join(DEMO, '000008.png'))), '000008.png');
    // The left colour camera and the right one (KITTI's cam2 and cam3), both shown the left image: two detections to share out.
    const cameras = [2, 3].map((k) => {
      const cam = kittiCamera(calib, k as KittiCameraIndex);
      return { sensorId: `cam${k}`, image, model: cam.model, cameraFromLidar: cam.cameraFromVelo };
    });
    const cloud = scan(path.join(DEMO, '000008.bin'));
    const second = await DetectorRunner.open({ modelFile: ONNX, card, workerFile: WORKER });
    try {
      const alone = await detectAndLiftFrame(runner, card, cameras, cloud, 4, { lidarFrame: 'velodyne', classSizes });
      const done: string[] = [];
      const shared = await detectAndLiftFrame([runner, second], card, cameras, cloud, 4, { lidarFrame: 'velodyne', classSizes, onDetected: (id) => done.push(id) });
      expect(done.sort()).toEqual(['cam2', 'cam3']);
      expect(Object.keys(shared.detections)).toEqual(['cam2', 'cam3']);
      expect(shared.detections).toEqual(alone.detections);
      expect(shared.proposals.map((p) => [p.sensorId, p.classId, p.score, p.cuboid])).toEqual(alone.proposals.map((p) => [p.sensorId, p.classId, p.score, p.cuboid]));
      expect(alone.detections.cam2.length).toBeGreaterThan(0);
    } finally {
      await second.close();
    }
  }, 60_000);

  it('KITTI 000008: cars detected and lifted to within 1 m of their labelled centres, each with its provenance', async () => {
    const { calib, cars } = demoFrame();
    const result = await lift(path.join(DEMO, '000008.png'), calib, scan(path.join(DEMO, '000008.bin')));
    const labelled = cars.map((l) => kittiLabelToCuboid(l, veloFromRect0(calib), 'velodyne'));
    const lifted = result.proposals.filter((p) => p.classId === 'car' && p.score > 0.5);
    expect(lifted.length).toBeGreaterThanOrEqual(4);
    // Each confident car proposal against the nearest labelled car.
    const nearest = lifted.map((p) => Math.min(...labelled.map((c) => bevDistance(p.cuboid, c))));
    expect(nearest.filter((d) => d < 1).length).toBeGreaterThanOrEqual(4);
    const p = result.proposals[0];
    expect(modelProvenanceSchema.parse(p.provenance)).toEqual(p.provenance);
    expect(p.provenance).toMatchObject({ generator: 'detect2d-lift', model: { file: 'yolox_nano.onnx' }, parameters: { scoreThreshold: 0.3, shrink: 0.1, depthGap: 1 } });
  }, 60_000);

  it('KITTI 000000: the labelled pedestrian is detected and lifted to within 1 m of its centre', async () => {
    const calib = parseKittiCalib(readFileSync(path.join(KITTI, 'calib/000000.txt'), 'utf8'), '000000.txt');
    const label = parseKittiLabels(readFileSync(path.join(KITTI, 'label_2/000000.txt'), 'utf8'), '000000.txt')[0];
    const truth = kittiLabelToCuboid(label, veloFromRect0(calib), 'velodyne');
    const result = await lift(path.join(KITTI, 'image_2/000000.png'), calib, scan(path.join(KITTI, 'velodyne/000000.bin')));
    const person = result.proposals.find((p) => p.classId === 'pedestrian');
    expect(person).toBeDefined();
    expect(bevDistance(person!.cuboid, truth)).toBeLessThan(1);
  }, 60_000);
});
