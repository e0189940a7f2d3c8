import './relations.css';
import { useCallback, useMemo, useState, useSyncExternalStore } from 'react';
import type { Editor } from '../../core/editor/editor';
import { classOfTrack, createRelation } from '../../core/editor/relationEdits';
import { draftRelation, NO_MODIFIERS, type RelationDraft, type ToolManager } from '../../core/editor/tools';
import { trackOfInterpolatedId } from '../../core/editor/tools/frameBoxes';
import { sameItems, useEditorInstance, useEditorSelect, useView } from '../workbench/context';
import { endName, frameAtNumber, frameNumber, predicateTitle } from './relationNames';

const noSubscription = () => () => undefined;

/**
 * The Relate tool's panel in the 3D view: who the subject is while the object is picked (an
 * object selected in the list is taken with "Use selected"), then the predicates the ontology
 * allows between the two and the frame range (the subject's span unless changed); Create stores
 * the relation as one undo step and selects it.
 */
export function RelatePicker({ tools }: { readonly tools: ToolManager | null }) {
  const subscribe = useMemo(() => (tools ? (l: () => void) => tools.subscribe(l) : noSubscription), [tools]);
  const overlay = useSyncExternalStore(subscribe, () => tools?.snapshot().overlay ?? null);
  const editor = useEditorInstance();
  const ontology = useView((s) => s.ontology);
  const selectedId = useView((s) => s.selectedId);
  const subjectTrackId = overlay?.kind === 'relate' ? overlay.subjectTrackId : null;
  const objectTrackId = overlay?.kind === 'relate' ? (overlay.draft?.objectTrackId ?? null) : null;
  // What the picker reads of the editor: the ends' classes and the selected box's track, none of which a drag's moves change.
  const [subjectClass, objectClass, selectedTrack] = useEditorSelect(
    useCallback(
      (e: Editor | null) =>
        e
          ? [
              subjectTrackId === null ? undefined : classOfTrack(e, subjectTrackId),
              objectTrackId === null ? undefined : classOfTrack(e, objectTrackId),
              selectedId === null ? undefined : (trackOfInterpolatedId(selectedId) ?? e.get(selectedId)?.trackId),
            ]
          : [],
      [subjectTrackId, objectTrackId, selectedId],
    ),
    sameItems,
  );
  if (!tools || !editor || overlay?.kind !== 'relate') return null;
  return (
    <div className="relate-picker" data-testid="relate-picker" data-stage={overlay.draft ? 'choosing' : 'object'}>
      <h3>
        Relate <span data-testid="relate-subject">{endName(subjectClass, ontology, overlay.subjectTrackId)}</span> →{' '}
        {overlay.draft ? <span data-testid="relate-object">{endName(objectClass, ontology, overlay.draft.objectTrackId)}</span> : '…'}
      </h3>
      {overlay.draft ? (
        <DraftForm key={`${overlay.draft.subjectTrackId}-${overlay.draft.objectTrackId}`} draft={overlay.draft} tools={tools} />
      ) : (
        <>
          <p className="hint">Click the object in the view, or select it in the object list.</p>
          <div className="actions">
            {selectedTrack !== undefined && selectedTrack !== overlay.subjectTrackId && (
              <button data-testid="relate-use-selected" onClick={() => tools.keyDown({ key: 'Enter', modifiers: NO_MODIFIERS })}>
                Use selected
              </button>
            )}
            <CancelButton tools={tools} />
          </div>
        </>
      )}
    </div>
  );
}

function DraftForm({ draft, tools }: { readonly draft: RelationDraft; readonly tools: ToolManager }) {
  const editor = useEditorInstance()!;
  const ontology = useView((s) => s.ontology);
  const say = useView((s) => s.say);
  const select = useView((s) => s.select);
  const [predicate, setPredicate] = useState(draft.predicates[0]);
  const [first, setFirst] = useState(String(frameNumber(editor, draft.firstFrameId)));
  const [last, setLast] = useState(String(frameNumber(editor, draft.lastFrameId)));
  const create = () => {
    const firstFrameId = frameAtNumber(editor, first);
    const lastFrameId = frameAtNumber(editor, last);
    if (!ontology) return say('No ontology is loaded, so no relation can be drawn.');
    if (!firstFrameId || !lastFrameId) return say(`The range must name frames of this scene (1–${editor.frameOrder.length}).`);
    try {
      const record = createRelation(editor, draftRelation(draft, predicate, { firstFrameId, lastFrameId }), ontology);
      // Back to rest first: the tool would take a selected box as the next subject, and the relation is no box.
      tools.cancel();
      select(record.objectId);
      say(null);
    } catch (e) {
      say((e as Error).message);
    }
  };
  return (
    <>
      <div className="predicates" role="radiogroup" aria-label="Predicate">
        {draft.predicates.map((p) => (
          <button key={p} role="radio" aria-checked={p === predicate} className={p === predicate ? 'chosen' : ''} data-testid={`relate-predicate-${p}`} onClick={() => setPredicate(p)}>
            {predicateTitle(ontology, p)}
          </button>
        ))}
      </div>
      <label className="range">
        frames
        <input data-testid="relate-first" type="number" min={1} max={editor.frameOrder.length} value={first} onChange={(e) => setFirst(e.target.value)} />
        to
        <input data-testid="relate-last" type="number" min={1} max={editor.frameOrder.length} value={last} onChange={(e) => setLast(e.target.value)} />
      </label>
      <div className="actions">
        <button className="primary" data-testid="relate-create" onClick={create}>
          Create
        </button>
        <CancelButton tools={tools} />
      </div>
    </>
  );
}

/** Escape's twin: the tool starts over, nothing stored. */
function CancelButton({ tools }: { readonly tools: ToolManager }) {
  return (
    <button data-testid="relate-cancel" onClick={() => tools.cancel()}>
      Cancel
    </button>
  );
}
