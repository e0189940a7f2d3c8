/**
 * The sample's scene graph: relations between its actors, each with the condition (on the actors'
 * street poses) under which it holds. Frame intervals are where the condition holds while both
 * actors are in the ground truth, so a relation ends when the street says it does (two cars
 * meeting head-on stop approaching once they have passed) rather than where someone typed it.
 */
import { ROAD, actorPoseAt, type Actor, type ActorPose } from './street';

export interface RelationJson {
  relationId: string;
  subject: string;
  predicate: string;
  object: string;
  frameIntervals: [number, number][];
}

interface RelationRule {
  subject: string;
  predicate: string;
  object: string;
  holds: (subject: ActorPose, object: ActorPose) => boolean;
}

const SAME_LANE_M = 1;

const RULES: RelationRule[] = [
  // Same lane, same direction, the car ahead.
  { subject: 'cyclist.0', predicate: 'follows', object: 'car.lead', holds: (s, o) => o.x > s.x && Math.abs(o.y - s.y) < 2 * SAME_LANE_M },
  // On the zebra crossing, in the road, with the car still short of it.
  {
    subject: 'pedestrian.crossing',
    predicate: 'crosses_in_front_of',
    object: 'car.lead',
    holds: (s, o) => s.x >= ROAD.crossing[0] && s.x <= ROAD.crossing[1] && Math.abs(s.y) < ROAD.halfWidth && o.x < s.x,
  },
  { subject: 'car.parked.right.1', predicate: 'parked_behind', object: 'car.parked.right.2', holds: (s, o) => o.x > s.x },
  // Head-on in opposite lanes: approaching until they draw level (between frames 2 and 3).
  { subject: 'car.oncoming.2', predicate: 'approaches', object: 'car.following', holds: (s, o) => s.x > o.x },
  { subject: 'pedestrian.right.3', predicate: 'walks_with', object: 'pedestrian.right.2', holds: (s, o) => Math.hypot(s.x - o.x, s.y - o.y) < 1.5 },
];

/**
 * `present(name, frame)` says whether an actor is in that frame's ground truth; `times` are the
 * frame timestamps; `relationId` derives a stable id per rule.
 */
export function sampleRelations(
  actors: readonly Actor[],
  times: readonly number[],
  present: (name: string, frame: number) => boolean,
  objectId: (name: string) => string,
  relationId: (key: string) => string,
): RelationJson[] {
  const byName = new Map(actors.map((a) => [a.name, a]));
  const out: RelationJson[] = [];
  for (const rule of RULES) {
    const subject = byName.get(rule.subject);
    const object = byName.get(rule.object);
    if (!subject || !object) throw new Error(`sample relation ${rule.subject} ${rule.predicate} ${rule.object}: no such actor`);
    const frames = times
      .map((t, f) => (present(rule.subject, f) && present(rule.object, f) && rule.holds(actorPoseAt(subject, t), actorPoseAt(object, t)) ? f : -1))
      .filter((f) => f >= 0);
    if (frames.length === 0) continue;
    out.push({
      relationId: relationId(`${rule.subject}:${rule.predicate}:${rule.object}`),
      subject: objectId(rule.subject),
      predicate: rule.predicate,
      object: objectId(rule.object),
      frameIntervals: runs(frames),
    });
  }
  return out;
}

function runs(sorted: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const f of sorted) {
    const last = out[out.length - 1];
    if (last && f === last[1] + 1) last[1] = f;
    else out.push([f, f]);
  }
  return out;
}
