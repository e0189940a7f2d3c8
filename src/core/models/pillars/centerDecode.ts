import type { OutputTensors } from '../detection';
import type { Detection3D } from './box3d';
import { headIndex, headMap, sigmoid, type HeadLayout, type HeadMap } from './headTensor';
import { topScores } from './anchorDecode';

/** One CenterPoint task head: its class heatmap and the box maps read at each peak. */
export interface CenterHeadOutputs {
  /** [1, classes of this head, H, W]; the head's classes follow the previous head's in the card's class order. */
  readonly heatmap: string;
  /** Sub-cell centre offset (2 channels: x, y). */
  readonly offset: string;
  /** Centre z (1 channel). */
  readonly height: string;
  /** Size (3 channels). */
  readonly size: string;
  /** Yaw as its sine and cosine (2 channels). */
  readonly rotation: string;
}

export interface CenterDecodeOptions {
  /** [xMin, yMin, zMin, xMax, yMax, zMax] of the pillar grid. */
  readonly range: readonly [number, number, number, number, number, number];
  /** The pillar grid's voxel size: a map cell spans voxelSize × (grid cells / map cells). */
  readonly voxelSize: readonly [number, number, number];
  readonly layout: HeadLayout;
  readonly scoreActivation: 'sigmoid' | 'none';
  /** Sizes as log (OpenPCDet, Autoware: exp applies) or metres. */
  readonly sizeEncoding: 'log' | 'linear';
  /** Which size channel is length (along the heading) and which width: OpenPCDet 'lwh', mmdet3d-trained heads 'wlh'. */
  readonly sizeOrder: 'lwh' | 'wlh';
  /** OpenPCDet writes cos then sin, mmdet3d (and Autoware's CenterPoint) sin then cos. */
  readonly rotationOrder: 'cos-sin' | 'sin-cos';
  readonly scoreThreshold: number;
  /** At most this many peaks, best first, go on to NMS. */
  readonly preNmsMax: number;
}

/**
 * Candidates from CenterPoint heads: every heatmap cell that is the maximum of its 3 × 3
 * neighbourhood in its class channel (the max-pool peak test CenterPoint uses instead of anchors)
 * and clears the threshold is an object centre; the other maps give its sub-cell offset, z, size
 * and yaw there.
 */
export function decodeCenterHeads(outputs: OutputTensors, heads: readonly CenterHeadOutputs[], numClasses: number, nx: number, ny: number, o: CenterDecodeOptions): Detection3D[] {
  const found: Detection3D[] = [];
  let firstClass = 0;
  for (const head of heads) {
    const heat = headMap(head.heatmap, outputs[head.heatmap], o.layout);
    const { height: H, width: W } = heat;
    const maps = {
      offset: sameGrid(headMap(head.offset, outputs[head.offset], o.layout), 2, heat),
      height: sameGrid(headMap(head.height, outputs[head.height], o.layout), 1, heat),
      size: sameGrid(headMap(head.size, outputs[head.size], o.layout), 3, heat),
      rotation: sameGrid(headMap(head.rotation, outputs[head.rotation], o.layout), 2, heat),
    };
    if (firstClass + heat.channels > numClasses) throw new Error(`the heatmaps hold ${firstClass + heat.channels} classes, the card names ${numClasses}`);
    // A map cell is a whole number of pillar cells (the backbone's downsampling).
    if (nx % W !== 0 || ny % H !== 0 || nx / W !== ny / H) throw new Error(`heatmap "${head.heatmap}" is ${H}×${W}, not the ${ny}×${nx} pillar grid downsampled by a whole factor`);
    const cellX = o.voxelSize[0] * (nx / W);
    const cellY = o.voxelSize[1] * (ny / H);
    const at = (m: HeadMap, c: number, r: number, q: number) => m.data[headIndex(m, c, r, q)];
    const [sinC, cosC] = o.rotationOrder === 'sin-cos' ? [0, 1] : [1, 0];
    const [lC, wC] = o.sizeOrder === 'lwh' ? [0, 1] : [1, 0];
    const logitThreshold = o.scoreActivation === 'sigmoid' ? Math.log(o.scoreThreshold / (1 - o.scoreThreshold)) : o.scoreThreshold;
    for (let k = 0; k < heat.channels; k++) {
      for (let r = 0; r < H; r++) {
        for (let q = 0; q < W; q++) {
          const v = at(heat, k, r, q);
          if (!(v >= logitThreshold) || !isPeak(heat, k, r, q, v)) continue;
          const size = (c: number) => (o.sizeEncoding === 'log' ? Math.exp(at(maps.size, c, r, q)) : at(maps.size, c, r, q));
          found.push({
            center: [(q + at(maps.offset, 0, r, q)) * cellX + o.range[0], (r + at(maps.offset, 1, r, q)) * cellY + o.range[1], at(maps.height, 0, r, q)],
            size: [size(lC), size(wC), size(2)],
            yaw: Math.atan2(at(maps.rotation, sinC, r, q), at(maps.rotation, cosC, r, q)),
            classIndex: firstClass + k,
            score: o.scoreActivation === 'sigmoid' ? sigmoid(v) : v,
          });
        }
      }
    }
    firstClass += heat.channels;
  }
  return topScores(found, o.preNmsMax);
}

function sameGrid(m: HeadMap, channels: number, heat: HeadMap): HeadMap {
  if (m.channels < channels || m.height !== heat.height || m.width !== heat.width) {
    throw new Error(`a CenterPoint box map is ${m.height}×${m.width}×${m.channels}; ${heat.height}×${heat.width}×${channels} was expected`);
  }
  return m;
}

/** Whether v is the largest in its 3 × 3 neighbourhood (a tie with an earlier cell goes to that cell). */
function isPeak(m: HeadMap, k: number, r: number, q: number, v: number): boolean {
  for (let dr = -1; dr <= 1; dr++) {
    for (let dq = -1; dq <= 1; dq++) {
      if (dr === 0 && dq === 0) continue;
      const rr = r + dr;
      const qq = q + dq;
      if (rr < 0 || qq < 0 || rr >= m.height || qq >= m.width) continue;
      const w = m.data[headIndex(m, k, rr, qq)];
      if (w > v || (w === v && (dr < 0 || (dr === 0 && dq < 0)))) return false;
    }
  }
  return true;
}
