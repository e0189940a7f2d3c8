import { isUuid } from '../model/ids';
import { uuidFromName } from '../model/uuidFromName';
import type { SceneRelation } from '../scene/manifest';
import { readFrameIntervals, runsOf } from './frameIntervals';
import { childPath, type JsonReader } from './jsonPath';

export interface RelationEnd {
  readonly trackId: string;
  readonly hasCuboid: boolean;
}

export type Skip = (path: string, what: string) => void;

/**
 * OpenLABEL relations are RDF statements with lists of subjects and objects; each subject ×
 * object pair of two objects becomes one Cairn relation between their tracks. A pair that links
 * an action, event or context, an undeclared object or an object without a cuboid has nothing to
 * point at in Cairn, and is reported through `skip` instead.
 */
export function readRelations(
  reader: JsonReader,
  value: unknown,
  objects: ReadonlyMap<string, RelationEnd>,
  framesSeen: ReadonlyMap<string, ReadonlySet<number>>,
  idNamespace: string,
  skip: Skip,
): SceneRelation[] {
  const relations = reader.optionalRecord(value, 'openlabel.relations') ?? {};
  for (const [uid, frames] of framesSeen) {
    if (!Object.hasOwn(relations, uid)) reader.fail(`openlabel.frames.${Math.min(...frames)}.relations.${uid}`, `relation "${uid}" is not declared in openlabel.relations`);
  }
  const out: SceneRelation[] = [];
  for (const [uid, raw] of Object.entries(relations)) {
    const path = childPath('openlabel.relations', uid);
    const relation = reader.record(raw, path);
    const predicate = reader.string(relation.type, `${path}.type`);
    if (predicate.length === 0) reader.fail(`${path}.type`, 'the relation type (its predicate) is empty');
    const subjects = readAgents(reader, relation.rdf_subjects, `${path}.rdf_subjects`);
    const objectsOf = readAgents(reader, relation.rdf_objects, `${path}.rdf_objects`);
    const declared = readFrameIntervals(reader, relation.frame_intervals, `${path}.frame_intervals`);
    const seen = framesSeen.get(uid);
    const intervals = declared ?? (seen && seen.size > 0 ? runsOf(seen) : undefined);
    if (subjects.length === 0 || objectsOf.length === 0) {
      skip(path, `relation "${uid}" (${predicate}) has no ${subjects.length === 0 ? 'subject' : 'object'}`);
      continue;
    }
    const pairs = subjects.flatMap((s) => objectsOf.map((o) => [s, o] as const));
    for (const [s, o] of pairs) {
      const problem = endProblem(s, objects) ?? endProblem(o, objects);
      if (problem) {
        skip(path, `relation "${uid}" (${predicate}): ${problem}`);
        continue;
      }
      out.push({
        relationId: pairs.length === 1 && isUuid(uid) ? uid.toLowerCase() : uuidFromName(idNamespace, `openlabel|relation|${uid}|${s.uid}|${o.uid}`),
        subject: objects.get(s.uid)!.trackId,
        predicate,
        object: objects.get(o.uid)!.trackId,
        ...(intervals ? { frameIntervals: intervals.map(([a, b]): [number, number] => [a, b]) } : {}),
      });
    }
  }
  return out;
}

interface Agent {
  readonly uid: string;
  readonly type: string;
}

function readAgents(reader: JsonReader, value: unknown, path: string): Agent[] {
  return reader.array(value, path).map((raw, i) => {
    const itemPath = `${path}[${i}]`;
    const agent = reader.record(raw, itemPath);
    return {
      uid: reader.uid(agent.uid, `${itemPath}.uid`),
      // The type is required by the schema, but writers that only relate objects leave it out.
      type: reader.optionalString(agent.type, `${itemPath}.type`) ?? 'object',
    };
  });
}

function endProblem(agent: Agent, objects: ReadonlyMap<string, RelationEnd>): string | null {
  if (agent.type !== 'object') return `links ${agent.type} "${agent.uid}"; Cairn relations link objects only`;
  const end = objects.get(agent.uid);
  if (!end) return `links object "${agent.uid}", which openlabel.objects does not declare`;
  if (!end.hasCuboid) return `links object "${agent.uid}", which has no cuboid`;
  return null;
}
