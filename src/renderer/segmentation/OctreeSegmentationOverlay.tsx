import { useThree } from '@react-three/fiber';
import { useEffect, useRef, useState } from 'react';
import * as THREE from 'three';
import { useStore } from 'zustand';
import type { Vec3 } from '../../core/geometry/vec3';
import type { PointCloudInfo } from '../state/viewStore';
import { useEditor, useView, useWorkbench } from '../workbench/context';
import { octreeSegmentationOf, type OctreeTool } from './octreeSegmentation';
import { ImportLabelButton } from './ImportLabelButton';
import { segmentationOf } from './segmentation';
import './segmentation.css';
import { formatCount } from '../ui/format';

/** Inside the canvas: lends the octree segmentation the view's camera (a lasso on screen becomes a selection through it). */
export function OctreeSegmentationBinding() {
  const workbench = useWorkbench();
  const { camera, gl } = useThree();
  useEffect(() => {
    const octree = octreeSegmentationOf(workbench);
    octree.bindView({
      viewProjection: () => new THREE.Matrix4().multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse).elements.slice(),
      size: () => {
        const r = gl.domElement.getBoundingClientRect();
        return { width: r.width, height: r.height };
      },
    });
    return () => octree.bindView(null);
  }, [workbench, camera, gl]);
  return null;
}

const TOOLS: readonly { readonly tool: OctreeTool; readonly label: string; readonly title: string }[] = [
  { tool: 'orbit', label: 'Orbit', title: 'Move the view (no labelling)' },
  { tool: 'lasso', label: 'Lasso', title: 'Draw around points: every drawn point inside, through all depths' },
  { tool: 'brush', label: 'Brush', title: 'Paint over the points the cursor touches (sphere or cylinder of the radius)' },
  { tool: 'box', label: 'Box', title: 'Drag from one corner to the other: all points in the upright box between them' },
];

type Gesture = { readonly tool: 'lasso'; readonly screen: [number, number][] } | { readonly tool: 'brush' | 'box'; readonly screen: [number, number][]; readonly picked: Vec3[] };

/**
 * Point segmentation over a streamed octree: the tools (lasso, brush, box) over the nodes drawn,
 * the class written (the scene's segmentation classes, with their hide and lock), undo and redo,
 * and the octree's labels out and in as a SemanticKITTI `.label` file in octree.bin point order.
 */
export function OctreeSegmentationOverlay({ cloud }: { cloud: PointCloudInfo }) {
  const workbench = useWorkbench();
  const octree = octreeSegmentationOf(workbench);
  const seg = segmentationOf(workbench);
  const editor = useEditor();
  useView((s) => s.ontology);
  const state = useStore(octree.store);
  const classId = useStore(seg.store, (s) => s.classId);
  const hidden = useStore(seg.store, (s) => s.hidden);
  const locked = useStore(seg.store, (s) => s.locked);
  const brushRadius = useStore(seg.store, (s) => s.brushRadius);
  const [gesture, setGesture] = useState<Gesture | null>(null);
  const gestureRef = useRef<Gesture | null>(null);
  const picking = useRef<Promise<unknown>>(Promise.resolve());
  const [labelledInView, setLabelledInView] = useState(0);
  const say = (m: string) => workbench.view.getState().say(m);

  useEffect(() => octree.followEditor(editor), [octree, editor, state.status]);
  // The labelled points drawn: counted on each label change and as nodes stream in.
  useEffect(() => {
    if (state.status !== 'ready') return;
    const count = () => setLabelledInView(octree.labelledInView());
    count();
    const timer = setInterval(count, 1000);
    return () => clearInterval(timer);
  }, [octree, state.status, state.version]);

  // While a labelling tool is chosen, the worker is kept holding the drawn nodes' points as they stream in.
  useEffect(() => {
    if (state.status !== 'ready' || state.tool === 'orbit') return;
    octree.warmWorker();
    const timer = setInterval(() => octree.warmWorker(), 1000);
    return () => clearInterval(timer);
  }, [octree, state.status, state.tool]);

  const classes = seg.classes();
  const active = classes.find((c) => c.classId === classId) ?? null;
  const surface = useRef<HTMLDivElement>(null);
  const at = (e: React.PointerEvent): [number, number] => {
    const r = surface.current!.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  };
  const update = (g: Gesture | null) => {
    gestureRef.current = g;
    setGesture(g);
  };
  const pickInto = (g: Extract<Gesture, { tool: 'brush' | 'box' }>, p: [number, number]) => {
    // One pick at a time: a stroke samples the cloud as fast as the worker answers.
    picking.current = picking.current.then(() => octree.pick(p[0], p[1])).then((hit) => {
      if (hit) g.picked.push(hit);
    });
  };

  const down = (e: React.PointerEvent) => {
    if (e.button !== 0 || state.tool === 'orbit') return;
    (e.target as HTMLElement).setPointerCapture(e.pointerId);
    const p = at(e);
    if (state.tool === 'lasso') update({ tool: 'lasso', screen: [p] });
    else {
      const g = { tool: state.tool, screen: [p], picked: [] as Vec3[] };
      pickInto(g, p);
      update(g);
    }
  };
  const move = (e: React.PointerEvent) => {
    const g = gestureRef.current;
    if (!g) return;
    const p = at(e);
    const last = g.screen[g.screen.length - 1];
    if (Math.hypot(p[0] - last[0], p[1] - last[1]) < 3) return;
    if (g.tool === 'box') return update({ ...g, screen: [g.screen[0], p] });
    if (g.tool === 'brush') pickInto(g, p);
    update({ ...g, screen: [...g.screen, p] } as Gesture);
  };
  const up = async (e: React.PointerEvent) => {
    const g = gestureRef.current;
    if (!g) return;
    update(null);
    const p = at(e);
    if (g.tool === 'lasso') {
      if (g.screen.length >= 3) await octree.lasso(g.screen);
      return;
    }
    if (g.tool === 'box') {
      const first = g.picked;
      const end: Vec3[] = [];
      picking.current = picking.current.then(() => octree.pick(p[0], p[1])).then((hit) => void (hit && end.push(hit)));
      await picking.current;
      if (first.length === 0 || end.length === 0) return say('Start and end the box on points of the cloud.');
      return octree.box(first[0], end[0]);
    }
    await picking.current;
    await octree.brush(g.picked);
  };

  const exportLabels = () => {
    try {
      const a = document.createElement('a');
      a.href = URL.createObjectURL(octree.exportLabels());
      a.download = `${cloud.name.replace(/\.[^.]*$/, '')}.label`;
      a.click();
      URL.revokeObjectURL(a.href);
    } catch (err) {
      say((err as Error).message);
    }
  };
  const importLabels = async (file: File) => {
    try {
      const changed = octree.importLabels(new Uint8Array(await file.arrayBuffer()), file.name);
      say(changed ? `Imported ${file.name}: ${formatCount(changed)} points changed.` : `${file.name} holds the labels already shown.`);
    } catch (err) {
      say((err as Error).message);
    }
  };

  const ready = state.status === 'ready';
  const last = state.last;
  return (
    <>
      {state.tool !== 'orbit' && (
        <div
          ref={surface}
          className="octree-seg-surface"
          data-testid="octree-seg-surface"
          data-tool={state.tool}
          data-last-shape={state.lastShape ? JSON.stringify(state.lastShape) : undefined}
          onPointerDown={down}
          onPointerMove={move}
          onPointerUp={(e) => void up(e)}
          onPointerCancel={() => update(null)}
        >
          {gesture && (
            <svg className="octree-seg-preview">
              {gesture.tool === 'box' && gesture.screen.length === 2 ? (
                <rect x={Math.min(gesture.screen[0][0], gesture.screen[1][0])} y={Math.min(gesture.screen[0][1], gesture.screen[1][1])} width={Math.abs(gesture.screen[1][0] - gesture.screen[0][0])} height={Math.abs(gesture.screen[1][1] - gesture.screen[0][1])} />
              ) : (
                <polyline points={gesture.screen.map((p) => p.join(',')).join(' ')} className={gesture.tool} />
              )}
            </svg>
          )}
        </div>
      )}
      <div className="octree-seg" data-testid="octree-seg">
        <div className="octree-seg-row">
          {TOOLS.map((t) => (
            <button key={t.tool} data-testid={`octree-tool-${t.tool}`} className={state.tool === t.tool ? 'active' : undefined} title={t.title} disabled={!ready && t.tool !== 'orbit'} onClick={() => octree.set({ tool: t.tool })}>
              {t.label}
            </button>
          ))}
        </div>
        <div className="octree-seg-row">
          <select data-testid="octree-seg-class" value={classId} onChange={(e) => seg.set({ classId: e.target.value })}>
            {classes.map((c) => (
              <option key={c.classId} value={c.classId}>
                {c.name}
              </option>
            ))}
          </select>
          {active && (
            <>
              <span className="swatch" style={{ background: active.color }} />
              <label title="Drawn hidden, and never painted over">
                <input data-testid="octree-seg-hide" type="checkbox" checked={hidden.includes(active.semantic)} onChange={() => seg.toggle('hidden', active.semantic)} /> hide
              </label>
              <label title="Its points keep their label whatever a tool selects">
                <input data-testid="octree-seg-lock" type="checkbox" checked={locked.includes(active.semantic)} onChange={() => seg.toggle('locked', active.semantic)} /> lock
              </label>
            </>
          )}
        </div>
        {state.tool === 'brush' && (
          <label className="octree-seg-row">
            Radius {brushRadius.toFixed(2)} m
            <input data-testid="octree-seg-radius" type="range" min={0.1} max={5} step={0.05} value={brushRadius} onChange={(e) => seg.set({ brushRadius: Number(e.target.value) })} />
          </label>
        )}
        {state.tool === 'box' && (
          <label className="octree-seg-row">
            Height over corners
            <input data-testid="octree-seg-box-height" type="number" min={0} step={0.5} value={state.boxHeight} onChange={(e) => octree.set({ boxHeight: Math.max(0, Number(e.target.value)) })} style={{ width: 56 }} /> m
          </label>
        )}
        <div className="octree-seg-row">
          <button data-testid="octree-seg-undo" disabled={!editor?.canUndo} title={editor?.undoLabel ? `Undo ${editor.undoLabel}` : 'Undo'} onClick={() => octree.undo()}>
            Undo
          </button>
          <button data-testid="octree-seg-redo" disabled={!editor?.canRedo} title={editor?.redoLabel ? `Redo ${editor.redoLabel}` : 'Redo'} onClick={() => octree.redo()}>
            Redo
          </button>
          <button data-testid="octree-seg-export" disabled={!ready} title="The octree's labels as a SemanticKITTI .label file, one per point in octree.bin order" onClick={exportLabels}>
            Export .label
          </button>
          <ImportLabelButton testId="octree-seg-import" disabled={!ready} onFile={(file) => void importLabels(file)} />
        </div>
        <div
          className="octree-seg-status"
          data-testid="octree-seg-status"
          data-status={state.status}
          data-frame-id={state.frameId ?? undefined}
          data-points={state.pointCount}
          data-origin={state.origin?.join(',')}
          data-version={state.version}
          data-working={state.working}
          data-changed={last?.changed}
          data-selected={last?.selected}
          data-looked={last?.looked}
          data-select-ms={last ? last.selectMs.toFixed(1) : undefined}
          data-labelled-in-view={labelledInView}
        >
          {state.status === 'loading' && 'Reading the octree for labelling…'}
          {state.status === 'unavailable' && state.message}
          {ready &&
            `${formatCount(labelledInView)} labelled points drawn${last ? ` · last: ${formatCount(last.changed)} of ${formatCount(last.looked)} loaded, selected in ${last.selectMs.toFixed(0)} ms` : ''}${state.working ? ' · selecting…' : ''}`}
        </div>
      </div>
    </>
  );
}
