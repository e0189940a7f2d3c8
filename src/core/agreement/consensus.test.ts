import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random/seededRandom';
import { consensusOfFrame, defaultQuorum, type Replica } from './consensus';
import { testBox } from './testBoxes';

const DEG = Math.PI / 180;

function noisyReplicas(seed: number): Replica[] {
  const rnd = seededRandom(seed);
  const truth = Array.from({ length: 25 }, (_, k) => ({ x: (k % 5) * 8, y: Math.floor(k / 5) * 6, yaw: rnd() * 6 - 3 }));
  return ['ann-1', 'ann-2', 'ann-3', 'ann-4', 'ann-5'].map((annotator, r) => ({
    annotator,
    boxes: truth
      .filter(() => rnd() > 0.2)
      .map((t, k) =>
        testBox(`${annotator}-${k}`, t.x + (rnd() - 0.5) * 0.6, t.y + (rnd() - 0.5) * 0.4, {
          yaw: t.yaw + (rnd() - 0.5) * 0.1,
          classId: rnd() < 0.15 ? 'truck' : 'car',
          attributes: { occluded: rnd() < 0.3 },
          size: [4.5 + r * 0.05, 1.9, 1.6],
        }),
      )
      .concat(rnd() < 0.5 ? [testBox(`${annotator}-extra`, 100 + r * 10, 100, {})] : []),
  }));
}

function shuffle<T>(xs: readonly T[], rnd: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('consensusOfFrame', () => {
  it('is the same for every order of the replicas and of the boxes within them', () => {
    const rnd = seededRandom(99);
    for (let seed = 1; seed <= 10; seed++) {
      const replicas = noisyReplicas(seed);
      const reference = JSON.stringify(consensusOfFrame(replicas));
      for (let k = 0; k < 5; k++) {
        const permuted = shuffle(replicas, rnd).map((r) => ({ annotator: r.annotator, boxes: shuffle(r.boxes, rnd) }));
        expect(JSON.stringify(consensusOfFrame(permuted))).toBe(reference);
      }
    }
  });

  it('merges boxes matched by a quorum and sends the rest to review with their replicas', () => {
    const replicas: Replica[] = [
      { annotator: 'a', boxes: [testBox('a1', 0, 0), testBox('a2', 20, 0)] },
      { annotator: 'b', boxes: [testBox('b1', 0.2, 0)] },
      { annotator: 'c', boxes: [testBox('c1', 0.4, 0), testBox('c3', 40, 0)] },
    ];
    expect(defaultQuorum(3)).toBe(2);
    const two = consensusOfFrame(replicas);
    expect(two.boxes).toHaveLength(1);
    expect(two.boxes[0].members.map((m) => m.objectId)).toEqual(['a1', 'b1', 'c1']);
    expect(two.boxes[0].center[0]).toBeCloseTo(0.2, 12);
    expect(two.needsReview.map((r) => r.members.map((m) => `${m.annotator}:${m.box.objectId}`))).toEqual([['a:a2'], ['c:c3']]);
    // 3 of 3: the car seen by all still passes; with b's box moved away nothing does.
    expect(consensusOfFrame(replicas, { quorum: 3 }).boxes).toHaveLength(1);
    const apart = [replicas[0], { annotator: 'b', boxes: [testBox('b1', 10, 0)] }, replicas[2]];
    const three = consensusOfFrame(apart, { quorum: 3 });
    expect(three.boxes).toHaveLength(0);
    expect(three.needsReview.map((r) => r.members.length).sort()).toEqual([1, 1, 1, 2]);
    // 2 of 3 on the same data: a1 with c1 reaches the quorum.
    expect(consensusOfFrame(apart).boxes.map((b) => b.members.map((m) => m.objectId))).toEqual([['a1', 'c1']]);
  });

  it('never puts two boxes of one annotator in one object', () => {
    // a has two boxes both overlapping b's one box; only one of them can join it.
    const replicas: Replica[] = [
      { annotator: 'a', boxes: [testBox('a1', 0, 0), testBox('a2', 1.5, 0)] },
      { annotator: 'b', boxes: [testBox('b1', 0.7, 0)] },
    ];
    const c = consensusOfFrame(replicas, { threshold: 0.3 });
    for (const b of c.boxes) expect(new Set(b.members.map((m) => m.annotator)).size).toBe(b.members.length);
    expect(c.boxes).toHaveLength(1);
    expect(c.needsReview).toHaveLength(1);
  });

  it('averages headings on the circle: 179° and −179° give 180°', () => {
    const replicas: Replica[] = [
      { annotator: 'a', boxes: [testBox('a1', 0, 0, { yaw: 179 * DEG })] },
      { annotator: 'b', boxes: [testBox('b1', 0, 0, { yaw: -179 * DEG })] },
    ];
    const [box] = consensusOfFrame(replicas).boxes;
    expect(Math.abs(box.yaw)).toBeCloseTo(Math.PI, 12);
    // Modulo π, 10° and 190° are one heading.
    const flipped: Replica[] = [
      { annotator: 'a', boxes: [testBox('a1', 0, 0, { yaw: 10 * DEG })] },
      { annotator: 'b', boxes: [testBox('b1', 0, 0, { yaw: 190 * DEG })] },
    ];
    expect(consensusOfFrame(flipped, { yawPeriod: 'half' }).boxes[0].yaw).toBeCloseTo(10 * DEG, 12);
  });

  it('takes the median size and votes class and attributes, ties to the value that sorts first', () => {
    const replicas: Replica[] = [
      { annotator: 'a', boxes: [testBox('a1', 0, 0, { classId: 'van', size: [4.4, 1.8, 1.5], attributes: { parked: true, lane: 2 } })] },
      { annotator: 'b', boxes: [testBox('b1', 0.1, 0, { classId: 'car', size: [4.6, 1.9, 1.9], attributes: { parked: false, lane: 2 } })] },
      { annotator: 'c', boxes: [testBox('c1', 0.2, 0, { classId: 'car', size: [5.5, 2.0, 1.6], attributes: { lane: 3 } })] },
      { annotator: 'd', boxes: [testBox('d1', 0.3, 0, { classId: 'van', size: [4.5, 1.9, 1.7], attributes: { parked: true } })] },
    ];
    const [box] = consensusOfFrame(replicas).boxes;
    expect(box.size).toEqual([4.55, 1.9, 1.65]);
    expect(box.classId).toBe('car'); // 2 against 2: 'car' sorts first
    expect(box.classSupport).toBe(0.5);
    expect(box.attributes).toEqual({ lane: 2, parked: true });
    expect(box.center[0]).toBeCloseTo(0.15, 12);
  });
});
