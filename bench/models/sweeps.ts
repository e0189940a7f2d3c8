import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { makeSyntheticFrame } from '../../src/core/assist/syntheticLidar';
import { parseKittiBin } from '../../src/core/formats';

const KITTI = path.resolve(__dirname, '../../../shared/data/driving/kitti_object_vis/training/velodyne');

/**
 * The ~120k-point sweeps the model benches run on (x, y, z, intensity per point): generated
 * 64-beam sweeps (seeds 1–3), and the KITTI velodyne frames in ../shared/data when present.
 */
export function benchSweeps(): { name: string; points: Float32Array }[] {
  const sweeps = [1, 2, 3].map((seed) => ({ name: `generated seed ${seed}`, points: makeSyntheticFrame({ seed }).points }));
  if (existsSync(KITTI)) {
    for (const file of readdirSync(KITTI).filter((f) => f.endsWith('.bin')).sort()) {
      const bytes = readFileSync(path.join(KITTI, file));
      sweeps.push({ name: `KITTI ${file}`, points: parseKittiBin(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), file).points });
    }
  } else console.log(`(${KITTI} absent: generated sweeps only)`);
  return sweeps;
}
