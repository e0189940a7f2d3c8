import './relations.css';
import { useCallback } from 'react';
import { allowedPredicates } from '../../core/annotations/relation/allowed';
import type { RelationPatch } from '../../core/annotations/relation/edit';
import type { RelationAnnotation } from '../../core/annotations/relation/schema';
import type { Editor } from '../../core/editor/editor';
import { classOfTrack, deleteRelation, updateRelation } from '../../core/editor/relationEdits';
import { sameItems, useEditorInstance, useEditorSelect, useView } from '../workbench/context';
import { endName, frameAtNumber, frameNumber, predicateTitle } from './relationNames';

/** The selected relation: its ends, its predicate (those the ontology allows between them) and frame range, each change one undo step; Delete removes it. */
export function RelationInspector({ record }: { readonly record: RelationAnnotation }) {
  const editor = useEditorInstance();
  const ontology = useView((s) => s.ontology);
  const say = useView((s) => s.say);
  const { subjectTrackId, objectTrackId, lastFrameId } = record.relation;
  // What the form reads of the editor besides the relation: its ends' classes, which a drag's moves leave as they are.
  const [subjectClass, objectClass] = useEditorSelect(
    useCallback((e: Editor | null) => (e ? [classOfTrack(e, subjectTrackId), classOfTrack(e, objectTrackId)] : []), [subjectTrackId, objectTrackId]),
    sameItems,
  );
  if (!editor) return null;
  const allowed = ontology && subjectClass !== undefined && objectClass !== undefined ? allowedPredicates(ontology, subjectClass, objectClass).map((r) => r.predicate) : [];
  // A predicate the ontology no longer allows here stays listed, so the form shows what is stored.
  const predicates = allowed.includes(record.classId) ? allowed : [record.classId, ...allowed];
  const apply = (patch: RelationPatch) => {
    if (!ontology) return say('No ontology is loaded: a relation cannot be checked, so it is not changed.');
    try {
      updateRelation(editor, record.objectId, patch, ontology);
      say(null);
    } catch (e) {
      say((e as Error).message);
    }
  };
  const setFrame = (field: 'firstFrameId' | 'lastFrameId', raw: string) => {
    const frameId = frameAtNumber(editor, raw);
    if (!frameId) return say(`Frame "${raw}" is not a frame of this scene (1–${editor.frameOrder.length}).`);
    if (frameId !== (field === 'firstFrameId' ? record.frameId : lastFrameId)) apply({ [field]: frameId });
  };
  const rangeField = (field: 'firstFrameId' | 'lastFrameId', frameId: string, testId: string) => {
    const n = frameNumber(editor, frameId);
    return (
      <input
        key={`${record.objectId}-${field}-${n}`}
        data-testid={testId}
        data-value={n}
        type="number"
        min={1}
        max={editor.frameOrder.length}
        defaultValue={n}
        onBlur={(e) => setFrame(field, e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') setFrame(field, e.currentTarget.value);
        }}
      />
    );
  };
  return (
    <aside className="panel inspector relation-form" data-testid="relation-inspector" data-relation-id={record.objectId}>
      <h2>Relation</h2>
      <p className="ends" data-testid="relation-ends">
        {endName(subjectClass, ontology, subjectTrackId)} → {endName(objectClass, ontology, objectTrackId)}
      </p>
      <label className="row">
        <span>predicate</span>
        <select data-testid="relation-predicate" value={record.classId} onChange={(e) => apply({ predicate: e.target.value })}>
          {predicates.map((p) => (
            <option key={p} value={p}>
              {predicateTitle(ontology, p)}
            </option>
          ))}
        </select>
      </label>
      <div className="range">
        <span>frames</span>
        {rangeField('firstFrameId', record.frameId, 'relation-first')}
        <span>to</span>
        {rangeField('lastFrameId', lastFrameId, 'relation-last')}
      </div>
      <dl className="facts">
        <dt>author</dt>
        <dd>{record.author}</dd>
      </dl>
      <button className="danger" data-testid="relation-delete" onClick={() => deleteRelation(editor, record.objectId)}>
        Delete relation
      </button>
    </aside>
  );
}
