import type { AgreementBox, AgreementInput } from '../../src/core/agreement';
import { seededRandom } from '../../src/core/random/seededRandom';

export interface SceneSpec {
  readonly frames: number;
  readonly annotators: number;
  readonly objects: number;
  readonly seed: number;
}

const CLASSES = [
  { classId: 'car', size: [4.5, 1.9, 1.6], share: 0.6 },
  { classId: 'truck', size: [8, 2.5, 3.2], share: 0.1 },
  { classId: 'pedestrian', size: [0.7, 0.7, 1.75], share: 0.2 },
  { classId: 'cyclist', size: [1.8, 0.7, 1.7], share: 0.1 },
] as const;

/**
 * A scene as five people would label it: `objects` true objects per frame moving smoothly on a
 * grid of lanes within ±80 m, and per annotator centre jitter (σ 3 % of the box's length along it,
 * of its width across, of its height up), size jitter (σ 3 %), heading jitter (σ 0.03 rad), 3 % of boxes missed, about 2 ghost boxes per frame, 3 % of classes
 * confused, and each track's id switched once in 1 track out of 20.
 */
export function syntheticScene(spec: SceneSpec): AgreementInput {
  const rnd = seededRandom(spec.seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const pick = () => {
    let u = rnd();
    for (const c of CLASSES) if ((u -= c.share) < 0) return c;
    return CLASSES[0];
  };
  // Objects on a jittered grid 12 m apart, so true boxes do not overlap one another.
  const side = Math.ceil(Math.sqrt(spec.objects));
  const truth = Array.from({ length: spec.objects }, (_, k) => {
    const cls = pick();
    const yaw = rnd() * 2 * Math.PI - Math.PI;
    return {
      cls,
      x: -80 + (k % side) * 12 + rnd() * 2,
      y: -80 + Math.floor(k / side) * 12 + rnd() * 2,
      vx: Math.cos(yaw) * 0.03,
      vy: Math.sin(yaw) * 0.03,
      yaw,
      size: cls.size.map((s) => s * (0.9 + 0.2 * rnd())) as [number, number, number],
    };
  });
  const jitter = (t: (typeof truth)[number], f: number): [number, number, number] => {
    const along = 0.03 * t.size[0] * gauss();
    const across = 0.03 * t.size[1] * gauss();
    const c = Math.cos(t.yaw);
    const s = Math.sin(t.yaw);
    return [t.x + t.vx * f + c * along - s * across, t.y + t.vy * f + s * along + c * across, t.size[2] / 2 + 0.03 * t.size[2] * gauss()];
  };
  const frameIds = Array.from({ length: spec.frames }, (_, f) => `frame-${String(f).padStart(5, '0')}`);
  const annotators = Array.from({ length: spec.annotators }, (_, a) => {
    const name = `annotator-${a + 1}`;
    const switchAt = truth.map(() => (rnd() < 0.05 ? Math.floor(rnd() * spec.frames) : Infinity));
    // One string per track, as a store's records would share after parsing (not rebuilt per box).
    const trackIds = truth.map((_, k) => [`${name}-track-${k}`, `${name}-track-${k}-b`]);
    const confused = truth.map(() => (rnd() < 0.03 ? CLASSES[Math.floor(rnd() * CLASSES.length)].classId : undefined));
    const frames: Record<string, AgreementBox[]> = {};
    frameIds.forEach((frameId, f) => {
      const boxes: AgreementBox[] = [];
      truth.forEach((t, k) => {
        if (rnd() < 0.03) return;
        const track = trackIds[k][f >= switchAt[k] ? 1 : 0];
        boxes.push({
          objectId: `${name}-${k}-${f}`,
          trackId: track,
          classId: confused[k] ?? t.cls.classId,
          attributes: { occluded: rnd() < 0.2, points: Math.round(50 + rnd() * 500) },
          center: jitter(t, f),
          size: [t.size[0] * (1 + 0.03 * gauss()), t.size[1] * (1 + 0.03 * gauss()), t.size[2] * (1 + 0.03 * gauss())],
          yaw: t.yaw + 0.03 * gauss(),
        });
      });
      for (let g = 0; g < 2; g++) {
        const cls = pick();
        boxes.push({
          objectId: `${name}-ghost-${g}-${f}`,
          trackId: `${name}-ghost-${g}-${f}`,
          classId: cls.classId,
          attributes: { occluded: false, points: 10 },
          center: [-90 + rnd() * 180, -90 + rnd() * 180, cls.size[2] / 2],
          size: [...cls.size],
          yaw: rnd() * 6.28,
        });
      }
      frames[frameId] = boxes;
    });
    return { annotator: name, frames };
  });
  return { frameIds, annotators };
}
