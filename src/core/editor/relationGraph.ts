import type { GraphRelation } from '../scenegraph/sceneGraph';
import type { Editor } from './editor';
import { relationsOf } from './relationEdits';

/**
 * The editor's relations as scene-graph edges beside the dataset's: each holds over its range
 * placed on the timeline, and names its ends by track, so on every frame it meets the box the
 * track shows there. A relation whose frames the scene's order does not name is left out.
 */
export function annotatedRelations(editor: Editor): GraphRelation[] {
  const out: GraphRelation[] = [];
  for (const r of relationsOf(editor)) {
    const first = editor.frameIndexOf(r.frameId);
    const last = editor.frameIndexOf(r.relation.lastFrameId);
    if (first === undefined || last === undefined) continue;
    out.push({
      relationId: r.objectId,
      subject: r.relation.subjectTrackId,
      predicate: r.classId,
      object: r.relation.objectTrackId,
      frameIntervals: [[first, last]],
      source: 'annotation',
    });
  }
  return out;
}
