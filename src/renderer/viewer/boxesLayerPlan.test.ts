import { describe, expect, it } from 'vitest';
import { planBoxesLayer, type BoxesLayerDrawn } from './boxesLayerPlan';
import type { OverlayCuboid } from './cameraOverlay';

const box = (objectId: string, x: number, classId = 'car'): OverlayCuboid => ({
  objectId,
  classId,
  cuboid: { frame: 'lidar', center: [x, 0, 10], size: [1, 1, 1], rotation: [0, 0, 0, 1] },
});

const view = { sensorId: 'cam' };
const frame = { frameId: 'f0' };
const colourOf = () => '#ff0000';
const shown = [view, frame, colourOf, [], null];

/** The frame's boxes after an edit: a new list, the edited box a new object, the others the same objects. */
const edited = (boxes: readonly OverlayCuboid[], objectId: string, x: number) => boxes.map((b) => (b.objectId === objectId ? box(objectId, x, b.classId) : b));

/** Applies the plan as the panel does: what the layer was drawn from after it. */
function follow(drawn: BoxesLayerDrawn | null, boxes: readonly OverlayCuboid[], selectedId: string | null, s: readonly unknown[] = shown) {
  const plan = planBoxesLayer(drawn, s, boxes, selectedId);
  return { plan, drawn: { shown: s, cuboids: boxes, lifted: plan.lifted } };
}

describe('planBoxesLayer', () => {
  const frameBoxes = [box('a', 0), box('b', 1), box('c', 2)];

  it('draws every box the first time', () => {
    expect(planBoxesLayer(null, shown, frameBoxes, 'b')).toEqual({ redraw: true, lifted: null });
  });

  it('lifts the dragged box once, then leaves the layer alone while it moves', () => {
    let { drawn } = follow(null, frameBoxes, null);
    // A plain select redraws nothing.
    ({ drawn } = follow(drawn, frameBoxes, 'b'));
    expect(drawn.lifted).toBeNull();
    expect(planBoxesLayer(drawn, shown, frameBoxes, 'b')).toEqual({ redraw: false, lifted: null });
    // The first move of the drag draws the layer without the box.
    let step = follow(drawn, edited(drawn.cuboids, 'b', 1.1), 'b');
    expect(step.plan).toEqual({ redraw: true, lifted: 'b' });
    // The next moves draw nothing, the box still lifted.
    for (const x of [1.2, 1.3, 1.4]) {
      step = follow(step.drawn, edited(step.drawn.cuboids, 'b', x), 'b');
      expect(step.plan).toEqual({ redraw: false, lifted: 'b' });
    }
    // An edit that leaves every box as it is (a new list of the same boxes) draws nothing either.
    step = follow(step.drawn, [...step.drawn.cuboids], 'b');
    expect(step.plan).toEqual({ redraw: false, lifted: 'b' });
  });

  it('counts a box with the same values as unchanged', () => {
    const drawn: BoxesLayerDrawn = { shown, cuboids: frameBoxes, lifted: null };
    const copies = frameBoxes.map((b) => (b.objectId === 'b' ? b : { ...b, cuboid: { ...b.cuboid, center: [...b.cuboid.center] as [number, number, number] } }));
    expect(planBoxesLayer(drawn, shown, edited(copies, 'b', 5), 'b')).toEqual({ redraw: true, lifted: 'b' });
    expect(planBoxesLayer(drawn, shown, copies, 'b')).toEqual({ redraw: false, lifted: null });
  });

  it('redraws every box when another box is edited, lifted or not', () => {
    const drawn: BoxesLayerDrawn = { shown, cuboids: frameBoxes, lifted: null };
    expect(planBoxesLayer(drawn, shown, edited(frameBoxes, 'c', 9), 'b')).toEqual({ redraw: true, lifted: null });
    expect(planBoxesLayer(drawn, shown, edited(frameBoxes, 'c', 9), null)).toEqual({ redraw: true, lifted: null });
    const lifted: BoxesLayerDrawn = { shown, cuboids: frameBoxes, lifted: 'b' };
    expect(planBoxesLayer(lifted, shown, edited(frameBoxes, 'c', 9), 'b')).toEqual({ redraw: true, lifted: null });
    // The selected box and another one changed together (a move of several boxes).
    expect(planBoxesLayer(lifted, shown, edited(edited(frameBoxes, 'b', 7), 'c', 9), 'b')).toEqual({ redraw: true, lifted: null });
  });

  it('redraws every box when boxes come or go, change order or class', () => {
    const lifted: BoxesLayerDrawn = { shown, cuboids: frameBoxes, lifted: 'b' };
    expect(planBoxesLayer(lifted, shown, frameBoxes.slice(0, 2), 'b').redraw).toBe(true);
    expect(planBoxesLayer(lifted, shown, [...frameBoxes, box('d', 3)], 'b').redraw).toBe(true);
    expect(planBoxesLayer(lifted, shown, [frameBoxes[1], frameBoxes[0], frameBoxes[2]], 'b').redraw).toBe(true);
    // The lifted box's class changed: its colour may take another place in the drawing order.
    expect(planBoxesLayer(lifted, shown, frameBoxes.map((b) => (b.objectId === 'b' ? box('b', 1, 'person') : b)), 'b')).toEqual({ redraw: true, lifted: null });
  });

  it('puts the lifted box back when the selection moves off it, and redraws nothing on a select otherwise', () => {
    const lifted: BoxesLayerDrawn = { shown, cuboids: frameBoxes, lifted: 'b' };
    expect(planBoxesLayer(lifted, shown, frameBoxes, 'c')).toEqual({ redraw: true, lifted: null });
    expect(planBoxesLayer(lifted, shown, frameBoxes, null)).toEqual({ redraw: true, lifted: null });
    expect(planBoxesLayer(lifted, shown, frameBoxes, 'b')).toEqual({ redraw: false, lifted: 'b' });
    const whole: BoxesLayerDrawn = { shown, cuboids: frameBoxes, lifted: null };
    expect(planBoxesLayer(whole, shown, frameBoxes, 'c')).toEqual({ redraw: false, lifted: null });
    expect(planBoxesLayer(whole, shown, frameBoxes, null)).toEqual({ redraw: false, lifted: null });
  });

  it('redraws every box on a frame step, a colour, ground truth or replica change', () => {
    const lifted: BoxesLayerDrawn = { shown, cuboids: frameBoxes, lifted: 'b' };
    const whole: BoxesLayerDrawn = { shown, cuboids: frameBoxes, lifted: null };
    for (const changed of [
      [{ sensorId: 'cam' }, { frameId: 'f1' }, colourOf, [], null],
      [view, frame, () => '#00ff00', [], null],
      [view, frame, colourOf, [box('gt', 4)], null],
      [view, frame, colourOf, [], { replicas: [] }],
    ]) {
      expect(planBoxesLayer(lifted, changed, frameBoxes, 'b')).toEqual({ redraw: true, lifted: null });
      expect(planBoxesLayer(whole, changed, frameBoxes, 'b')).toEqual({ redraw: true, lifted: null });
      // Even when the step also moved the selected box alone, every box is drawn.
      expect(planBoxesLayer(whole, changed, edited(frameBoxes, 'b', 8), 'b')).toEqual({ redraw: true, lifted: null });
    }
  });
});
