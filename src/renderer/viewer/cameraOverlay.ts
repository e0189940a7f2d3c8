import { cameraModelFromIntrinsics, cuboidMayShow, projectCuboidPacked, projectPoints, projectPointsIndexed, undistortedPinhole, type CameraModel, type RigidTransform } from '../../core/camera';
import { HIDE, LABEL } from '../../core/segmentation/labelColours';
import { frameCameraCaptures } from '../../core/scene/captureCalibration';
import type { CuboidAnnotation } from '../../core/model/annotation';
import type { SceneFrame, SceneManifest } from '../../core/scene/manifest';

export interface CameraView {
  readonly sensorId: string;
  readonly width: number;
  readonly height: number;
  readonly model: CameraModel;
  /** Maps points of the LiDAR frame into this camera's optical frame. */
  readonly cameraFromLidar: RigidTransform;
}

// The same views for a frame each time it is shown (a manifest's frames are never mutated), so the
// boxes' projections held per view (below) still hold when the timeline comes back to a frame.
const viewsOfFrame = new WeakMap<SceneFrame, Map<string, CameraView[]>>();

/** Every camera image of a frame, with its model and the transform from the frame's LiDAR. */
export function frameCameraViews(manifest: SceneManifest, frame: SceneFrame, lidarId: string): CameraView[] {
  let byLidar = viewsOfFrame.get(frame);
  if (!byLidar) viewsOfFrame.set(frame, (byLidar = new Map()));
  let views = byLidar.get(lidarId);
  if (!views) byLidar.set(lidarId, (views = cameraViews(manifest, frame, lidarId)));
  return views;
}

function cameraViews(manifest: SceneManifest, frame: SceneFrame, lidarId: string): CameraView[] {
  return frameCameraCaptures(manifest, frame, lidarId).flatMap((c) => {
    try {
      return [{ sensorId: c.sensorId, width: c.width, height: c.height, model: cameraModelFromIntrinsics(c.intrinsics), cameraFromLidar: c.cameraFromLidar }];
    } catch {
      // A camera whose intrinsics cannot project is left out; the manifest check names it.
      return [];
    }
  });
}

/** Near red, far blue: the depth ramp annotation tools use for projected LiDAR, 2 m to 50 m. */
const DEPTH_NEAR = 2;
const DEPTH_FAR = 50;
const RAMP_STEPS = 256;
/** Drawn translucent, so the image stays readable under a dense sweep. */
const POINT_ALPHA = 140;
/** Labelled points are drawn nearly opaque: the label is what the annotator checks against the image. */
const LABELLED_ALPHA = 230;

/** The ramp as packed RGB, computed once (hue 0° → 240° at 95 % saturation, 55 % lightness). */
const DEPTH_RAMP: Uint8Array = (() => {
  const ramp = new Uint8Array(RAMP_STEPS * 3);
  const s = 0.95;
  const l = 0.55;
  const chroma = (1 - Math.abs(2 * l - 1)) * s;
  for (let i = 0; i < RAMP_STEPS; i++) {
    const h = ((i / (RAMP_STEPS - 1)) * 240) / 60;
    const x = chroma * (1 - Math.abs((h % 2) - 1));
    const [r, g, b] = h < 1 ? [chroma, x, 0] : h < 2 ? [x, chroma, 0] : h < 3 ? [0, chroma, x] : [0, x, chroma];
    const m = l - chroma / 2;
    ramp.set([Math.round((r + m) * 255), Math.round((g + m) * 255), Math.round((b + m) * 255)], i * 3);
  }
  return ramp;
})();

/** A canvas in the document or one outside it (which Chromium does not composite). */
type Context2d = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** What the overlay needs of a box: annotations and ground truth alike. */
export type OverlayCuboid = Pick<CuboidAnnotation, 'objectId' | 'classId' | 'cuboid'>;

export interface DrawnBox {
  readonly objectId: string;
  /** Read-only reference boxes are picked only where no editable box is under the cursor. */
  readonly groundTruth: boolean;
  /** Pixel bounding box of the projected edges, for picking. */
  readonly minU: number;
  readonly minV: number;
  readonly maxU: number;
  readonly maxV: number;
}

/**
 * Draws a frame's LiDAR points over a camera image, coloured by depth, as 2×2 pixel dots written
 * straight into one ImageData: a fill call per point (and a colour string parsed per point) costs
 * tens of milliseconds per camera on a 100k-point sweep, which stepping frames cannot afford.
 */
export function drawPoints(ctx: Context2d, view: CameraView, points: Float32Array | null, labelColours: Uint8Array | null = null): void {
  const { width, height } = view;
  if (!points) {
    ctx.clearRect(0, 0, width, height);
    return;
  }
  const image = imageFor(ctx, width, height);
  const data = image.data;
  // With the segmentation's colours (RGBA per point, alpha saying hide, keep or label), labelled
  // points show their label's colour as in the 3D view, and hidden ones are not drawn.
  const projected = labelColours ? projectPointsIndexed(points, 4, view.cameraFromLidar, view.model, width, height) : null;
  const uvd = projected ? projected.uvd : projectPoints(points, 4, view.cameraFromLidar, view.model, width, height);
  const n = uvd.length / 3;
  const scale = (RAMP_STEPS - 1) / (DEPTH_FAR - DEPTH_NEAR);
  const buffers = pointOrderFor(ctx, n);
  const steps = buffers.steps;
  for (let i = 0; i < n; i++) steps[i] = Math.max(0, Math.min(RAMP_STEPS - 1, Math.round((uvd[i * 3 + 2] - DEPTH_NEAR) * scale)));
  // Far points first, so nearer ones (drawn later) stay on top as in the image: a counting sort
  // on the ramp step, linear in the number of points.
  const order = farthestFirst(buffers, n);
  for (let o = 0; o < n; o++) {
    const i = order[o];
    const u = Math.round(uvd[i * 3] - 0.5);
    const v = Math.round(uvd[i * 3 + 1] - 0.5);
    const step = steps[i];
    let r = DEPTH_RAMP[step * 3];
    let g = DEPTH_RAMP[step * 3 + 1];
    let b = DEPTH_RAMP[step * 3 + 2];
    let a = POINT_ALPHA;
    if (projected && labelColours) {
      const c = 4 * projected.index[i];
      if (labelColours[c + 3] === HIDE) continue;
      if (labelColours[c + 3] === LABEL) {
        r = labelColours[c];
        g = labelColours[c + 1];
        b = labelColours[c + 2];
        a = LABELLED_ALPHA;
      }
    }
    for (let dv = 0; dv < 2; dv++) {
      const y = v + dv;
      if (y < 0 || y >= height) continue;
      for (let du = 0; du < 2; du++) {
        const x = u + du;
        if (x < 0 || x >= width) continue;
        const k = (y * width + x) * 4;
        data[k] = r;
        data[k + 1] = g;
        data[k + 2] = b;
        data[k + 3] = a;
      }
    }
  }
  ctx.putImageData(image, 0, 0);
}

// One ImageData per canvas, cleared and written again on each draw: a new one per frame stepped
// onto (230 KB for a 320 × 180 camera, 8 MB for a 1920 × 1080 one) is garbage the next step collects.
const images = new WeakMap<Context2d, ImageData>();

function imageFor(ctx: Context2d, width: number, height: number): ImageData {
  let image = images.get(ctx);
  if (image?.width === width && image.height === height) {
    image.data.fill(0);
    return image;
  }
  image = ctx.createImageData(width, height);
  images.set(ctx, image);
  return image;
}

// Per canvas, the ramp steps and draw order of its sweep's points, reused from draw to draw (grown,
// never shrunk), as its ImageData is: each camera draws a sweep on every frame stepped onto, and
// three arrays per camera per step were garbage by the next one.
interface PointOrder {
  steps: Uint8Array;
  order: Uint32Array;
  readonly starts: Uint32Array;
}
const pointOrders = new WeakMap<Context2d, PointOrder>();

function pointOrderFor(ctx: Context2d, n: number): PointOrder {
  let o = pointOrders.get(ctx);
  if (!o) pointOrders.set(ctx, (o = { steps: new Uint8Array(n), order: new Uint32Array(n), starts: new Uint32Array(RAMP_STEPS + 1) }));
  if (o.steps.length < n) {
    o.steps = new Uint8Array(n);
    o.order = new Uint32Array(n);
  }
  return o;
}

/** The first n point indices ordered by ramp step, farthest (highest step) first, into `buffers.order`. */
function farthestFirst(buffers: PointOrder, n: number): Uint32Array {
  const { steps, starts, order } = buffers;
  starts.fill(0);
  for (let i = 0; i < n; i++) starts[RAMP_STEPS - 1 - steps[i] + 1]++;
  for (let k = 1; k <= RAMP_STEPS; k++) starts[k] += starts[k - 1];
  for (let i = 0; i < n; i++) order[starts[RAMP_STEPS - 1 - steps[i]]++] = i;
  return order;
}

/**
 * Draws every cuboid as its 12 edges, clipped at the near plane and distorted like the lens.
 * Returns the boxes' pixel extents for picking.
 */
/** A box's edges in a camera, and their pixel bounds. */
interface Projected {
  /** The edges' visible runs, packed: run r is uv[starts[r] .. starts[r + 1]). */
  readonly uv: Float64Array;
  readonly starts: Uint32Array;
  readonly minU: number;
  readonly minV: number;
  readonly maxU: number;
  readonly maxV: number;
}

/**
 * Whether the lens maps straight lines to straight lines: a pinhole without distortion (a
 * rectified camera, as KITTI's). Edges are clipped at the near plane in 3D and such a lens rejects
 * nothing in front of it, so each edge is exact as one segment; the 16 pieces a distorting lens
 * needs would be 16 times the projection and drawing for nothing.
 */
export function straightEdges(model: CameraModel): boolean {
  return undistortedPinhole(model);
}

// Boxes are replaced, never mutated, by an edit: a box's projection holds until it changes, so a
// selection or an edit on a frame of 1,000 boxes projects one box, not all of them again.
const projections = new WeakMap<CameraView, WeakMap<OverlayCuboid['cuboid'], Projected>>();

/** What a box that cannot show projects to: no runs, bounds that no image meets. */
const NOTHING: Projected = { uv: new Float64Array(0), starts: new Uint32Array(1), minU: Infinity, minV: Infinity, maxU: -Infinity, maxV: -Infinity };

function projected(view: CameraView, cuboid: OverlayCuboid['cuboid']): Projected {
  let byCuboid = projections.get(view);
  if (!byCuboid) projections.set(view, (byCuboid = new WeakMap()));
  const held = byCuboid.get(cuboid);
  if (held) return held;
  // Most of a frame's boxes are behind or beside a given camera (of 200 tracks around the car, a
  // camera sees a few dozen): told from the corners alone, they are not projected. The answer is
  // held like a projection, so a step back onto a frame of 1,000 boxes does not test them again.
  if (!cuboidMayShow(cuboid, view.cameraFromLidar, view.model, view.width, view.height)) {
    byCuboid.set(cuboid, NOTHING);
    return NOTHING;
  }
  let minU = Infinity;
  let minV = Infinity;
  let maxU = -Infinity;
  let maxV = -Infinity;
  // Packed: a step over 200 tracks projects 200 new boxes per camera, and a dozen arrays each
  // were garbage by the next step.
  const { uv, starts } = projectCuboidPacked(cuboid, view.cameraFromLidar, view.model, straightEdges(view.model) ? { segmentsPerEdge: 1 } : {});
  for (let i = 0; i < uv.length; i += 2) {
    minU = Math.min(minU, uv[i]);
    maxU = Math.max(maxU, uv[i]);
    minV = Math.min(minV, uv[i + 1]);
    maxV = Math.max(maxV, uv[i + 1]);
  }
  const p = { uv, starts, minU, minV, maxU, maxV };
  byCuboid.set(cuboid, p);
  return p;
}

/**
 * Draws the boxes' edges over a camera image, each in its class's look, and says where each one
 * landed (for picking). A box outside the image is neither drawn nor pickable. The selection is
 * not drawn here: drawSelectedCuboid strokes it on a layer of its own, so a select repaints one
 * box, not the frame's 1,000. Boxes of one look (colour, width, dashes) go into one path and one
 * stroke: a stroke per edge cost some 12,000 strokes a camera on a frame of 1,000 boxes. Among
 * boxes of different colours the later look is drawn over the earlier where they cross.
 * `lifted` names an editable box left off the layer while it is edited (drawLiftedCuboid and
 * the selection layer show it): it keeps its place in the picking list and its colour's place in the drawing order, so the
 * other boxes come out as they would with it, and moveLiftedBox follows it without a redraw.
 */
export function drawCuboids(
  ctx: CanvasRenderingContext2D,
  view: CameraView,
  cuboids: readonly OverlayCuboid[],
  colourOf: (classId: string) => string,
  groundTruth: readonly (OverlayCuboid & { readonly ignore?: boolean })[] = [],
  lifted: string | null = null,
): DrawnBox[] {
  ctx.clearRect(0, 0, view.width, view.height);
  const { drawn, ignoredGt, gtLooks, looks } = sortedBoxes(view, cuboids, colourOf, groundTruth, lifted);
  // Ground truth the dataset does not score: grey and sparsely dotted, whatever its class.
  if (ignoredGt.length) strokeAll(ctx, ignoredGt, IGNORED_COLOUR, 1, true, IGNORED_DASH);
  // Ground truth is dashed so it never passes for an editable box.
  for (const [colour, list] of gtLooks) strokeAll(ctx, list, colour, 1.2, true);
  for (const [colour, list] of looks) if (list.length > 0) strokeAll(ctx, list, colour, 1.6, false);
  ctx.setLineDash([]);
  // A copy: the caller moves the lifted box's entry in place (moveLiftedBox).
  return drawn.slice();
}

/** A frame's boxes sorted for drawing in one camera: by look, with where each one landed. */
interface SortedBoxes {
  readonly cuboids: readonly OverlayCuboid[];
  readonly groundTruth: readonly OverlayCuboid[];
  readonly colourOf: (classId: string) => string;
  readonly lifted: string | null;
  readonly drawn: readonly DrawnBox[];
  readonly ignoredGt: readonly Projected[];
  readonly gtLooks: ReadonlyMap<string, readonly Projected[]>;
  readonly looks: ReadonlyMap<string, readonly Projected[]>;
}

// The last two sortings per camera: the frame's boxes are the same array until they change
// (frameBoxesCache), so stepping back and forth onto a frame of 1,000 boxes sorts them once, not
// on every step (about 0.6 ms a camera).
const sortings = new WeakMap<CameraView, SortedBoxes[]>();

function sortedBoxes(
  view: CameraView,
  cuboids: readonly OverlayCuboid[],
  colourOf: (classId: string) => string,
  groundTruth: readonly (OverlayCuboid & { readonly ignore?: boolean })[],
  lifted: string | null,
): SortedBoxes {
  let held = sortings.get(view);
  if (!held) sortings.set(view, (held = []));
  // No ground truth is the same whatever empty array says so (the panel makes one a frame).
  const sameTruth = (h: SortedBoxes) => h.groundTruth === groundTruth || (h.groundTruth.length === 0 && groundTruth.length === 0);
  const same = held.find((h) => h.cuboids === cuboids && sameTruth(h) && h.colourOf === colourOf && h.lifted === lifted);
  if (same) return same;
  const drawn: DrawnBox[] = [];
  // Per look, the boxes' projections: ground truth by colour, editable boxes by colour.
  const gtLooks = new Map<string, Projected[]>();
  const looks = new Map<string, Projected[]>();
  const ignoredGt: Projected[] = [];
  const add = (c: OverlayCuboid & { readonly ignore?: boolean }, gt: boolean) => {
    const p = projected(view, c.cuboid);
    const lift = !gt && c.objectId === lifted;
    // The lifted box has an entry whether or not it shows, so moveLiftedBox finds its place.
    if (lift) drawn.push(pickable(view, c.objectId, p));
    if (!inImage(view, p)) return;
    if (!lift) drawn.push({ objectId: c.objectId, groundTruth: gt, minU: p.minU, minV: p.minV, maxU: p.maxU, maxV: p.maxV });
    if (gt && c.ignore) {
      ignoredGt.push(p);
      return;
    }
    const byColour = gt ? gtLooks : looks;
    const colour = colourOf(c.classId);
    const list = byColour.get(colour);
    if (lift) {
      if (!list) byColour.set(colour, []);
    } else if (list) list.push(p);
    else byColour.set(colour, [p]);
  };
  for (const c of groundTruth) add(c, true);
  for (const c of cuboids) add(c, false);
  const sorted: SortedBoxes = { cuboids, groundTruth, colourOf, lifted, drawn, ignoredGt, gtLooks, looks };
  held.unshift(sorted);
  held.length = Math.min(held.length, 2);
  return sorted;
}

/** A box's picking entry: where it is, or bounds no pointer meets when it is outside the image. */
function pickable(view: CameraView, objectId: string, p: Projected): DrawnBox {
  const b = inImage(view, p) ? p : NOTHING;
  return { objectId, groundTruth: false, minU: b.minU, minV: b.minV, maxU: b.maxU, maxV: b.maxV };
}

/**
 * Draws the lifted box alone in its class's look, on a layer of its own between the boxes layer
 * and the selection layer: where the selection's white stroke does not quite cover it (the
 * anti-aliased rim), the picture is the one drawCuboids gives with the box on its layer. Clears
 * the layer first; with no box it is left clear.
 */
export function drawLiftedCuboid(ctx: CanvasRenderingContext2D, view: CameraView, box: OverlayCuboid | null, colourOf: (classId: string) => string): void {
  ctx.clearRect(0, 0, view.width, view.height);
  if (!box) return;
  const p = projected(view, box.cuboid);
  if (inImage(view, p)) strokeAll(ctx, [p], colourOf(box.classId), 1.6, false);
}

/**
 * Moves the lifted box's entry in a picking list drawCuboids returned to where the box now is, so
 * the pointer picks it at its current place while the layer is left alone.
 */
export function moveLiftedBox(view: CameraView, drawn: DrawnBox[], box: OverlayCuboid): void {
  const i = drawn.findIndex((b) => !b.groundTruth && b.objectId === box.objectId);
  if (i >= 0) drawn[i] = pickable(view, box.objectId, projected(view, box.cuboid));
}

/**
 * Strokes the selected box white and thick (dashed for ground truth), over the layer drawCuboids
 * drew it on in its class's colour: its edges are the same path, so the white covers them. Draws
 * nothing for a box outside the image. Does not clear: the selection layer holds more than the box.
 */
export function drawSelectedCuboid(ctx: CanvasRenderingContext2D, view: CameraView, box: OverlayCuboid, groundTruth: boolean): void {
  const p = projected(view, box.cuboid);
  if (!inImage(view, p)) return;
  strokeAll(ctx, [p], '#ffffff', 3, groundTruth);
  ctx.setLineDash([]);
}

const inImage = (view: CameraView, p: Projected) => p.maxU > 0 && p.minU < view.width && p.maxV > 0 && p.minV < view.height;

/** Ground truth flagged ignore and image ignore regions: one neutral grey, so neither passes for a class. */
export const IGNORED_COLOUR = '#9ca3af';
const IGNORED_DASH = [2, 5];

/** An ignore region as drawIgnoreRegions needs it: its box in image pixels. */
type IgnoreRegion = { readonly box: { readonly x0: number; readonly y0: number; readonly x1: number; readonly y1: number } };

/** Every edge of the boxes as one path, stroked once. */
function strokeAll(ctx: CanvasRenderingContext2D, boxes: readonly Projected[], colour: string, width: number, dashed: boolean, dash: readonly number[] = [6, 4]): void {
  ctx.strokeStyle = colour;
  ctx.lineWidth = width;
  ctx.setLineDash(dashed ? [...dash] : []);
  ctx.beginPath();
  for (const { uv, starts } of boxes) {
    for (let r = 0; r + 1 < starts.length; r++) {
      ctx.moveTo(uv[starts[r]], uv[starts[r] + 1]);
      for (let i = starts[r] + 2; i < starts[r + 1]; i += 2) ctx.lineTo(uv[i], uv[i + 1]);
    }
  }
  ctx.stroke();
}

/**
 * Boxes laid over a camera image that are not picked (a reviewer's replicas): one path and one
 * stroke per colour and width, drawn over what drawCuboids drew.
 */
export function strokeOverlayBoxes(ctx: CanvasRenderingContext2D, view: CameraView, boxes: readonly { readonly cuboid: OverlayCuboid['cuboid']; readonly colour: string; readonly width: number }[]): void {
  const looks = new Map<string, { colour: string; width: number; list: Projected[] }>();
  for (const b of boxes) {
    const p = projected(view, b.cuboid);
    if (!inImage(view, p)) continue;
    const key = `${b.colour}|${b.width}`;
    const look = looks.get(key) ?? looks.set(key, { colour: b.colour, width: b.width, list: [] }).get(key)!;
    look.list.push(p);
  }
  for (const { colour, width, list } of looks.values()) strokeAll(ctx, list, colour, width, false);
}

/**
 * The part of a camera panel that changes with the frame only, on one canvas: the image (or the
 * panel's dark fill where there is none yet), the sweep's points drawn over it from the canvas
 * drawPoints wrote them on, and the ignore regions over both.
 */
export function drawFrameLayer(ctx: CanvasRenderingContext2D, view: CameraView, image: CanvasImageSource | null, points: CanvasImageSource | null, regions: readonly IgnoreRegion[]): void {
  ctx.fillStyle = '#111827';
  ctx.fillRect(0, 0, view.width, view.height);
  if (image) ctx.drawImage(image, 0, 0, view.width, view.height);
  if (points) ctx.drawImage(points, 0, 0);
  drawIgnoreRegions(ctx, regions);
}

/**
 * The frame's ignore regions of this camera (KITTI DontCare, image pixels): a translucent grey
 * fill, diagonal hatching and a dashed outline, so an area the dataset left unlabelled on purpose
 * reads as such and the image still shows through. Draws over what the canvas holds.
 */
export function drawIgnoreRegions(ctx: CanvasRenderingContext2D, regions: readonly IgnoreRegion[]): void {
  if (regions.length === 0) return;
  const HATCH = 7;
  ctx.save();
  for (const { box: r } of regions) {
    const w = r.x1 - r.x0;
    const h = r.y1 - r.y0;
    ctx.fillStyle = 'rgba(156, 163, 175, 0.35)';
    ctx.fillRect(r.x0, r.y0, w, h);
    ctx.save();
    ctx.beginPath();
    ctx.rect(r.x0, r.y0, w, h);
    ctx.clip();
    ctx.beginPath();
    for (let d = -h; d < w; d += HATCH) {
      ctx.moveTo(r.x0 + d, r.y1);
      ctx.lineTo(r.x0 + d + h, r.y0);
    }
    ctx.strokeStyle = 'rgba(243, 244, 246, 0.8)';
    ctx.lineWidth = 1.5;
    ctx.stroke();
    ctx.restore();
    ctx.strokeStyle = IGNORED_COLOUR;
    ctx.lineWidth = 2;
    ctx.setLineDash([6, 3]);
    ctx.strokeRect(r.x0, r.y0, w, h);
  }
  ctx.restore();
}
