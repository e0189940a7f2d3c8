import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import type { FrameBox } from '../../core/editor/tools/frameBoxes';
import { BoxBatch } from './boxBatch';

const COLORS: Record<string, string> = { car: '#ff0000', person: '#00ff00' };
const colorOf = (classId: string) => COLORS[classId] ?? '#e5e7eb';

function box(n: number, classId = 'car', extra: Partial<FrameBox['cuboid']> = {}): FrameBox {
  return {
    objectId: `o${n}`,
    trackId: `t${n}`,
    classId,
    interpolated: false,
    cuboid: { frame: 'lidar', center: [n * 10, 0, 1], size: [4, 2, 1.5], rotation: [0, 0, 0, 1], ...extra },
  };
}

const parts = (b: BoxBatch) => {
  const [fills, edges, headings] = b.object.children as [THREE.InstancedMesh, THREE.LineSegments, THREE.LineSegments];
  return { fills, edges, headings };
};

// The vertex ranges drawn, as [start, count]: the geometry's groups (the lines' material is a list of one).
const drawn = (lines: THREE.LineSegments) => lines.geometry.groups.map((g) => [g.start, g.count]);

const vertex = (lines: THREE.LineSegments, i: number) => new THREE.Vector3().fromBufferAttribute(lines.geometry.getAttribute('position') as THREE.BufferAttribute, i);

describe('BoxBatch', () => {
  it('draws each box where its cuboid is, in its class colour', () => {
    const batch = new BoxBatch({ dashed: false, fillOpacity: 0.08 });
    const turned = box(1, 'person', { rotation: [0, 0, Math.sin(Math.PI / 4), Math.cos(Math.PI / 4)] });
    expect(batch.update([box(0), turned], colorOf)).toBe(2);
    const { fills, edges, headings } = parts(batch);
    expect(fills.count).toBe(2);
    expect(drawn(edges)).toEqual([[0, 48]]);
    expect(drawn(headings)).toEqual([[0, 4]]);

    // Every edge vertex of the second box lies on a corner of the turned 4 × 2 × 1.5 box at (10, 0, 1).
    const m = new THREE.Matrix4().compose(new THREE.Vector3(10, 0, 1), new THREE.Quaternion(0, 0, Math.sin(Math.PI / 4), Math.cos(Math.PI / 4)), new THREE.Vector3(4, 2, 1.5));
    const corners = [-0.5, 0.5].flatMap((x) => [-0.5, 0.5].flatMap((y) => [-0.5, 0.5].map((z) => new THREE.Vector3(x, y, z).applyMatrix4(m))));
    for (let i = 24; i < 48; i++) expect(Math.min(...corners.map((c) => c.distanceTo(vertex(edges, i))))).toBeLessThan(1e-5);
    // Its heading runs from the centre to the front face: turned 90°, that is 2 m along +y.
    expect(vertex(headings, 2).distanceTo(new THREE.Vector3(10, 0, 1))).toBeLessThan(1e-5);
    expect(vertex(headings, 3).distanceTo(new THREE.Vector3(10, 2, 1))).toBeLessThan(1e-5);

    const fill = new THREE.Matrix4();
    fills.getMatrixAt(1, fill);
    expect(fill.equals(m)).toBe(true);
    const c = new THREE.Color();
    fills.getColorAt(1, c);
    expect(c.equals(new THREE.Color('#00ff00'))).toBe(true);
    expect(new THREE.Color().fromBufferAttribute(edges.geometry.getAttribute('color') as THREE.BufferAttribute, 30).equals(new THREE.Color('#00ff00'))).toBe(true);
  });

  it('rewrites only the boxes that changed, and what leaves the frame stops being drawn', () => {
    const batch = new BoxBatch({ dashed: false, fillOpacity: 0.08 });
    const boxes = Array.from({ length: 100 }, (_, i) => box(i));
    expect(batch.update(boxes, colorOf)).toBe(100);
    expect(batch.update(boxes, colorOf)).toBe(0);
    const moved = [...boxes];
    moved[40] = box(40, 'car', { center: [400, 5, 1] });
    expect(batch.update(moved, colorOf)).toBe(1);
    expect(vertex(parts(batch).headings, 80).x).toBeCloseTo(400);
    expect(batch.update(moved.slice(0, 10), colorOf)).toBe(0);
    expect(parts(batch).fills.count).toBe(10);
    expect(drawn(parts(batch).edges)).toEqual([[0, 240]]);
    // Slots past the end keep what they held: the same boxes coming back rewrite nothing, another box is written.
    expect(batch.update(moved, colorOf)).toBe(0);
    expect(parts(batch).fills.count).toBe(100);
    expect(batch.update([...moved.slice(0, 10), box(500)], colorOf)).toBe(1);
    expect(vertex(parts(batch).headings, 20).x).toBeCloseTo(5000);
    // A new colour for a class rewrites its boxes.
    expect(batch.update(moved, (id) => (id === 'car' ? '#0000ff' : colorOf(id)))).toBe(100);
  });

  it('keeps the hidden box in its slot, drawing nothing of it, and the others where they were', () => {
    const batch = new BoxBatch({ dashed: false, fillOpacity: 0.08 });
    const boxes = Array.from({ length: 100 }, (_, i) => box(i));
    expect(batch.update(boxes, colorOf)).toBe(100);
    // Hiding a box (selecting it) rewrites its slot alone: its fill collapses, its lines are left out of the draw.
    expect(batch.update(boxes, colorOf, boxes[40])).toBe(1);
    const { fills, edges, headings } = parts(batch);
    const m = new THREE.Matrix4();
    fills.getMatrixAt(40, m);
    expect(m.elements.slice(0, 11).every((e) => e === 0)).toBe(true);
    expect(drawn(edges)).toEqual([[0, 40 * 24], [41 * 24, 59 * 24]]);
    expect(drawn(headings)).toEqual([[0, 80], [82, 118]]);
    expect(fills.count).toBe(100);
    // The hidden box edited (a drag) rewrites nothing; another box hidden instead shows the first again.
    const dragged = [...boxes];
    dragged[40] = box(40, 'car', { center: [401, 0, 1] });
    expect(batch.update(dragged, colorOf, dragged[40])).toBe(0);
    expect(batch.update(dragged, colorOf, dragged[7])).toBe(2);
    expect(vertex(headings, 80).x).toBeCloseTo(401);
    fills.getMatrixAt(40, m);
    expect(m.elements[12]).toBeCloseTo(401);
    expect(drawn(edges)).toEqual([[0, 7 * 24], [8 * 24, 92 * 24]]);
    expect(batch.update(dragged, colorOf)).toBe(1);
    expect(drawn(edges)).toEqual([[0, 100 * 24]]);
  });

  it('grows past its first buffers and keeps drawing every box', () => {
    const batch = new BoxBatch({ dashed: true, fillOpacity: 0.04 });
    const boxes = Array.from({ length: 1000 }, (_, i) => box(i));
    expect(batch.update(boxes.slice(0, 10), colorOf)).toBe(10);
    expect(batch.update(boxes, colorOf)).toBe(1000);
    const { fills, edges } = parts(batch);
    expect(fills.count).toBe(1000);
    expect(vertex(parts(batch).headings, 2 * 999).x).toBeCloseTo(9990);
    // Dashed edges measure each segment 0 → 1 along its edge of the unit box (dashes scale with the box).
    const d = edges.geometry.getAttribute('lineDistance') as THREE.BufferAttribute;
    expect([d.getX(0), d.getX(1), d.getX(999 * 24 + 22), d.getX(999 * 24 + 23)]).toEqual([0, 1, 0, 1]);
    batch.dispose();
  });

  it("gives each batch's fills a geometry of their own, and keeps it through growing", () => {
    // three.js keys a vertex array by geometry and program: two instanced fills on one geometry
    // rebind all their attributes on every drawn frame.
    const stored = new BoxBatch({ dashed: false, fillOpacity: 0.08 });
    const interpolated = new BoxBatch({ dashed: true, fillOpacity: 0.04 });
    const before = parts(stored).fills.geometry;
    expect(before).not.toBe(parts(interpolated).fills.geometry);
    stored.update(Array.from({ length: 100 }, (_, i) => box(i)), colorOf);
    expect(parts(stored).fills.geometry).toBe(before);
    stored.dispose();
    interpolated.dispose();
  });
});
