import { describe, expect, it } from 'vitest';
import type { OutputTensors } from '../detection';
import { detectWithPillars, type PillarNets } from './pillarDetect';
import { pillarise } from './pillarise';
import { scatterPillars } from './scatter';
import { testPillarCard } from './testPillarCard';

const card = testPillarCard();

/** Nets that answer by a rule: pfe gives each pillar (its point count, its first point's x); rpn keeps a copy of the image it saw. */
function recordingNets(seen: Float32Array[]): PillarNets {
  return {
    async pfe(features, dims, numPoints) {
      const [rows, points, channels] = dims;
      const out = new Float32Array(rows * 2);
      for (let r = 0; r < rows; r++) {
        out[2 * r] = numPoints[r];
        out[2 * r + 1] = features[r * points * channels];
      }
      return { data: out, dims: [rows, 2] };
    },
    async rpn(image) {
      seen.push(image.slice());
      const plane = 16 * 16;
      return {
        cls_preds: { data: new Float32Array(plane).fill(-9), dims: [1, 1, 16, 16] },
        box_preds: { data: new Float32Array(7 * plane), dims: [1, 7, 16, 16] },
        dir_cls_preds: { data: new Float32Array(2 * plane), dims: [1, 2, 16, 16] },
      } as OutputTensors;
    },
  };
}

const scanA = new Float32Array([1.1, 0.1, 0, 0.5, 1.2, 0.2, 0, 0.5, 5.3, -3.1, 0, 0.5]);
const scanB = new Float32Array([3.3, 2.2, 0, 0.5]);

/** The pseudo-image a fresh scatter makes for the scan under recordingNets' rule. */
function expected(scan: Float32Array): Float32Array {
  const p = pillarise(scan, 4, card.pillars);
  const vectors = new Float32Array(p.count * 2);
  for (let r = 0; r < p.count; r++) {
    vectors[2 * r] = p.numPoints[r];
    vectors[2 * r + 1] = p.features[r * 4 * 10];
  }
  return scatterPillars(vectors, 'PC', p.count, 2, p, 16, 16);
}

describe('detectWithPillars', () => {
  it('a kept pseudo-image is cleared between scans: the second sees only its own pillars', async () => {
    const seen: Float32Array[] = [];
    const scratch = { image: null as Float32Array | null };
    const nets = recordingNets(seen);
    await detectWithPillars(card, { fixedPillars: null }, scanA, 4, nets, { scratch });
    const kept = scratch.image;
    await detectWithPillars(card, { fixedPillars: null }, scanB, 4, nets, { scratch });
    expect(scratch.image).toBe(kept);
    expect(seen[0]).toEqual(expected(scanA));
    expect(seen[1]).toEqual(expected(scanB));
    expect(scratch.image!.every((v) => v === 0)).toBe(true);
  });
});
