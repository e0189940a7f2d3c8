import { predicateName } from '../../core/annotations/relation/allowed';
import type { Editor } from '../../core/editor/editor';
import { classOfTrack } from '../../core/editor/relationEdits';
import { shortId } from '../../core/model/ids';
import type { Ontology } from '../../core/ontology/schema';

/** "Car 1a2b": an end of a relation as the lists name objects. */
export function endLabel(editor: Editor, ontology: Ontology | null, trackId: string): string {
  return endName(classOfTrack(editor, trackId), ontology, trackId);
}

/** The same, from the class of the track's first keyframe (undefined: the track is gone). */
export function endName(classId: string | undefined, ontology: Ontology | null, trackId: string): string {
  const name = classId === undefined ? 'missing object' : (ontology?.classes.find((c) => c.classId === classId)?.name ?? classId);
  return `${name} ${shortId(trackId)}`;
}

/** A predicate as the ontology names it. */
export function predicateTitle(ontology: Ontology | null, predicate: string): string {
  const definition = ontology?.relations.find((r) => r.predicate === predicate);
  return definition ? predicateName(definition) : predicate.replace(/_/g, ' ');
}

/** A 1-based frame number typed into a range field, as the frameId it names; null when it names none. */
export function frameAtNumber(editor: Editor, raw: string): string | null {
  const n = Number(raw);
  return Number.isInteger(n) ? (editor.frameOrder[n - 1] ?? null) : null;
}

/** The 1-based number of a frame on the timeline (what the range fields show). */
export function frameNumber(editor: Editor, frameId: string): number {
  return (editor.frameIndexOf(frameId) ?? -1) + 1;
}
