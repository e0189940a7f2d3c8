import { useEffect, useMemo, useRef, type RefObject } from 'react';
import { groundTruthInFrame } from '../state/loadScene';
import { frameBoxes } from '../state/frameBoxesCache';
import { useEditor, useView, useWorkbench } from '../workbench/context';
import { drawCuboids, drawFrameLayer, drawLiftedCuboid, drawPoints, drawSelectedCuboid, frameCameraViews, moveLiftedBox, strokeOverlayBoxes, type CameraView, type DrawnBox, type OverlayCuboid } from '../viewer/cameraOverlay';
import { planBoxesLayer, type BoxesLayerDrawn } from '../viewer/boxesLayerPlan';
import { replicaColour } from '../review/replicaColours';
import { useInspectionOverlay } from '../inspection/useInspectionOverlay';
import type { Image2dAnnotation } from '../../core/annotations/guards';
import { drawDraft, drawImageLabels, imageLabelsOn } from '../camera2d/drawImageLabels';
import { useImageLabelPointer, type ImageLabelPointer } from '../camera2d/useImageLabelPointer';
import { drawLassoDraft, useCameraLasso, type LassoDraft } from '../segmentation/useCameraLasso';
import { useLabelColours } from '../segmentation/useLabelColours';
import { useStore } from 'zustand';
import { sceneCameraRigs } from '../../core/scene/cameraRigs';
import { useCameraBoxTool } from '../camera2d/useCameraBoxTool';
import { drawCameraBoxHandles, pixelAttribute } from '../camera2d/drawCameraBoxHandles';
import { image2dTool } from '../camera2d/image2dTool';
import { cameraBoxHandles } from '../../core/editor/tools/cameraBoxTool';
import { boxOnFrame } from '../../core/editor/tools/frameBoxes';
import type { Editor } from '../../core/editor/editor';
import type { CameraRig } from '../../core/annotations/box2d/project';
import type { IgnoreRegion, SceneFrame } from '../../core/scene/manifest';

const NO_REGIONS: readonly IgnoreRegion[] = [];

function CameraPanel({ view }: { view: CameraView }) {
  const scene = useView((s) => s.scene);
  const frameIndex = useView((s) => s.frameIndex);
  const cloud = useView((s) => s.cloud);
  const image = useView((s) => s.frameImages.get(view.sensorId));
  const ontology = useView((s) => s.ontology);
  const showGroundTruth = useView((s) => s.showGroundTruth);
  const revision = useView((s) => s.revision);
  const replicaFrame = useView((s) => (s.replicaOverlay ? s.replicaFrame : null));
  const editor = useEditor();
  const workbench = useWorkbench();
  const canvas = useRef<HTMLCanvasElement>(null);
  const boxes = useRef<DrawnBox[]>([]);
  const frame = scene?.manifest.frames[frameIndex];
  const labels = useRef<Image2dAnnotation[]>([]);
  const rigs = useMemo(() => (scene ? sceneCameraRigs(scene.manifest) : null), [scene]);
  const rig = (frame && rigs?.(frame.frameId).find((r) => r.cameraId === view.sensorId)) || null;
  const cuboidTool = useCameraBoxTool(editor, workbench, rig);

  const pickCuboid = (u: number, v: number) => {
    // Smallest box under the cursor: the nearer of two overlapping objects is usually the smaller on screen.
    const hit = boxes.current
      .filter((b) => u >= b.minU && u <= b.maxU && v >= b.minV && v <= b.maxV)
      .sort((a, b) => Number(a.groundTruth) - Number(b.groundTruth) || (a.maxU - a.minU) * (a.maxV - a.minV) - (b.maxU - b.minU) * (b.maxV - b.minV))[0];
    if (hit) workbench.view.getState().pick(hit.objectId);
    else workbench.view.getState().deselect();
  };
  const pointer = useImageLabelPointer(view, frame?.frameId, labels, editor, workbench, pickCuboid, cuboidTool);
  const draft = pointer.draft;
  // With the Segment tool's lasso, a drag on the image lassoes points instead of editing 2D labels.
  const lasso = useCameraLasso(view);
  const handlers = lasso.active ? lasso.handlers : pointer.handlers;

  // What changes with the frame only (the image, the sweep's points, the dataset's ignore regions)
  // is drawn on one canvas: each canvas in the document is a composited layer of its own, which
  // Chromium's compositor goes over on every frame of every interaction, changed or not, and these
  // were three per camera. Boxes, the lifted box and the selection keep layers of their own, so an
  // edit never redraws this one.
  const frameCanvas = useRef<HTMLCanvasElement>(null);
  // The points are written with putImageData, which replaces pixels instead of blending them, so
  // they go to a canvas outside the document (no layer) that is then drawn over the image. Points
  // change with the frame and its point labels only; the image may arrive after them, and then the
  // sweep is not projected again.
  const pointsLayer = useRef<{ readonly ctx: OffscreenCanvasRenderingContext2D; from: readonly unknown[] } | null>(null);
  const sweep = cloud && frame && cloud.frameId === frame.frameId ? cloud : null;
  const labelColours = useLabelColours(sweep);
  // The dataset's ignore regions of this image (KITTI DontCare), over the points and under the boxes.
  const ignoreRegions = useMemo(() => {
    const here = scene && frame && showGroundTruth ? scene.manifest.ignoreRegions.filter((r) => r.frameId === frame.frameId && r.cameraId === view.sensorId) : NO_REGIONS;
    return here.length > 0 ? here : NO_REGIONS;
  }, [scene, frame, view.sensorId, showGroundTruth]);
  useEffect(() => {
    const ctx = frameCanvas.current?.getContext('2d');
    if (!ctx) return;
    const colours = sweep && labelColours?.length === sweep.points.length ? labelColours : null;
    const layer = (pointsLayer.current ??= { ctx: new OffscreenCanvas(view.width, view.height).getContext('2d')!, from: [] });
    const from = [view, sweep, colours];
    if (from.some((x, i) => x !== layer.from[i])) {
      if (layer.ctx.canvas.width !== view.width || layer.ctx.canvas.height !== view.height) {
        layer.ctx.canvas.width = view.width;
        layer.ctx.canvas.height = view.height;
      }
      drawPoints(layer.ctx, view, sweep?.points ?? null, colours);
      layer.from = from;
    }
    const bitmap = image && typeof image !== 'string' && image.width > 0 ? image : null;
    drawFrameLayer(ctx, view, bitmap, sweep ? layer.ctx.canvas : null, ignoreRegions);
  }, [image, view, sweep, labelColours, ignoreRegions]);

  // The frame's boxes, each in its class's look, on a layer of their own: redrawn when the boxes
  // or how they are shown change, not when only the selection does (the layer above shows it).
  const boxesCanvas = useRef<HTMLCanvasElement>(null);
  const cuboids = useMemo(() => (editor && frame ? frameBoxes(editor, frame.frameId) : []), [editor, frame, revision]);
  const groundTruth = useMemo(() => (showGroundTruth ? groundTruthInFrame({ scene, cloud, frameIndex }) : []), [showGroundTruth, scene, cloud, frameIndex]);
  const colourOf = useMemo(() => {
    const colours = new Map<string, string | undefined>();
    for (const c of ontology?.classes ?? []) if (!colours.has(c.classId)) colours.set(c.classId, c.color);
    return (classId: string) => colours.get(classId) ?? '#e5e7eb';
  }, [ontology]);
  const imageLabels = useMemo(() => (editor && frame ? imageLabelsOn(editor, frame.frameId, view.sensorId) : []), [editor, frame, view, revision]);
  // While an edit changes the selected box alone (a gizmo drag), the layer is drawn once without it
  // and then left alone, the box drawn alone on the layer above (planBoxesLayer): redrawing the
  // frame's 1,000 boxes on every pointer move was most of a move's work.
  const liftedCanvas = useRef<HTMLCanvasElement>(null);
  const drawnLayer = useRef<BoxesLayerDrawn | null>(null);
  const paintBoxes = useRef<((selectedId: string | null) => void) | null>(null);
  useEffect(() => {
    const ctx = boxesCanvas.current?.getContext('2d');
    const liftedCtx = liftedCanvas.current?.getContext('2d');
    if (!ctx || !liftedCtx || !frame) return;
    const replicas = replicaFrame?.frameIndex === frameIndex ? replicaFrame : null;
    const shown = [view, frame, colourOf, groundTruth, replicas];
    const paint = (selectedId: string | null) => {
      const before = drawnLayer.current;
      // Replicas are stroked over the boxes: with them shown nothing is lifted, so none is drawn over them.
      const plan = planBoxesLayer(before, shown, cuboids, replicas ? null : selectedId);
      if (plan.redraw) {
        // Interpolated boxes too: the camera shows every box the 3D view shows on this frame.
        boxes.current = drawCuboids(ctx, view, cuboids, colourOf, groundTruth, plan.lifted);
        if (replicas) {
          const overlay = replicas.replicas.flatMap((r, i) => r.boxes.map((b) => ({ cuboid: b.cuboid, colour: replicaColour(i), width: b.disputed ? 2.4 : 1 })));
          strokeOverlayBoxes(ctx, view, overlay);
        }
      }
      const moved = plan.lifted !== null && (plan.redraw || cuboids !== before?.cuboids);
      if (moved) {
        const box = cuboids.find((c) => c.objectId === plan.lifted) ?? null;
        drawLiftedCuboid(liftedCtx, view, box, colourOf);
        // The pointer picks the lifted box where it now is.
        if (box && !plan.redraw) moveLiftedBox(view, boxes.current, box);
      } else if (plan.lifted === null && (before?.lifted ?? null) !== null) drawLiftedCuboid(liftedCtx, view, null, colourOf);
      drawnLayer.current = { shown, cuboids, lifted: plan.lifted };
    };
    paintBoxes.current = paint;
    paint(workbench.view.getState().selectedId);
  }, [view, frame, cuboids, colourOf, groundTruth, frameIndex, replicaFrame, workbench]);
  // A select moving off the lifted box puts it back on the layer. Followed outside React: the panel
  // does not render on a select, and a select with nothing lifted draws nothing here.
  useEffect(
    () =>
      workbench.view.subscribe((s) => {
        const lifted = drawnLayer.current?.lifted ?? null;
        if (lifted !== null && s.selectedId !== lifted) paintBoxes.current?.(s.selectedId);
      }),
    [workbench],
  );

  // The pointer hits the labels the top layer shows.
  useEffect(() => {
    labels.current = imageLabels;
  }, [imageLabels]);

  if (!scene || !frame?.images[view.sensorId]) return null;
  return (
    <figure className="camera-panel" data-testid={`camera-${view.sensorId}`} data-image={image === undefined ? 'loading' : typeof image === 'string' ? 'failed' : 'shown'}>
      <div className="camera-frame" style={{ aspectRatio: `${view.width} / ${view.height}` }}>
        {/* The ignore regions' test id and count stay on the canvas that draws them. */}
        <canvas ref={frameCanvas} width={view.width} height={view.height} className="frame-layer" data-testid={`camera-ignore-${view.sensorId}`} data-regions={ignoreRegions.length} />
        <canvas ref={boxesCanvas} width={view.width} height={view.height} className="boxes-layer" />
        <canvas ref={liftedCanvas} width={view.width} height={view.height} className="lifted-layer" />
        <canvas ref={canvas} width={view.width} height={view.height} tabIndex={0} {...handlers} data-testid={`camera-overlay-${view.sensorId}`} />
        <SelectionLayer
          canvas={canvas}
          view={view}
          frame={frame}
          editor={editor}
          cuboids={cuboids}
          groundTruth={groundTruth}
          colourOf={colourOf}
          imageLabels={imageLabels}
          draft={draft}
          lassoDraft={lasso.draft}
          rig={rig}
        />
      </div>
      <figcaption>
        {view.sensorId}
        {ignoreRegions.length > 0 && (
          <span
            className="ignore-legend"
            data-testid={`camera-ignore-legend-${view.sensorId}`}
            title={`ignore region (${[...new Set(ignoreRegions.map((r) => r.sourceClass ?? 'ignore'))].join(', ')}): left unlabelled by the dataset on purpose; a detection inside that matches no label is neither a hit nor a false positive`}
          >
            <span className="ignore-swatch" aria-hidden />
            ignore region ({[...new Set(ignoreRegions.map((r) => r.sourceClass ?? 'ignore'))].join(', ')}) × {ignoreRegions.length}
          </span>
        )}
        {typeof image === 'string' && (
          <span className="error" data-testid={`camera-error-${view.sensorId}`}>
            {' '}
            — {image}
          </span>
        )}
      </figcaption>
    </figure>
  );
}

interface SelectionLayerProps {
  readonly canvas: RefObject<HTMLCanvasElement | null>;
  readonly view: CameraView;
  readonly frame: SceneFrame;
  readonly editor: Editor | null | undefined;
  readonly cuboids: readonly OverlayCuboid[];
  readonly groundTruth: readonly OverlayCuboid[];
  readonly colourOf: (classId: string) => string;
  readonly imageLabels: readonly Image2dAnnotation[];
  readonly draft: ImageLabelPointer['draft'];
  readonly lassoDraft: LassoDraft | null;
  readonly rig: CameraRig | null;
}

/**
 * What follows the selection, drawn on the panel's top layer (the one that takes the pointer): the
 * selected box, the inspection outcome, the 2D labels, drafts and the selected cuboid's handles.
 * A component of its own, drawing nothing in the DOM, so a select renders it alone and not the
 * panel with its pointer, lasso and box-tool hooks.
 */
function SelectionLayer({ canvas, view, frame, editor, cuboids, groundTruth, colourOf, imageLabels, draft, lassoDraft, rig }: SelectionLayerProps) {
  const selectedId = useView((s) => s.selectedId);
  const revision = useView((s) => s.revision);
  const inspection = useInspectionOverlay(frame.frameId, selectedId);
  const tool = useStore(image2dTool, (s) => s.tool);
  const chosenVertex = useStore(image2dTool, (s) => s.vertex);
  // Whether the layer holds nothing (as a new or resized canvas does): then a redraw that draws
  // nothing, each step with nothing selected and no 2D labels, need not clear it.
  const blank = useRef(true);
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    const own = selectedId === null ? undefined : cuboids.find((c) => c.objectId === selectedId);
    const reference = selectedId === null || own ? undefined : groundTruth.find((c) => c.objectId === selectedId);
    // The selected cuboid's footprint and yaw knob: the camera view edits the 3D box (Edit 2D labels tool).
    const selectedBox = tool === 'select' && editor && selectedId ? boxOnFrame(editor, selectedId, frame.frameId) : null;
    const handles = selectedBox && rig ? cameraBoxHandles(selectedBox.cuboid, rig) : null;
    const empty = !own && !reference && inspection.length === 0 && imageLabels.length === 0 && !draft && !lassoDraft && !handles;
    if (!(empty && blank.current)) {
      ctx.clearRect(0, 0, view.width, view.height);
      if (own) drawSelectedCuboid(ctx, view, own, false);
      else if (reference) drawSelectedCuboid(ctx, view, reference, true);
      if (inspection.length > 0) strokeOverlayBoxes(ctx, view, inspection);
      drawImageLabels(ctx, imageLabels, colourOf, selectedId, chosenVertex?.objectId === selectedId ? chosenVertex.index : null);
      if (draft) drawDraft(ctx, draft);
      if (lassoDraft) drawLassoDraft(ctx, lassoDraft);
      if (handles) drawCameraBoxHandles(ctx, handles);
    }
    blank.current = empty;
    // Where the handles are, for the flows that drag them.
    const f = handles?.footprint;
    ctx.canvas.dataset.footprint = pixelAttribute(f ? [f.reduce((a, p) => a + p[0], 0) / f.length, f.reduce((a, p) => a + p[1], 0) / f.length] : null);
    ctx.canvas.dataset.yawKnob = pixelAttribute(handles?.yawKnob ?? null);
  }, [canvas, view, frame, editor, revision, cuboids, groundTruth, colourOf, imageLabels, selectedId, inspection, draft, tool, rig, chosenVertex, lassoDraft]);
  return null;
}

/** Every camera of the frame, with the frame's LiDAR and boxes projected into it. */
export function CameraPanels() {
  const scene = useView((s) => s.scene);
  const frameIndex = useView((s) => s.frameIndex);
  const sensorId = useView((s) => s.cloud?.sensorId);
  const frame = scene?.manifest.frames[frameIndex];
  const views = useMemo(() => (scene && frame && sensorId ? frameCameraViews(scene.manifest, frame, sensorId) : []), [scene, frame, sensorId]);
  if (views.length === 0) return null;
  return (
    <section className="camera-panels" data-testid="camera-panels">
      {views.map((v) => (
        <CameraPanel key={v.sensorId} view={v} />
      ))}
    </section>
  );
}
