import { memo, useCallback, useMemo, useRef } from 'react';
import { ImageLabelTag } from '../camera2d/ImageLabelTag';
import { isImage2dRecord } from '../../core/annotations/guards';
import type { AnnotationRecord } from '../../core/model/annotation';
import type { ViewState } from '../state/viewStore';
import { isSelectedBox, trackOfInterpolatedId, type FrameBox } from '../../core/editor/tools/frameBoxes';
import { attributeProblems } from '../../core/ontology/attributes';
import { AttributeFlag } from '../ontology/AttributeFlag';
import { groundTruthInFrame } from '../state/loadScene';
import { IGNORED_COLOUR } from '../viewer/cameraOverlay';
import { frameBoxes } from '../state/frameBoxesCache';
import { objectTag, shortId } from '../../core/model/ids';
import type { Editor } from '../../core/editor/editor';
import { notPoseOnly, sameItems, sameItemsBy, useEditorSelect, useView } from '../workbench/context';
import { useRowWindow } from './useRowWindow';

interface BoxRowProps {
  /** The stored record the row shows; null for a box shown by interpolation only. */
  readonly record: AnnotationRecord | null;
  readonly objectId: string;
  readonly trackId: string;
  readonly classId: string;
  /** The stored row's place in the frame's list, shown as #n; interpolated rows have none. */
  readonly index: number | null;
  readonly ontology: ViewState['ontology'];
  readonly selected: boolean;
  readonly pick: (objectId: string) => void;
}

/**
 * A box's row, stored or interpolated: one component for both, keyed by the box's track, so that
 * stepping from a keyframe onto a frame between keyframes updates the track's row in place instead
 * of unmounting it and mounting another (on a sequence of many tracks, a screenful of rows made
 * and dropped on each such step). Memoised on the record (replaced, never mutated, by an edit) or, for an
 * interpolated box, on what its row shows: selecting or editing one box of a 1,000-box frame
 * re-renders the rows that changed, not the whole list.
 */
const BoxRow = memo(function BoxRow({ record: r, objectId, trackId, classId, index, ontology, selected, pick }: BoxRowProps) {
  const cls = ontology?.classes.find((c) => c.classId === classId);
  return (
    <li>
      <button
        data-testid="object-row"
        data-object-id={objectId}
        data-interpolated={r ? 'false' : 'true'}
        data-kind={r?.kind}
        title={r ? `Keyframe of track ${shortId(trackId)}` : `Interpolated between keyframes of track ${shortId(trackId)}: an edit makes a keyframe here`}
        className={r ? (selected ? 'selected' : '') : `interpolated ${selected ? 'selected' : ''}`}
        onClick={() => pick(objectId)}
      >
        <span className="swatch" style={{ background: cls?.color ?? '#999' }} />
        <span className="name">{cls?.name ?? classId}</span>
        {/* One span and one text node for the numbers (JSX pieces would each be a text node to lay out): a step onto a frame of 1,000 boxes mounts a screenful of rows. */}
        <span className="id">{`${index !== null ? `#${index + 1}\u2002` : ''}${r ? '◆' : '◇'} ${shortId(trackId)}`}</span>
        {r && isImage2dRecord(r) && <ImageLabelTag record={r} />}
        {r && ontology && <AttributeFlag problems={attributeProblems(r, ontology)} />}
      </button>
    </li>
  );
});

/** One row per track and kind in a frame: the same key for a track's keyframe and its interpolated box. */
const rowKey = (kind: string, trackId: string) => `${kind}:${trackId}`;

interface Rows {
  readonly records: readonly AnnotationRecord[];
  readonly interpolated: readonly FrameBox[];
}

const NO_ROWS: Rows = { records: [], interpolated: [] };

/** What an interpolated row shows of its box: its place in a drag's moves is not among them. */
const sameInterpolated = sameItemsBy<FrameBox>((a, b) => a.objectId === b.objectId && a.trackId === b.trackId && a.classId === b.classId);
const sameRows = (a: Rows, b: Rows) => sameItems(a.records, b.records) && sameInterpolated(a.interpolated, b.interpolated);

export function ObjectList() {
  const cloud = useView((s) => s.cloud);
  const ontology = useView((s) => s.ontology);
  const canEdit = useView((s) => s.info?.access.canEdit ?? true);
  const selectedId = useView((s) => s.selectedId);
  const pick = useView((s) => s.pick);
  const scene = useView((s) => s.scene);
  const frameIndex = useView((s) => s.frameIndex);
  const showGroundTruth = useView((s) => s.showGroundTruth);
  const frameId = cloud?.frameId ?? null;
  // The lists change with an edit or the frame, not with a select: a select in a 1,000-box frame
  // re-renders the list without gathering, filtering and sorting its rows again. No row shows a
  // box's pose, so a drag's moves (and their undo) leave the lists, and the panel, alone.
  const selectRows = useCallback(
    (editor: Editor | null): Rows =>
      editor && frameId
        ? {
            // A relation is stored under its first frame but is no object of it: the scene graph lists it.
            records: editor.inFrame(frameId).filter((r) => r.kind !== 'relation' && r.kind !== 'labelPatch').sort((a, b) => a.createdAt - b.createdAt),
            // Boxes the frame shows only by interpolation, listed after the stored ones and marked so.
            interpolated: frameBoxes(editor, frameId).filter((b) => b.interpolated),
          }
        : NO_ROWS,
    [frameId],
  );
  const { records, interpolated } = useEditorSelect(selectRows, sameRows, notPoseOnly);
  const groundTruth = useMemo(() => (cloud && showGroundTruth ? groundTruthInFrame({ scene, cloud, frameIndex }) : []), [scene, cloud, frameIndex, showGroundTruth]);
  const classOf = (id: string) => ontology?.classes.find((c) => c.classId === id);
  const list = useRef<HTMLUListElement>(null);
  // Rows in or near view only, on a long list: stepping onto 1,000 boxes mounts a screenful.
  const rows = useRowWindow(records.length + interpolated.length, list);
  const shownRecords = records.slice(Math.min(rows.from, records.length), Math.min(rows.to, records.length));
  const firstRecord = Math.min(rows.from, records.length);
  const shownInterpolated = interpolated.slice(Math.max(0, rows.from - records.length), Math.max(0, rows.to - records.length));
  return (
    <aside className="panel object-list" data-testid="object-list">
      <h2>
        Objects <span className="count" data-testid="object-count">{records.length + interpolated.length}</span>
      </h2>
      {records.length + interpolated.length === 0 && <p className="hint">{canEdit ? 'No boxes in this frame yet. Draw one (B) or fit one to a point (F).' : 'No boxes in this frame.'}</p>}
      <ul ref={list}>
        {rows.padTop > 0 && <li aria-hidden style={{ height: rows.padTop }} />}
        {/* One list of rows, so a track's row keeps its key's place whether it is stored or interpolated here. */}
        {[
          ...shownRecords.map((r, k) => {
            const selected = r.objectId === selectedId || (selectedId !== null && trackOfInterpolatedId(selectedId) === r.trackId);
            // 2D labels of one track (one per camera) are rows of their own.
            const key = r.kind === 'cuboid' ? rowKey(r.kind, r.trackId) : r.objectId;
            return <BoxRow key={key} record={r} objectId={r.objectId} trackId={r.trackId} classId={r.classId} index={firstRecord + k} ontology={ontology} selected={selected} pick={pick} />;
          }),
          ...shownInterpolated.map((b) => (
            <BoxRow key={rowKey('cuboid', b.trackId)} record={null} objectId={b.objectId} trackId={b.trackId} classId={b.classId} index={null} ontology={ontology} selected={isSelectedBox(b, selectedId)} pick={pick} />
          )),
        ]}
        {rows.padBottom > 0 && <li aria-hidden style={{ height: rows.padBottom }} />}
      </ul>
      {groundTruth.length > 0 && (
        <>
          <h3>
            Ground truth <span className="count" data-testid="ground-truth-count">{groundTruth.length}</span>
          </h3>
          <ul className="gt">
            {groundTruth.map((g) => {
              const cls = classOf(g.classId);
              return (
                <li key={g.objectId}>
                  <button
                    data-testid="ground-truth-row"
                    data-object-id={g.objectId}
                    data-ignored={g.ignore ? 'true' : undefined}
                    className={[g.objectId === selectedId ? 'selected' : '', g.ignore ? 'ignored' : ''].filter(Boolean).join(' ')}
                    title={`${g.sourceClass ?? cls?.name ?? g.classId}${g.trackId ? ` · track ${g.trackId}` : ''} (read-only${g.ignore ? '; ignored: the dataset does not score it, so a detection of it is neither a hit nor a miss' : ''})`}
                    onClick={() => pick(g.objectId)}
                  >
                    <span className="swatch" style={{ background: g.ignore ? IGNORED_COLOUR : (cls?.color ?? '#999') }} />
                    <span className="name">{g.sourceClass ?? cls?.name ?? g.classId}</span>
                    {g.ignore && <span className="ignored-tag">ignored</span>}
                    {/* A dataset's own track id where it has one; else the box's, so every row can be told apart and named. */}
                    <span className="id">{objectTag(g.trackId, g.objectId)}</span>
                  </button>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </aside>
  );
}
