import { memo, useCallback, useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { selectedTrackId, stripCellOf, trackFrameStates, trackStripCells, type TrackStripCell } from '../../core/editor/trackTimeline';
import { shortId } from '../../core/model/ids';
import { followTrackTo } from '../commands/followTrack';
import { TrackForms } from '../tracks/TrackForms';
import { copySelectedGroundTruth, deleteFromHere, selectedGroundTruth, splitHere, toggleSizeLock, toggleSpline } from '../tracks/trackEditActions';
import { openTrackForm, trackForms, type TrackForm } from '../tracks/trackForms';
import type { Editor } from '../../core/editor/editor';
import { NO_TRACK_SETTINGS, type TrackSettings } from '../../core/tracks/trackSettings';
import { notPoseOnly, sameFields, useEditorInstance, useEditorSelect, useView, useWorkbench } from '../workbench/context';

const LABELS = { keyframe: 'keyframe', interpolated: 'interpolated', absent: 'no box' } as const;
/** Narrowest a cell gets (2 px and a 1 px gap); past that, frames share cells. */
const CELL_PX = 3;

function cellTitle(cell: TrackStripCell): string {
  const frames = cell.from === cell.to ? `Frame ${cell.from + 1}` : `Frames ${cell.from + 1}–${cell.to + 1}`;
  return `${frames}: ${LABELS[cell.state]}${cell.mixed ? ' (and others)' : ''}`;
}

/**
 * How many cells fit the strip's width, following the window. The width is kept while no track
 * is selected, and read only where a ResizeObserver reports it (after layout): reading it when
 * the cells mount, as a select does, forced a layout, and keeping the element in state rendered
 * the strip twice.
 */
function useCellBudget(): [(el: HTMLDivElement | null) => void, number] {
  const [width, setWidth] = useState(0);
  const observer = useRef<ResizeObserver | null>(null);
  const ref = useCallback((el: HTMLDivElement | null) => {
    observer.current?.disconnect();
    observer.current = null;
    if (!el || typeof ResizeObserver === 'undefined') return;
    // Hidden (nothing selected), the strip reports no width: the last one is kept for the next select.
    observer.current = new ResizeObserver(() => {
      if (el.clientWidth > 0) setWidth(el.clientWidth);
    });
    observer.current.observe(el);
  }, []);
  useEffect(() => () => observer.current?.disconnect(), []);
  // Before the first measure, no cells: the observer reports the width once the strip is laid
  // out, and the cells that fit are made then. Made one a frame (1,000 of them) they were all
  // replaced at once on the session's first select, a 40 ms select in the bench's 200-track scene.
  // With no observer to report a width (a test's DOM), one cell a frame for any ordinary sequence.
  return [ref, width > 0 ? Math.max(1, Math.floor(width / CELL_PX)) : typeof ResizeObserver === 'undefined' ? 1000 : 0];
}

/** One cell; memoised, so a step re-renders the two cells whose "current" mark moves, not the whole strip. */
const StripCell = memo(function StripCell({ cell, current, go }: { readonly cell: TrackStripCell; readonly current: boolean; readonly go: (cell: TrackStripCell) => void }) {
  return (
    <button
      className={`cell ${cell.state}${cell.mixed ? ' mixed' : ''}${current ? ' current' : ''}`}
      data-frame-index={cell.from}
      data-frame-to={cell.to}
      data-state={cell.state}
      title={cellTitle(cell)}
      aria-label={cellTitle(cell)}
      onClick={() => go(cell)}
    />
  );
});

/** The row of cells; memoised, so a select of another track with the same cells leaves the whole row alone. */
const StripCells = memo(function StripCells({ cells, current, cellsRef, go }: Pick<StripBlockProps, 'cells' | 'current' | 'cellsRef' | 'go'>) {
  return (
    <div className="cells" ref={cellsRef}>
      {cells.map((cell, i) => (
        <StripCell key={cell.from} cell={cell} current={i === current} go={go} />
      ))}
    </div>
  );
});

interface StripBlockProps {
  readonly trackId: string;
  readonly cells: readonly TrackStripCell[];
  readonly current: number;
  readonly settings: ReturnType<Editor['trackSettingsOf']>;
  readonly canEdit: boolean;
  readonly form: TrackForm;
  readonly shown: boolean;
  readonly cellsRef: (el: HTMLDivElement | null) => void;
  readonly go: (cell: TrackStripCell) => void;
  readonly app: () => Parameters<typeof toggleSpline>[0];
}

/**
 * The strip of one track and its buttons. Memoised: while nothing is selected it stays mounted,
 * parked (see .track-strip-slot.parked: not painted, focusable or read out, taking no room), with
 * the track last shown, and is left alone; a select then updates its cells and buttons in place
 * and shows them, their style and layout kept.
 */
const StripBlock = memo(function StripBlock({ trackId, cells, current, settings, canEdit, form, shown, cellsRef, go, app }: StripBlockProps) {
  const workbench = useWorkbench();
  const source = settings.source;
  return (
    <div className={shown ? 'track-strip-slot track-strip-block' : 'track-strip-slot track-strip-block parked'}>
      <div className="track-strip" data-testid="track-strip" data-track-id={trackId} data-source={source ? (source.groundTruthTrackId ?? source.groundTruthObjectId) : undefined}>
        <span className="track-name" title={`track ${trackId}${source ? `, copied from ground truth ${source.groundTruthTrackId ?? source.groundTruthObjectId}` : ''}`}>
          track {shortId(trackId)}
          {source && <span className="source" data-testid="track-source"> ⇠ GT</span>}
        </span>
        <StripCells cells={cells} current={current} cellsRef={cellsRef} go={go} />
        {canEdit && (
          <span className="track-tools">
            <button data-testid="track-spline" aria-pressed={settings.centre === 'catmull-rom'} title="The centre between keyframes follows a spline" onClick={() => toggleSpline(app())}>
              Spline
            </button>
            <button data-testid="track-size-lock" aria-pressed={settings.size !== 'linear'} title="One size for the whole track" onClick={() => toggleSizeLock(app())}>
              Size locked
            </button>
            <button data-testid="track-propagate-range" title="Propagate to a range of frames" onClick={() => openTrackForm(workbench, form === 'propagate' ? null : 'propagate')}>
              Propagate…
            </button>
            <button data-testid="track-edit-range" title="Move, turn or reclassify a range of frames at once" onClick={() => openTrackForm(workbench, form === 'range' ? null : 'range')}>
              Edit range…
            </button>
            <button data-testid="track-split" title="From this frame on, a new track" onClick={() => splitHere(app())}>
              Split
            </button>
            <button data-testid="track-merge" title="Merge another track into this one" onClick={() => openTrackForm(workbench, form === 'merge' ? null : 'merge')}>
              Merge…
            </button>
            <button data-testid="track-delete-from" title="Delete this track's keyframes on this frame and after" onClick={() => deleteFromHere(app())}>
              Delete from here
            </button>
          </span>
        )}
      </div>
      {shown && form && canEdit && <TrackForms form={form} trackId={trackId} />}
    </div>
  );
});

/** What the strip shows of the editor: the selected box's track, its cells and its settings. */
interface StripState {
  readonly trackId: string | null;
  readonly cells: readonly TrackStripCell[];
  readonly settings: TrackSettings;
}

const NO_CELLS: readonly TrackStripCell[] = [];
const NO_STRIP: StripState = { trackId: null, cells: NO_CELLS, settings: NO_TRACK_SETTINGS };

/**
 * The selected object's track across the timeline: keyframes, frames it is interpolated on, frames
 * it is absent from; runs of frames share a cell when the frames outnumber what fits. A click goes
 * to that frame (a run's first) with the track still selected. Its buttons edit the track here.
 */
export function TrackStrip() {
  const workbench = useWorkbench();
  const selectedId = useView((s) => s.selectedId);
  const frameIndex = useView((s) => s.frameIndex);
  const frames = useView((s) => s.scene?.manifest.frames.length ?? 0);
  const canEdit = useView((s) => s.info?.access.canEdit ?? true);
  useView((s) => s.cloud);
  const form = useStore(trackForms(workbench), (s) => s.form);
  const editor = useEditorInstance();
  const [cellsRef, budget] = useCellBudget();
  // The cells change with the track (an edit) and the width, not with the frame shown. Cells the
  // same as those on show are kept (see trackStripCells), so selecting another track of the same
  // span re-renders none of them. A box's pose shows nowhere here: a drag's moves, and their undo,
  // neither work the cells out again nor render the strip.
  const shownCells = useRef<readonly TrackStripCell[]>([]);
  const selectStrip = useCallback(
    (e: Editor | null): StripState => {
      const trackId = e ? selectedTrackId(e, selectedId) : null;
      if (!e || trackId === null) return NO_STRIP;
      const cells = budget === 0 ? NO_CELLS : trackStripCells(trackFrameStates(e, trackId), budget, shownCells.current);
      return { trackId, cells: (shownCells.current = cells), settings: e.trackSettingsOf(trackId) };
    },
    [selectedId, budget],
  );
  const strip = useEditorSelect(selectStrip, sameFields, notPoseOnly);
  const { trackId, cells } = strip;
  const shown = editor !== null && trackId !== null;
  // The frame shown and the track are read when a cell is clicked, so the cells need not re-render
  // on each step nor on a select.
  const target = useRef({ editor, trackId });
  target.current = { editor, trackId };
  const go = useCallback(
    (cell: TrackStripCell) => {
      const { editor, trackId } = target.current;
      if (!trackId) return;
      const at = workbench.view.getState().frameIndex;
      followTrackTo({ workbench, view: workbench.view.getState(), editor: editor ?? undefined }, trackId, cell.from <= at && at <= cell.to ? at : cell.from);
    },
    [workbench],
  );
  const app = useCallback(() => ({ workbench, view: workbench.view.getState(), editor: editor ?? undefined }), [workbench, editor]);
  // The strip last shown, kept (hidden, unchanged) while nothing is selected.
  const kept = useRef<{ readonly editor: Editor; readonly props: Omit<StripBlockProps, 'shown'> } | null>(null);
  if (shown) {
    kept.current = { editor, props: { trackId, cells, current: stripCellOf(cells, frameIndex), settings: strip.settings, canEdit, form, cellsRef, go, app } };
  } else if (kept.current && kept.current.editor !== editor) kept.current = null;
  if (frames === 0) return null;
  const gt = shown ? null : selectedGroundTruth({ view: workbench.view.getState() });
  // The placeholder and the strip both stay mounted, one of them parked: a select swaps which is
  // shown and leaves their elements, styles and layout in place. The row stays when nothing is
  // selected, so selecting a box never resizes the 3D view under the pointer.
  return (
    <>
      <div className={shown ? 'track-strip-slot parked' : 'track-strip-slot'}>
        <div className="track-strip empty" data-testid="track-strip-empty">
          <span className="track-name">track</span>
          {gt && canEdit ? (
            <span className="track-tools" data-testid="ground-truth-copy">
              <span className="hint">Ground truth {gt.trackId ?? shortId(gt.objectId)}:</span>
              <button data-testid="copy-gt-box" onClick={() => copySelectedGroundTruth(app(), 'box')}>
                Copy box
              </button>
              <button data-testid="copy-gt-track" onClick={() => copySelectedGroundTruth(app(), 'track')}>
                Copy track
              </button>
            </span>
          ) : (
            <span className="hint">Select a box to see its keyframes here</span>
          )}
        </div>
      </div>
      {kept.current && <StripBlock {...kept.current.props} shown={shown} />}
    </>
  );
}
