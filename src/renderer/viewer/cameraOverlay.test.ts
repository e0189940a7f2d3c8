import { describe, expect, it } from 'vitest';
import { IDENTITY_TRANSFORM } from '../../core/camera/rigidTransform';
import { projectCuboid } from '../../core/camera/projectCuboid';
import { HIDE, KEEP, LABEL } from '../../core/segmentation/labelColours';
import { drawCuboids, drawFrameLayer, drawIgnoreRegions, drawPoints, drawSelectedCuboid, IGNORED_COLOUR, moveLiftedBox, straightEdges, type CameraView, type OverlayCuboid } from './cameraOverlay';

// The camera looks down its optical z; boxes in front of it (z ≈ 10 m) land in the 640 × 480 image.
const view: CameraView = { sensorId: 'cam', width: 640, height: 480, model: { kind: 'pinhole', fx: 500, fy: 500, cx: 320, cy: 240 }, cameraFromLidar: IDENTITY_TRANSFORM };

const cuboid = (objectId: string, classId: string, x: number): OverlayCuboid => ({
  objectId,
  classId,
  cuboid: { frame: 'lidar', center: [x, 0, 10], size: [1, 1, 1], rotation: [0, 0, 0, 1] },
});

/** A 2D context that records the strokes it is asked for: colour, width, dashes and how many sub-paths. */
function recordingContext() {
  const strokes: Array<{ style: string; width: number; dash: number[]; subpaths: number }> = [];
  let subpaths = 0;
  let dash: number[] = [];
  const ctx = {
    strokeStyle: '',
    lineWidth: 1,
    clearRect: () => undefined,
    setLineDash: (d: number[]) => (dash = d),
    beginPath: () => (subpaths = 0),
    moveTo: () => subpaths++,
    lineTo: () => undefined,
    stroke: () => strokes.push({ style: ctx.strokeStyle, width: ctx.lineWidth, dash, subpaths }),
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, strokes };
}

describe('drawCuboids', () => {
  const colourOf = (classId: string) => (classId === 'car' ? '#ff0000' : '#00ff00');

  it('strokes once per look, ground truth first, and reports every box drawn', () => {
    const { ctx, strokes } = recordingContext();
    const cars = Array.from({ length: 50 }, (_, i) => cuboid(`car${i}`, 'car', -4 + (i % 10) * 0.8));
    const people = [cuboid('p0', 'person', 1), cuboid('p1', 'person', 2)];
    const gt = [cuboid('gt0', 'car', 0)];
    const drawn = drawCuboids(ctx, view, [...cars, ...people], colourOf, gt);

    expect(strokes.map((s) => [s.style, s.width, s.dash.length > 0])).toEqual([
      ['#ff0000', 1.2, true],
      ['#ff0000', 1.6, false],
      ['#00ff00', 1.6, false],
    ]);
    // Every edge of every box is in its look's path: 12 edges a box, all in view.
    expect(strokes.map((s) => s.subpaths)).toEqual([12, 50 * 12, 2 * 12]);
    expect(drawn).toHaveLength(53);
    expect(drawn.find((b) => b.objectId === 'gt0')?.groundTruth).toBe(true);
  });

  it('strokes the selected box alone, white and thick, dashed for ground truth, over the edges drawCuboids drew', () => {
    const { ctx, strokes } = recordingContext();
    const car = cuboid('car0', 'car', 1);
    drawCuboids(ctx, view, [car], colourOf);
    drawSelectedCuboid(ctx, view, car, false);
    drawSelectedCuboid(ctx, view, cuboid('gt0', 'car', 0), true);
    drawSelectedCuboid(ctx, view, cuboid('away', 'car', 500), false);
    expect(strokes.map((s) => [s.style, s.width, s.dash.length > 0, s.subpaths])).toEqual([
      ['#ff0000', 1.6, false, 12],
      ['#ffffff', 3, false, 12],
      ['#ffffff', 3, true, 12],
    ]);
  });

  it('strokes ground truth flagged ignore grey and sparsely dotted whatever its class, still picked', () => {
    const { ctx, strokes } = recordingContext();
    const drawn = drawCuboids(ctx, view, [], colourOf, [{ ...cuboid('hidden', 'car', 0), ignore: true }, cuboid('gt0', 'car', 1)]);
    expect(strokes.map((s) => [s.style, s.width, s.dash, s.subpaths])).toEqual([
      [IGNORED_COLOUR, 1, [2, 5], 12],
      ['#ff0000', 1.2, [6, 4], 12],
    ]);
    expect(drawn.map((b) => [b.objectId, b.groundTruth])).toEqual([
      ['hidden', true],
      ['gt0', true],
    ]);
  });

  it('leaves out a box outside the image, drawn and picked alike', () => {
    const { ctx, strokes } = recordingContext();
    const drawn = drawCuboids(ctx, view, [cuboid('in', 'car', 0), cuboid('out', 'car', 500)], colourOf);
    expect(drawn.map((b) => b.objectId)).toEqual(['in']);
    expect(strokes).toHaveLength(1);
    expect(strokes[0].subpaths).toBe(12);
  });

  it('leaves the lifted box off the layer, keeping its colour in its place in the drawing order and its place in the picking list', () => {
    const { ctx, strokes } = recordingContext();
    // The lifted box is the first car: the cars' stroke still comes before the people's.
    const boxes = [cuboid('car0', 'car', -1), cuboid('p0', 'person', 0), cuboid('car1', 'car', 1), cuboid('car2', 'car', 2)];
    const drawn = drawCuboids(ctx, view, boxes, colourOf, [], 'car0');
    expect(strokes.map((s) => [s.style, s.subpaths])).toEqual([
      ['#ff0000', 2 * 12],
      ['#00ff00', 12],
    ]);
    expect(drawn.map((b) => b.objectId)).toEqual(['car0', 'p0', 'car1', 'car2']);
    const whole = drawCuboids(recordingContext().ctx, view, boxes, colourOf);
    expect(drawn).toEqual(whole);

    // Alone in its colour, it is not stroked at all; the order of the others' colours holds.
    const alone = recordingContext();
    drawCuboids(alone.ctx, view, [cuboid('p0', 'person', 0), cuboid('car0', 'car', 1)], colourOf, [], 'car0');
    expect(alone.strokes.map((s) => s.style)).toEqual(['#00ff00']);

    // Moved, its entry follows it; moved out of the image, no pointer meets it; back, it is picked again.
    const moved = cuboid('car0', 'car', 0.5);
    moveLiftedBox(view, drawn, moved);
    expect(drawn).toEqual(drawCuboids(recordingContext().ctx, view, [moved, ...boxes.slice(1)], colourOf));
    moveLiftedBox(view, drawn, cuboid('car0', 'car', 500));
    expect(drawn.map((b) => b.objectId)).toEqual(['car0', 'p0', 'car1', 'car2']);
    expect(drawn[0].minU).toBe(Infinity);
    expect(drawn[0].maxU).toBe(-Infinity);
    moveLiftedBox(view, drawn, moved);
    expect(drawn).toEqual(drawCuboids(recordingContext().ctx, view, [moved, ...boxes.slice(1)], colourOf));
  });

  it('draws a frame it drew before without sorting its boxes again, and hands each caller a picking list of its own', () => {
    let asked = 0;
    const counting = (classId: string) => (asked++, colourOf(classId));
    const frameA = [cuboid('car0', 'car', -1), cuboid('p0', 'person', 0), cuboid('car1', 'car', 1)];
    const frameB = [cuboid('car9', 'car', 2)];
    const first = recordingContext();
    const drawnA = drawCuboids(first.ctx, view, frameA, counting, [], 'car0');
    expect(asked).toBe(3);
    drawCuboids(recordingContext().ctx, view, frameB, counting, [], null);
    expect(asked).toBe(4);

    // Back onto frame A (the same array; no ground truth in a new empty array): the same strokes,
    // no class asked its colour again.
    const again = recordingContext();
    const drawnAgain = drawCuboids(again.ctx, view, frameA, counting, [], 'car0');
    expect(asked).toBe(4);
    expect(again.strokes).toEqual(first.strokes);
    expect(drawnAgain).toEqual(drawnA);
    moveLiftedBox(view, drawnA, cuboid('car0', 'car', 500));
    expect(drawnAgain[0].minU).not.toBe(Infinity);

    // Another lifted box, or the frame's boxes changed (a new array), is sorted anew.
    drawCuboids(recordingContext().ctx, view, frameA, counting, [], null);
    expect(asked).toBe(7);
    const edited = [cuboid('car0', 'car', -1), cuboid('p0', 'person', 0)];
    expect(drawCuboids(recordingContext().ctx, view, edited, counting).map((b) => b.objectId)).toEqual(['car0', 'p0']);
    expect(asked).toBe(9);
  });

  it('draws the edges of an undistorted pinhole as single segments, along the lines a fine projection follows', () => {
    expect(straightEdges(view.model)).toBe(true);
    expect(straightEdges({ kind: 'pinhole', fx: 1, fy: 1, cx: 0, cy: 0, distortion: { k1: 0, k2: 0, p1: 0, p2: 0, k3: 0 } })).toBe(true);
    expect(straightEdges({ kind: 'pinhole', fx: 1, fy: 1, cx: 0, cy: 0, distortion: { k1: -0.1, k2: 0, p1: 0, p2: 0, k3: 0 } })).toBe(false);
    // A box the near plane cuts: every point of the fine projection lies on the single segment.
    const c = { frame: 'lidar', center: [0.5, 0.2, 0.5], size: [2, 1, 1.5], rotation: [0, 0.2, 0, Math.sqrt(1 - 0.04)] } as const;
    const coarse = projectCuboid(c, IDENTITY_TRANSFORM, view.model, { segmentsPerEdge: 1 });
    const fine = projectCuboid(c, IDENTITY_TRANSFORM, view.model);
    expect(coarse.map((r) => r.edge)).toEqual(fine.map((r) => r.edge));
    for (const [k, { uv }] of fine.entries()) {
      const [u0, v0, u1, v1] = coarse[k].uv;
      for (let i = 0; i < uv.length; i += 2) {
        const cross = (u1 - u0) * (uv[i + 1] - v0) - (v1 - v0) * (uv[i] - u0);
        expect(Math.abs(cross) / Math.hypot(u1 - u0, v1 - v0)).toBeLessThan(1e-6);
      }
    }
  });
});

/** A 2D context that keeps a copy of each image put on it: what drawPoints drew, frame by frame. */
function imageCanvas(): { ctx: CanvasRenderingContext2D; puts: Uint8ClampedArray[] } {
  const puts: Uint8ClampedArray[] = [];
  const ctx = {
    createImageData: (w: number, h: number) => ({ width: w, height: h, data: new Uint8ClampedArray(w * h * 4) }),
    putImageData: (image: ImageData) => puts.push(Uint8ClampedArray.from(image.data)),
    clearRect: () => undefined,
  } as unknown as CanvasRenderingContext2D;
  return { ctx, puts };
}

/** A 2D context that writes the fills, outlines and clip rectangles it is asked for into `calls`; `own` adds or replaces methods. */
function callLogContext(calls: string[], own: Record<string, unknown>) {
  const ctx = {
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    fillRect: (...a: number[]) => calls.push(`fill ${a.join(' ')} ${ctx.fillStyle}`),
    strokeRect: (...a: number[]) => calls.push(`outline ${a.join(' ')} ${ctx.strokeStyle}`),
    rect: (...a: number[]) => calls.push(`clip ${a.join(' ')}`),
    setLineDash: () => undefined,
    save: () => undefined,
    restore: () => undefined,
    clip: () => undefined,
    beginPath: () => undefined,
    moveTo: () => undefined,
    lineTo: () => undefined,
    stroke: () => undefined,
  };
  return Object.assign(ctx, own);
}

describe('drawIgnoreRegions', () => {
  it('fills, hatches within and outlines each region at its image pixels, over what the layer holds', () => {
    const calls: string[] = [];
    const ctx = callLogContext(calls, { clearRect: (...a: number[]) => calls.push(`clear ${a.join(' ')}`), stroke: () => calls.push('hatch') });
    drawIgnoreRegions(ctx as unknown as CanvasRenderingContext2D, [{ box: { x0: 503.89, y0: 169.71, x1: 590.61, y1: 190.13 } }]);
    expect(calls).toEqual([
      `fill 503.89 169.71 ${590.61 - 503.89} ${190.13 - 169.71} rgba(156, 163, 175, 0.35)`,
      `clip 503.89 169.71 ${590.61 - 503.89} ${190.13 - 169.71}`,
      'hatch',
      `outline 503.89 169.71 ${590.61 - 503.89} ${190.13 - 169.71} ${IGNORED_COLOUR}`,
    ]);
    calls.length = 0;
    drawIgnoreRegions(ctx as unknown as CanvasRenderingContext2D, []);
    expect(calls).toEqual([]);
  });
});

describe('drawFrameLayer', () => {
  it('fills, then draws the image, the points over it and the ignore regions over both', () => {
    const calls: string[] = [];
    const image = { name: 'image' } as unknown as CanvasImageSource;
    const points = { name: 'points' } as unknown as CanvasImageSource;
    const ctx = callLogContext(calls, {
      drawImage: (source: { name: string }, ...a: number[]) => calls.push(`draw ${source.name} ${a.join(' ')}`),
      strokeRect: () => calls.push('outline'),
      rect: () => undefined,
    });
    const region = { box: { x0: 10, y0: 20, x1: 30, y1: 40 } };
    drawFrameLayer(ctx as unknown as CanvasRenderingContext2D, view, image, points, [region]);
    expect(calls).toEqual(['fill 0 0 640 480 #111827', 'draw image 0 0 640 480', 'draw points 0 0', 'fill 10 20 20 20 rgba(156, 163, 175, 0.35)', 'outline']);
    // Before the image or the sweep has come: the fill alone.
    calls.length = 0;
    drawFrameLayer(ctx as unknown as CanvasRenderingContext2D, view, null, null, []);
    expect(calls).toEqual(['fill 0 0 640 480 #111827']);
  });
});

describe('drawPoints', () => {
  it('clears what the last frame drew before drawing the next one on the same canvas', () => {
    const { ctx, puts } = imageCanvas();
    // One point 10 m ahead on the optical axis, then one off to the side.
    drawPoints(ctx, view, Float32Array.from([0, 0, 10, 0]));
    drawPoints(ctx, view, Float32Array.from([2, 0, 10, 0]));
    // The columns with a pixel drawn: a point is a 2 × 2 dot.
    const lit = (data: Uint8ClampedArray) => {
      const columns = new Set<number>();
      for (let k = 3; k < data.length; k += 4) if (data[k] > 0) columns.add(((k - 3) / 4) % 640);
      return columns;
    };
    expect(lit(puts[0])).toEqual(new Set([320, 321]));
    expect(lit(puts[1])).toEqual(new Set([420, 421]));
  });

  it('draws labelled points in their label colour and leaves hidden ones out', () => {
    const { ctx, puts } = imageCanvas();
    // Three points 10 m ahead: one behind the camera first, so colours must follow point indices, not projections.
    const points = Float32Array.from([0, 0, -10, 0, 0, 0, 10, 0, 2, 0, 10, 0, -2, 0, 10, 0]);
    const colours = Uint8Array.from([0, 0, 0, 0, 10, 20, 30, LABEL, 0, 0, 0, HIDE, 1, 2, 3, KEEP]);
    drawPoints(ctx, view, points, colours);
    const at = (u: number) => Array.from(puts[0].subarray(4 * (view.height / 2) * 640 + 4 * u, 4 * (view.height / 2) * 640 + 4 * u + 4));
    expect(at(320).slice(0, 3)).toEqual([10, 20, 30]);
    expect(at(420)[3]).toBe(0);
    // Kept: the depth ramp's colour, not the one in the buffer.
    expect(at(220)[3]).toBeGreaterThan(0);
    expect(at(220).slice(0, 3)).not.toEqual([1, 2, 3]);
  });
});
