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

const vertex = (lines: THREE.LineSegments, i: number) => new THREE.Vector3().fromBufferAttribute(lines.geometry.getAttribute('position') as THREE.BufferAttribute, i);

describe('BoxBatch', () => {
  it('draws each box where its cuboid is, in its class colour', () => {
    const batch = new BoxBatch({ dashed: false, fillOpacity: 0.08 });
    const turned = box(1, 'person', { rotation: [0, 0, Math.sin(Math.PI / 4), Math.cos(Math.PI / 4)] });
    expect(batch.update([box(0), turned], colorOf)).toBe(2);
    const { fills, edges, headings } = parts(batch);
    expect(fills.count).toBe(2);
    expect(edges.geometry.drawRange.count).toBe(48);
    expect(headings.geometry.drawRange.count).toBe(4);

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
    // A new colour for a class rewrites its boxes.
    expect(batch.update(moved, (id) => (id === 'car' ? '#0000ff' : colorOf(id)))).toBe(100);

    expect(batch.update(moved.slice(0, 10), colorOf)).toBe(10);
    expect(parts(batch).fills.count).toBe(10);
    expect(parts(batch).edges.geometry.drawRange.count).toBe(240);
    // A box coming back into a slot past the end is written again, whatever was there before.
    expect(batch.update(moved.slice(0, 11), colorOf)).toBe(1);
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
});
