/**
 * A 2D detector on one KITTI image (1242×375) and its lift into the frame's scan, per model in
 * ../shared/data/onnx: median over the runs of the worker's total (pre-processing, inference,
 * decoding), of the inference alone, and of the lift (frustum, ground, fit) on this thread.
 * The models run one after another on the same frame, so their figures compare as ratios.
 *
 *   nice -n 10 npx tsx bench/models/detectLift.bench.ts [--runs 10]
 *
 * Reads ../shared/data/driving/mmdet3d_demo/kitti/000008 (image, scan, calibration in its info
 * pickle); prints nothing but a note when that or the models are absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { kittiCamera, type KittiObjectCalib } from '../../src/core/camera';
import { parseKittiBin } from '../../src/core/formats';
import { readPickle, type PickleValue } from '../../src/core/io/pickle';
import { parseModelCard } from '../../src/core/models/modelCard';
import { decodeImage } from '../../src/main/services/models/decodeImage';
import { classSizesOf, detectAndLiftFrame } from '../../src/main/services/models/detectAndLift';
import { DetectorRunner } from '../../src/main/services/models/detectorRunner';
import { loadOntology } from '../../src/main/services/ontology/ontologyService';

const ROOT = path.resolve(__dirname, '../..');
const DEMO = path.resolve(ROOT, '../shared/data/driving/mmdet3d_demo/kitti');
const ONNX = path.resolve(ROOT, '../shared/data/onnx');
const runsAt = process.argv.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(process.argv[runsAt + 1]) : 10;
const MODELS = [
  ['yolox_nano.onnx', 'yolox-nano'],
  ['nanodet_m.onnx', 'nanodet-m-416'],
  ['FastestDet.onnx', 'fastestdet'],
] as const;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

function calibOf(): KittiObjectCalib {
  type Dict = { [key: string]: PickleValue };
  const info = ((readPickle(new Uint8Array(readFileSync(path.join(DEMO, '000008.pkl'))), '000008.pkl') as Dict).data_list as Dict[])[0];
  const images = info.images as Dict;
  const rows = (m: PickleValue, n: number, k: number) => (m as number[][]).slice(0, n).flatMap((r) => r.slice(0, k));
  const P = (cam: string) => rows((images[cam] as Dict).cam2img, 3, 4);
  return { P0: P('CAM0'), P1: P('CAM1'), P2: P('CAM2'), P3: P('CAM3'), R0_rect: rows(images.R0_rect, 3, 3), Tr_velo_to_cam: rows((info.lidar_points as Dict).Tr_velo_to_cam, 3, 4) };
}

async function main(): Promise<void> {
  if (!existsSync(path.join(DEMO, '000008.pkl')) || !existsSync(ONNX)) {
    console.log('../shared/data (KITTI 000008, onnx models) is absent: nothing to measure');
    return;
  }
  const cam = kittiCamera(calibOf(), 2);
  const image = decodeImage(new Uint8Array(readFileSync(path.join(DEMO, '000008.png'))), '000008.png');
  const bin = readFileSync(path.join(DEMO, '000008.bin'));
  const points = parseKittiBin(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength), '000008.bin').points;
  const classSizes = classSizesOf(loadOntology(path.join(ROOT, 'resources/ontology/default.json')));
  console.log(`KITTI 000008: ${image.width}×${image.height} image, ${points.length / 4} points; ${cpus().length} CPUs; ${RUNS} runs after one warm-up`);
  for (const [file, cardName] of MODELS) {
    const card = parseModelCard(JSON.parse(readFileSync(path.join(ROOT, 'resources/models', `${cardName}.card.json`), 'utf8')), cardName);
    const runner = await DetectorRunner.open({ modelFile: path.join(ONNX, file), card, workerFile: path.join(ROOT, 'src/main/workers/modelWorker.dev.cjs') });
    const camera = { sensorId: 'cam2', image, model: cam.model, cameraFromLidar: cam.cameraFromVelo };
    const worker: number[] = [];
    const inference: number[] = [];
    const lift: number[] = [];
    let proposals = 0;
    for (let r = 0; r <= RUNS; r++) {
      const detect = await runner.detect(image);
      const result = await detectAndLiftFrame(runner, card, [camera], points, 4, { lidarFrame: 'velodyne', classSizes });
      if (r === 0) continue;
      worker.push(detect.totalMs);
      inference.push(detect.inferenceMs);
      lift.push(result.liftMs);
      proposals = result.proposals.length;
    }
    await runner.close();
    console.log(`${card.name.padEnd(22)} detect ${median(worker).toFixed(1)} ms (inference ${median(inference).toFixed(1)} ms), lift ${median(lift).toFixed(1)} ms, ${proposals} proposals`);
  }
}

void main();
