import { describe, expect, it } from 'vitest';
import { OctreeSelectionState } from './octreeSelection';
import { insidePolygon } from './selectPoints';

/** A camera at (0, 0, 10) looking down -z with a 90° frustum: NDC = (x, y) / (10 − z). */
const LOOK_DOWN = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, -1, -1, 0, 0, 0, 10];

describe('OctreeSelectionState', () => {
  it('answers global indices, in increasing order, of the points a lasso takes from the nodes named', () => {
    const state = new OctreeSelectionState();
    // Node "b" (first index 100) holds a 10 × 10 grid at z = 0; node "a" (first index 0) the same grid shifted by +20 in x by its matrix.
    const grid = new Float32Array(300);
    for (let i = 0; i < 100; i++) grid.set([(i % 10) - 5, Math.floor(i / 10) - 5, 0], 3 * i);
    const shift = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 20, 0, 0, 1];
    state.handle({ type: 'node', name: 'b', first: 100, positions: grid, matrix: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1] });
    state.handle({ type: 'node', name: 'a', first: 0, positions: grid, matrix: shift });
    // A lasso around x in [-2.5, 2.5] … and one reaching both grids.
    const lasso = [-0.25, -0.25, 0.25, -0.25, 0.25, 0.25, -0.25, 0.25];
    const reply = state.handle({ type: 'select', requestId: 1, nodes: ['b', 'a'], shape: { kind: 'viewPolygon', viewProjection: LOOK_DOWN, polygon: lasso } });
    if (reply?.type !== 'selected') throw new Error(JSON.stringify(reply));
    const expected: number[] = [];
    for (let i = 0; i < 100; i++) if (insidePolygon(lasso, ((i % 10) - 5) / 10, (Math.floor(i / 10) - 5) / 10)) expected.push(100 + i);
    expect(Array.from(reply.indices)).toEqual(expected);
    expect(reply.points).toBe(200);
    const wide = state.handle({ type: 'select', requestId: 2, nodes: ['a', 'b'], shape: { kind: 'box', cuboid: { frame: 'lidar', center: [10, 0, 0], size: [40, 2.2, 1], rotation: [0, 0, 0, 1] } } });
    if (wide?.type !== 'selected') throw new Error(JSON.stringify(wide));
    const idx = Array.from(wide.indices);
    expect(idx).toEqual([...idx].sort((x, y) => x - y));
    expect(idx.filter((i) => i < 100)).toHaveLength(30);
    expect(idx.filter((i) => i >= 100)).toHaveLength(30);
  });

  it('picks the nearest point under the cursor, and refuses nodes it does not hold and region growing', () => {
    const state = new OctreeSelectionState();
    state.handle({ type: 'node', name: 'r', first: 0, positions: Float32Array.of(0, 0, 0, 0, 0, 5, 3, 3, 8), matrix: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1] });
    expect(state.handle({ type: 'pick', requestId: 1, nodes: ['r'], viewProjection: LOOK_DOWN, x: 0, y: 0, radius: [0.01, 0.01] })).toEqual({ type: 'picked', requestId: 1, at: [0, 0, 5] });
    expect(state.handle({ type: 'pick', requestId: 2, nodes: ['r'], viewProjection: LOOK_DOWN, x: -0.9, y: 0.9, radius: [0.01, 0.01] })).toEqual({ type: 'picked', requestId: 2, at: null });
    expect(state.handle({ type: 'select', requestId: 3, nodes: ['r', 'q'], shape: { kind: 'brush', centres: [[0, 0, 0]], radius: 1 } })).toMatchObject({ type: 'failed', message: expect.stringContaining('node q') });
    expect(state.handle({ type: 'select', requestId: 4, nodes: ['r'], shape: { kind: 'grow', at: [0, 0, 0], radius: 1 } })).toMatchObject({ type: 'failed', message: expect.stringContaining('region growing') });
    state.handle({ type: 'drop', names: ['r'] });
    expect(state.heldPoints).toBe(0);
  });
});
