import { useCallback } from 'react';
import type { Image2dAnnotation } from '../../core/annotations/guards';
import { relinkChanges } from '../../core/annotations/box2d/relink';
import type { Editor } from '../../core/editor/editor';
import { boxesInFrame, type FrameBox } from '../../core/editor/tools/frameBoxes';
import { shortId } from '../../core/model/ids';
import { ClassOptions } from '../ui/ClassOptions';
import { notPoseOnly, sameItemsBy, useEditorInstance, useEditorSelect, useView } from '../workbench/context';

const NO_BOXES: readonly FrameBox[] = [];
/** What the link's options show of a box: its track and class, which a drag's moves leave as they are. */
const sameOptions = sameItemsBy<FrameBox>((a, b) => a.trackId === b.trackId && a.classId === b.classId);

/**
 * The selected 2D label: its class (editable), camera, geometry, the 3D object it shows (re-linked
 * to another of the frame's objects, or made 2D-only, as one undo step), and whether it follows it.
 */
export function ImageLabelInspector({ record: r }: { readonly record: Image2dAnnotation }) {
  const ontology = useView((s) => s.ontology);
  const canEdit = useView((s) => s.info?.access.canEdit ?? true);
  const editor = useEditorInstance();
  const edit = (label: string, after: Image2dAnnotation) => editor?.commitChanges(label, [{ objectId: r.objectId, before: r, after: { ...after, updatedAt: Date.now() } }]);
  const readOnly = !canEdit || (r.kind === 'box2d' && r.ignore === true);
  // The 3D objects the label may show: the boxes of its frame, interpolated ones included.
  const { frameId } = r;
  const objects = useEditorSelect(
    useCallback((e: Editor | null) => (e ? boxesInFrame(e, frameId) : NO_BOXES), [frameId]),
    sameOptions,
    notPoseOnly,
  );
  const relink = (trackId: string | null) => {
    const changes = editor ? relinkChanges(editor, r.objectId, trackId, Date.now()) : [];
    if (changes.length > 0) editor!.commitChanges(trackId ? 'link 2D label' : 'make 2D label 2D-only', changes);
  };
  return (
    <aside className="panel inspector" data-testid="inspector" data-kind={r.kind}>
      <h2>{r.kind === 'box2d' ? (r.ignore ? 'Ignore region' : '2D box') : '2D polygon'}</h2>
      <label>
        Class
        <select data-testid="inspector-class" value={r.classId} disabled={readOnly} onChange={(e) => edit('change class', { ...r, classId: e.target.value })}>
          {!ontology?.classes.some((c) => c.classId === r.classId) && <option value={r.classId}>{r.classId}</option>}
          <ClassOptions ontology={ontology} />
        </select>
      </label>
      <label>
        Shows
        <select data-testid="inspector-link" value={r.linkedTrackId ?? ''} disabled={readOnly} onChange={(e) => relink(e.target.value || null)}>
          <option value="">none (2D only)</option>
          {r.linkedTrackId && !objects.some((o) => o.trackId === r.linkedTrackId) && <option value={r.linkedTrackId}>track {shortId(r.linkedTrackId)} (not on this frame)</option>}
          {objects.map((o) => (
            <option key={o.trackId} value={o.trackId}>
              {o.classId} · track {shortId(o.trackId)}
            </option>
          ))}
        </select>
      </label>
      <dl>
        <dt>Camera</dt>
        <dd data-testid="inspector-camera">{r.cameraId}</dd>
        <dt>3D object</dt>
        <dd data-testid="inspector-linked">{r.linkedTrackId ? `track ${shortId(r.linkedTrackId)}` : 'none (2D only)'}</dd>
        {r.kind === 'box2d' ? (
          <>
            <dt>Box (px)</dt>
            <dd>
              {[r.box.x0, r.box.y0, r.box.x1, r.box.y1].map((x) => x.toFixed(1)).join(', ')}
            </dd>
          </>
        ) : (
          <>
            <dt>Vertices</dt>
            <dd data-testid="inspector-vertices" data-vertices={JSON.stringify(r.vertices.map(([u, v]) => [Math.round(u), Math.round(v)]))}>
              {r.vertices.length}
            </dd>
          </>
        )}
        {r.kind === 'box2d' && r.derived && (
          <>
            <dt>Projected</dt>
            <dd data-testid="inspector-derived">{r.derived.detached ? 'detached (kept as edited)' : 'follows its 3D box'}</dd>
          </>
        )}
      </dl>
      {r.kind === 'box2d' && r.derived && !r.derived.detached && !readOnly && (
        <button data-testid="inspector-detach" onClick={() => edit('detach 2D box', { ...r, derived: { ...r.derived!, detached: true } })}>
          Detach from the 3D box
        </button>
      )}
    </aside>
  );
}
