import type { AttributeValue } from '../annotations/recordFields';
import { circularMean, type YawPeriod } from './angles';
import { matchBoxes, type BoxMatch, type FrameMatch, type MatchOptions } from './matching';
import type { AgreementBox } from './types';

/**
 * Consensus of N replicas of one frame.
 *
 * Method: replicas are put in a canonical order (annotators by id, boxes by object id) so that
 * the result does not depend on the order they come in. Every pair of replicas is matched
 * (Hungarian, the matching options). All matched pairs are then taken best first (highest IoU, or
 * nearest centres; ties by annotator and object id) and joined into clusters with union–find,
 * refusing a join that would put two boxes of one annotator in one cluster. A cluster with boxes
 * from at least `quorum` annotators becomes a consensus box: centre the mean, size the median per
 * edge, heading the circular mean, class and each attribute by vote (a tie goes to the value that
 * sorts first: strings by code unit, then by type name). Every other cluster goes to review with
 * the boxes that made it.
 */
export interface ConsensusOptions extends MatchOptions {
  /** Annotators that must agree; default a strict majority of the replicas (2 of 3, 3 of 5). */
  readonly quorum?: number;
  /** Default 'full'; 'half' averages headings modulo π. */
  readonly yawPeriod?: YawPeriod;
}

/** A box of a replica, named by who made it. */
export interface ReplicaBox {
  readonly annotator: string;
  readonly box: AgreementBox;
}

/** One merged box: the geometry, class and attributes agreed on, and the boxes it came from. */
export interface ConsensusBox {
  readonly classId: string;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  readonly center: readonly [number, number, number];
  readonly size: readonly [number, number, number];
  readonly yaw: number;
  /** The replicas' boxes, by annotator id. */
  readonly members: readonly { readonly annotator: string; readonly objectId: string; readonly trackId: string }[];
  /** Members whose class is the voted class, over all members. */
  readonly classSupport: number;
  /** Mean 3D IoU of the matched pairs that joined the cluster (null for a single box). */
  readonly meanIou3d: number | null;
}

/** An object without a quorum: the boxes that had it, for a reviewer to decide. */
export interface ReviewItem {
  readonly members: readonly ReplicaBox[];
}

export interface ConsensusFrame {
  readonly boxes: readonly ConsensusBox[];
  readonly needsReview: readonly ReviewItem[];
}

/** A replica's boxes of one frame. */
export interface Replica {
  readonly annotator: string;
  readonly boxes: readonly AgreementBox[];
}

export function defaultQuorum(replicas: number): number {
  return Math.floor(replicas / 2) + 1;
}

/** Boxes by object id (then track id): the canonical order consensus and matching work in. */
export function canonicalBoxes(boxes: readonly AgreementBox[]): AgreementBox[] {
  return [...boxes].sort((x, y) => compareText(x.objectId, y.objectId) || compareText(x.trackId, y.trackId));
}

function compareText(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

function valueOrder(x: AttributeValue, y: AttributeValue): number {
  if (typeof x !== typeof y) return compareText(typeof x, typeof y);
  if (typeof x === 'number') return x - (y as number);
  return compareText(String(x), String(y));
}

/** The most frequent value; a tie goes to the value that sorts first. */
function vote<T extends AttributeValue>(values: readonly T[]): { value: T; count: number } {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: T = values[0];
  let bestCount = 0;
  for (const [v, c] of counts) {
    if (c > bestCount || (c === bestCount && valueOrder(v, best) < 0)) {
      best = v;
      bestCount = c;
    }
  }
  return { value: best, count: bestCount };
}

function median(xs: number[]): number {
  const s = [...xs].sort((p, q) => p - q);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function find(parent: Int32Array, x: number): number {
  while (parent[x] !== x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

function mergeBoxes(members: readonly ReplicaBox[], period: YawPeriod, meanIou3d: number | null): ConsensusBox {
  const boxes = members.map((m) => m.box);
  const cls = vote(boxes.map((b) => b.classId));
  const keys = [...new Set(boxes.flatMap((b) => Object.keys(b.attributes)))].sort(compareText);
  const attributes: Record<string, AttributeValue> = {};
  for (const key of keys) {
    const values = boxes.filter((b) => key in b.attributes).map((b) => b.attributes[key]);
    attributes[key] = vote(values).value;
  }
  const centre = (k: number) => boxes.reduce((s, b) => s + b.center[k], 0) / boxes.length;
  const yaw = circularMean(boxes.map((b) => b.yaw), period);
  return {
    classId: cls.value,
    attributes,
    center: [centre(0), centre(1), centre(2)],
    size: [median(boxes.map((b) => b.size[0])), median(boxes.map((b) => b.size[1])), median(boxes.map((b) => b.size[2]))],
    // Headings that cancel exactly (two opposite ones) have no mean; the first member's stands.
    yaw: Number.isNaN(yaw) ? boxes[0].yaw : yaw,
    members: members.map((m) => ({ annotator: m.annotator, objectId: m.box.objectId, trackId: m.box.trackId })),
    classSupport: cls.count / boxes.length,
    meanIou3d,
  };
}

/**
 * Consensus from replicas already in canonical order (annotators sorted by id, boxes by
 * `canonicalBoxes`) and the matching of every pair i < j, as `match(i, j)` gives it.
 */
export function consensusFromMatches(
  replicas: readonly Replica[],
  match: (i: number, j: number) => FrameMatch,
  options: ConsensusOptions = {},
): ConsensusFrame {
  const metric = options.metric ?? 'iou3d';
  const quorum = options.quorum ?? defaultQuorum(replicas.length);
  const offsets: number[] = [];
  let total = 0;
  for (const r of replicas) {
    offsets.push(total);
    total += r.boxes.length;
  }
  const edges: { i: number; j: number; m: BoxMatch; score: number }[] = [];
  for (let i = 0; i < replicas.length; i++) {
    for (let j = i + 1; j < replicas.length; j++) {
      for (const m of match(i, j).matches) {
        edges.push({ i, j, m, score: metric === 'centre' ? -m.centreDistance : metric === 'bev' ? m.bevIou : m.iou3d });
      }
    }
  }
  // Canonical node numbers follow the canonical order, so comparing them breaks ties canonically.
  edges.sort((x, y) => y.score - x.score || x.i - y.i || x.j - y.j || x.m.a - y.m.a || x.m.b - y.m.b);
  const parent = Int32Array.from({ length: total }, (_, k) => k);
  const annotatorsOf = new Map<number, Set<number>>();
  const iouSum = new Map<number, { sum: number; count: number }>();
  const owner = (node: number) => {
    let r = 0;
    while (r + 1 < offsets.length && offsets[r + 1] <= node) r++;
    return r;
  };
  for (let k = 0; k < total; k++) annotatorsOf.set(k, new Set([owner(k)]));
  for (const e of edges) {
    const ra = find(parent, offsets[e.i] + e.m.a);
    const rb = find(parent, offsets[e.j] + e.m.b);
    if (ra === rb) {
      const s = iouSum.get(ra) ?? { sum: 0, count: 0 };
      iouSum.set(ra, { sum: s.sum + e.m.iou3d, count: s.count + 1 });
      continue;
    }
    const sa = annotatorsOf.get(ra) as Set<number>;
    const sb = annotatorsOf.get(rb) as Set<number>;
    let shared = false;
    for (const x of sb) if (sa.has(x)) shared = true;
    if (shared) continue;
    // The smaller root keeps the cluster, so the result is the same whatever the map's history.
    const [keep, drop] = ra < rb ? [ra, rb] : [rb, ra];
    parent[drop] = keep;
    for (const x of annotatorsOf.get(drop) as Set<number>) (annotatorsOf.get(keep) as Set<number>).add(x);
    const s1 = iouSum.get(keep) ?? { sum: 0, count: 0 };
    const s2 = iouSum.get(drop) ?? { sum: 0, count: 0 };
    iouSum.set(keep, { sum: s1.sum + s2.sum + e.m.iou3d, count: s1.count + s2.count + 1 });
  }
  const clusters = new Map<number, ReplicaBox[]>();
  for (let r = 0; r < replicas.length; r++) {
    replicas[r].boxes.forEach((box, k) => {
      const root = find(parent, offsets[r] + k);
      const members = clusters.get(root);
      const member = { annotator: replicas[r].annotator, box };
      if (members) members.push(member);
      else clusters.set(root, [member]);
    });
  }
  const boxes: ConsensusBox[] = [];
  const needsReview: ReviewItem[] = [];
  for (const root of [...clusters.keys()].sort((x, y) => x - y)) {
    const members = clusters.get(root) as ReplicaBox[];
    if (members.length >= quorum) {
      const s = iouSum.get(root);
      boxes.push(mergeBoxes(members, options.yawPeriod ?? 'full', s && s.count ? s.sum / s.count : null));
    } else {
      needsReview.push({ members });
    }
  }
  return { boxes, needsReview };
}

/**
 * Merges N replicas of one frame into one set of boxes; the result is the same for any order of
 * the replicas and of the boxes within them (object ids are unique within a replica).
 */
export function consensusOfFrame(replicas: readonly Replica[], options: ConsensusOptions = {}): ConsensusFrame {
  const canonical = [...replicas]
    .sort((x, y) => compareText(x.annotator, y.annotator))
    .map((r) => ({ annotator: r.annotator, boxes: canonicalBoxes(r.boxes) }));
  return consensusFromMatches(canonical, (i, j) => matchBoxes(canonical[i].boxes, canonical[j].boxes, options), options);
}
