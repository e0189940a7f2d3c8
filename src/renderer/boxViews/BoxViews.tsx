import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type CSSProperties, type KeyboardEvent } from 'react';
import { cropSquare } from '../../core/assist';
import { BOX_VIEWS, pointsInView, shrinkSelected, snapSelectedToGround, VIEW_MARGIN_M, type BoxActionContext, type BoxView } from '../../core/editor/boxViews';
import type { Editor } from '../../core/editor/editor';
import { BOX_VIEW_TOOL_ID, boxViewTool, ToolManager, type ToolContext, type ToolFrame } from '../../core/editor/tools';
import { boxOnFrame } from '../../core/editor/tools/frameBoxes';
import type { Cuboid } from '../../core/geometry/cuboid';
import { BoxViewCanvas } from './BoxViewCanvas';
import { BOX_VIEWS_FOOTER, isBoxViewKey } from './boxViewKeys';

export interface BoxViewsProps {
  readonly editor: Editor | null;
  /** The frame on screen and its points; null before one loads. */
  readonly frame: ToolFrame | null;
  readonly selectedId: string | null;
  /** Bumped on every editor change, so the views redraw the box as it is. */
  readonly revision: number;
  readonly say: (message: string | null) => void;
}

/** How far the box may move from its crop's cell (2 m, so up to √2 m) before it needs a new crop, with room to spare. */
const CROP_SLACK_M = 2;

const TITLES: Readonly<Record<BoxView, string>> = { top: 'Top', side: 'Side', front: 'Front' };

const rootStyle: CSSProperties = { display: 'flex', flexDirection: 'column', height: '100%', minHeight: 0, background: '#151a23', outline: 'none' };
const barStyle: CSSProperties = { display: 'flex', flexWrap: 'wrap', gap: 4, padding: 4, alignItems: 'center' };
// Compact: the panel is a narrow column beside the 3D view, and all three buttons should fit on one line.
const buttonStyle: CSSProperties = { fontSize: 12, padding: '2px 6px' };
const footerStyle: CSSProperties = { padding: '3px 6px', fontSize: 11, lineHeight: 1.35, color: '#8b95a7', borderTop: '1px solid #2a3342' };
const viewsStyle: CSSProperties = { position: 'relative', flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' };
const emptyStyle: CSSProperties = { position: 'absolute', inset: 0, display: 'grid', placeItems: 'center', padding: 12, textAlign: 'center', color: '#8b95a7' };

/**
 * The selected box seen from the top, the side and the front, each showing the points within a
 * margin around it and each editable (see the boxView tool). Its own tool manager runs beside the
 * 3D view's, on the same editor: a drag here is one undo step there. Arrow keys and Q / E step the
 * box while the panel has the keyboard; the buttons shrink it to its points and set it on the ground.
 */
export function BoxViews({ editor, frame, selectedId, revision, say }: BoxViewsProps) {
  const props = useRef({ frame, selectedId, say });
  props.current = { frame, selectedId, say };
  const zooms = useRef<Record<BoxView, number>>({ top: 1, side: 1, front: 1 });
  const onZoom = useCallback((view: BoxView, zoom: number) => {
    zooms.current[view] = zoom;
  }, []);

  const tools = useMemo(() => {
    if (!editor) return null;
    const ctx: ToolContext = {
      editor,
      frame: () => props.current.frame,
      activeClass: () => null,
      selectedId: () => props.current.selectedId,
      // The box views edit the selection; they never change it.
      select: () => undefined,
      say: (m) => props.current.say(m),
      setTool: () => undefined,
    };
    return new ToolManager(ctx, [boxViewTool((view) => zooms.current[view])], BOX_VIEW_TOOL_ID);
  }, [editor]);
  useEffect(() => () => void tools?.cancel(), [tools]);

  const subscribe = useMemo(() => (tools ? (l: () => void) => tools.subscribe(l) : () => () => undefined), [tools]);
  const snapshot = useSyncExternalStore(subscribe, () => tools?.snapshot() ?? null);
  const busy = snapshot !== null && !snapshot.path.endsWith('.idle');

  void revision;
  const box = editor && frame && selectedId ? (boxOnFrame(editor, selectedId, frame.frameId)?.cuboid ?? null) : null;
  // The views stay laid out on the box a drag started from: the pointer's place in the view must not move under it.
  const frameBoxRef = useRef<Cuboid | null>(null);
  if (!busy || !frameBoxRef.current) frameBoxRef.current = box;
  const frameBox = frameBoxRef.current;

  // The frame's points near the box, cut once per selection and 2 m cell: a drag (here or with the
  // 3D view's gizmo) then projects a few thousand points a step, not the whole sweep.
  const reach = frameBox ? Math.ceil(Math.hypot(frameBox.size[0], frameBox.size[1]) / 2) + VIEW_MARGIN_M + CROP_SLACK_M : 0;
  const cellX = frameBox ? Math.round(frameBox.center[0] / 2) : 0;
  const cellY = frameBox ? Math.round(frameBox.center[1] / 2) : 0;
  const near = useMemo(
    () => (frame && reach > 0 ? cropSquare(frame.points, frame.stride, [cellX * 2, cellY * 2], reach).points : null),
    [frame, reach, cellX, cellY],
  );
  const points = useMemo(() => {
    if (!frameBox || !near) return null;
    return Object.fromEntries(BOX_VIEWS.map((v) => [v, pointsInView(frameBox, v, near, 3)])) as Record<BoxView, ReturnType<typeof pointsInView>>;
  }, [frameBox, near]);

  const shown = box !== null && frameBox !== null && points !== null;

  const [fitCount, setFitCount] = useState(0);
  // Shown, since the arrows step the box only while the panel has the keyboard (else they step frames).
  const [focused, setFocused] = useState(false);
  const actionCtx: BoxActionContext | null = editor ? { editor, frame: () => frame, selectedId: () => selectedId, say } : null;

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!tools) return;
    if (e.key === 'Escape' && tools.busy) {
      tools.cancel();
    } else if (box && isBoxViewKey(e.key, e.ctrlKey || e.altKey || e.metaKey)) {
      tools.keyDown({ key: e.key, modifiers: { shift: e.shiftKey, ctrl: e.ctrlKey, alt: e.altKey, meta: e.metaKey } });
    } else return;
    // Handled here: the window's shortcuts (the timeline's arrows, Escape's deselect) leave it alone.
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div
      style={{ ...rootStyle, boxShadow: focused ? 'inset 0 0 0 1px #60a5fa' : 'none' }}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onFocus={() => setFocused(true)}
      onBlur={() => setFocused(false)}
      data-testid="box-views"
      data-tool-state={snapshot?.path ?? ''}
      data-focused={focused}
    >
      <div style={barStyle}>
        <button type="button" style={buttonStyle} data-testid="box-views-shrink" disabled={!box || !actionCtx} onClick={() => actionCtx && shrinkSelected(actionCtx)} title="Shrink the box to the points inside it, above the ground (heading kept)">
          Shrink
        </button>
        <button type="button" style={buttonStyle} data-testid="box-views-snap" disabled={!box || !actionCtx} onClick={() => actionCtx && snapSelectedToGround(actionCtx)} title="Move the bottom face to the ground around the box (top kept)">
          Snap to ground
        </button>
        <button type="button" style={buttonStyle} data-testid="box-views-fit" disabled={!box} onClick={() => setFitCount((n) => n + 1)} title="Zoom every view to fit the box">
          Fit
        </button>
      </div>
      <div style={viewsStyle}>
        {tools &&
          BOX_VIEWS.map((v) => (
            <BoxViewCanvas
              key={v}
              view={v}
              title={TITLES[v]}
              frameBox={shown ? frameBox : null}
              box={shown ? box : null}
              points={shown ? points[v] : null}
              tools={tools}
              fitKey={`${selectedId}:${fitCount}`}
              onZoom={onZoom}
            />
          ))}
        {!shown && (
          <div style={emptyStyle} data-testid="box-views-empty">
            Select a box to see it from the top, the side and the front.
          </div>
        )}
      </div>
      <div style={footerStyle} data-testid="box-views-footer">
        {BOX_VIEWS_FOOTER}
      </div>
    </div>
  );
}
