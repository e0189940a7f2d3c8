import type { AttributeValue } from '../annotations/recordFields';
import { circularMean, type YawPeriod } from './angles';
import { matchBoxes, type FrameMatch, type MatchOptions } from './matching';
import type { AgreementBox } from './types';
import { findRoot } from './unionFind';

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

/** The consensus of one frame: merged boxes and the objects left to a reviewer. */
export interface ConsensusFrame {
  readonly boxes: readonly ConsensusBox[];
  readonly needsReview: readonly ReviewItem[];
}

/** A replica's boxes of one frame. */
export interface Replica {
  readonly annotator: string;
  readonly boxes: readonly AgreementBox[];
}

/** A strict majority of `replicas` (2 of 3, 3 of 5; 1 of 1). */
export function defaultQuorum(replicas: number): number {
  return Math.floor(replicas / 2) + 1;
}

/** Code-unit order of two strings (not locale order: the same on every machine). */
export function compareText(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Boxes by object id (then track id): the canonical order consensus and matching work in. */
export function canonicalBoxes(boxes: readonly AgreementBox[]): AgreementBox[] {
  const order = (x: AgreementBox, y: AgreementBox) => compareText(x.objectId, y.objectId) || compareText(x.trackId, y.trackId);
  // Stores list records by id already: check before sorting.
  let sorted = true;
  for (let k = 1; k < boxes.length && sorted; k++) sorted = order(boxes[k - 1], boxes[k]) <= 0;
  return sorted ? boxes.slice() : [...boxes].sort(order);
}

function valueOrder(x: AttributeValue, y: AttributeValue): number {
  if (typeof x !== typeof y) return compareText(typeof x, typeof y);
  if (typeof x === 'number') return x - (y as number);
  return compareText(String(x), String(y));
}

/** The most frequent value; a tie goes to the value that sorts first. Replicas are few: a quadratic count is the fast way. */
function vote<T extends AttributeValue>(values: readonly T[]): { value: T; count: number } {
  let best = values[0];
  let bestCount = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    let c = 0;
    for (let j = 0; j < values.length; j++) if (values[j] === v) c++;
    if (c > bestCount || (c === bestCount && valueOrder(v, best) < 0)) {
      best = v;
      bestCount = c;
    }
  }
  return { value: best, count: bestCount };
}

function median(xs: number[]): number {
  // Insertion sort: a handful of values.
  for (let i = 1; i < xs.length; i++) {
    const x = xs[i];
    let j = i - 1;
    while (j >= 0 && xs[j] > x) {
      xs[j + 1] = xs[j];
      j--;
    }
    xs[j + 1] = x;
  }
  const mid = xs.length >> 1;
  return xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

function mergeBoxes(members: readonly ReplicaBox[], period: YawPeriod, meanIou3d: number | null): ConsensusBox {
  const m = members.length;
  const classes: string[] = [];
  const keys: string[] = [];
  const yaws: number[] = [];
  const sizes: [number[], number[], number[]] = [[], [], []];
  // Offsets from the first member's centre are summed, not the coordinates: equal centres average to
  // exactly themselves, and georeferenced magnitudes keep their precision.
  const [x0, y0, z0] = members[0].box.center;
  let cx = 0;
  let cy = 0;
  let cz = 0;
  for (const { box } of members) {
    classes.push(box.classId);
    for (const key in box.attributes) if (!keys.includes(key)) keys.push(key);
    yaws.push(box.yaw);
    for (let k = 0; k < 3; k++) sizes[k].push(box.size[k]);
    cx += box.center[0] - x0;
    cy += box.center[1] - y0;
    cz += box.center[2] - z0;
  }
  keys.sort(compareText);
  const attributes: Record<string, AttributeValue> = {};
  for (const key of keys) {
    const values: AttributeValue[] = [];
    for (const { box } of members) if (key in box.attributes) values.push(box.attributes[key]);
    attributes[key] = vote(values).value;
  }
  const cls = vote(classes);
  const yaw = circularMean(yaws, period);
  return {
    classId: cls.value,
    attributes,
    center: [x0 + cx / m, y0 + cy / m, z0 + cz / m],
    size: [median(sizes[0]), median(sizes[1]), median(sizes[2])],
    // Headings that cancel exactly (two opposite ones) have no mean; the first member's stands.
    yaw: Number.isNaN(yaw) ? members[0].box.yaw : yaw,
    members: members.map((x) => ({ annotator: x.annotator, objectId: x.box.objectId, trackId: x.box.trackId })),
    classSupport: cls.count / m,
    meanIou3d,
  };
}

/** A box of a cluster as indices: replica, then box within that replica's (canonical) list. */
export interface ClusterMember {
  readonly replica: number;
  readonly box: number;
}

/** Clusters of one frame: members in replica order; `meanIou3d` of the matched pairs that joined them. */
export interface FrameClusters {
  readonly clusters: readonly (readonly ClusterMember[])[];
  readonly meanIou3d: readonly (number | null)[];
}

/**
 * Groups the boxes of replicas already in canonical order (annotators sorted by id, boxes by
 * `canonicalBoxes`) into objects, from the matching of every pair i < j as `match(i, j)` gives
 * it; clusters come in canonical order (by their first box).
 */
export function clusterReplicas(replicas: readonly Replica[], match: (i: number, j: number) => FrameMatch, metric: ConsensusOptions['metric'] = 'iou3d'): FrameClusters {
  const offsets: number[] = [];
  const ownerOf: number[] = [];
  let total = 0;
  replicas.forEach((r, k) => {
    offsets.push(total);
    total += r.boxes.length;
    for (let b = 0; b < r.boxes.length; b++) ownerOf.push(k);
  });
  // Matched pairs as parallel arrays (nodes, score, IoU): thousands per frame, no object each.
  const nodeA: number[] = [];
  const nodeB: number[] = [];
  const score: number[] = [];
  const iou: number[] = [];
  for (let i = 0; i < replicas.length; i++) {
    for (let j = i + 1; j < replicas.length; j++) {
      for (const m of match(i, j).matches) {
        nodeA.push(offsets[i] + m.a);
        nodeB.push(offsets[j] + m.b);
        score.push(metric === 'centre' ? -m.centreDistance : metric === 'bev' ? m.bevIou : m.iou3d);
        iou.push(m.iou3d);
      }
    }
  }
  // Node numbers follow the canonical order (replica, then box), so comparing them breaks ties canonically.
  const edges = Array.from(score.keys()).sort((x, y) => score[y] - score[x] || nodeA[x] - nodeA[y] || nodeB[x] - nodeB[y]);
  const parent = new Int32Array(total);
  for (let k = 0; k < total; k++) parent[k] = k;
  // Annotators in each cluster as a bit set (replicas beyond 31 fall back to a scan).
  const wide = replicas.length > 31;
  const mask = new Int32Array(total);
  for (let k = 0; k < total; k++) mask[k] = wide ? 0 : 1 << ownerOf[k];
  const iouSum = new Float64Array(total);
  const iouCount = new Int32Array(total);
  const members = (root: number) => {
    const out = new Set<number>();
    for (let k = 0; k < total; k++) if (findRoot(parent, k) === root) out.add(ownerOf[k]);
    return out;
  };
  for (const e of edges) {
    const ra = findRoot(parent, nodeA[e]);
    const rb = findRoot(parent, nodeB[e]);
    if (ra !== rb) {
      if (wide) {
        const sa = members(ra);
        if ([...members(rb)].some((x) => sa.has(x))) continue;
      } else if (mask[ra] & mask[rb]) {
        continue;
      }
    }
    // The smaller root keeps the cluster.
    const keep = Math.min(ra, rb);
    const drop = Math.max(ra, rb);
    if (keep !== drop) {
      parent[drop] = keep;
      mask[keep] |= mask[drop];
      iouSum[keep] += iouSum[drop];
      iouCount[keep] += iouCount[drop];
    }
    iouSum[keep] += iou[e];
    iouCount[keep]++;
  }
  const byRoot = new Map<number, ClusterMember[]>();
  for (let k = 0; k < total; k++) {
    const root = findRoot(parent, k);
    const member = { replica: ownerOf[k], box: k - offsets[ownerOf[k]] };
    const list = byRoot.get(root);
    if (list) list.push(member);
    else byRoot.set(root, [member]);
  }
  // Roots are each cluster's smallest node, and nodes were visited in order: already canonical.
  const clusters = [...byRoot.values()];
  const meanIou3d = [...byRoot.keys()].map((root) => (iouCount[root] ? iouSum[root] / iouCount[root] : null));
  return { clusters, meanIou3d };
}

/** Consensus boxes and review items from clusters (see `clusterReplicas`). */
export function consensusOfClusters(replicas: readonly Replica[], frame: FrameClusters, options: ConsensusOptions = {}): ConsensusFrame {
  const quorum = options.quorum ?? defaultQuorum(replicas.length);
  const boxes: ConsensusBox[] = [];
  const needsReview: ReviewItem[] = [];
  frame.clusters.forEach((cluster, c) => {
    const members = cluster.map((m) => ({ annotator: replicas[m.replica].annotator, box: replicas[m.replica].boxes[m.box] }));
    if (members.length >= quorum) boxes.push(mergeBoxes(members, options.yawPeriod ?? 'full', frame.meanIou3d[c]));
    else needsReview.push({ members });
  });
  return { boxes, needsReview };
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
  return consensusOfClusters(replicas, clusterReplicas(replicas, match, options.metric), options);
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
