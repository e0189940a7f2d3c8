import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { createTestEditor, testCuboid } from '../../core/editor/testEditor';
import { projectPointer, type PickScene } from './picking';

const SIZE = { width: 800, height: 600 };
// The view's element: only its place on the page matters to the projection.
const element = { getBoundingClientRect: () => ({ left: 100, top: 50, ...SIZE }) } as HTMLElement;

function topCamera(): THREE.PerspectiveCamera {
  const camera = new THREE.PerspectiveCamera(55, SIZE.width / SIZE.height, 0.1, 1000);
  // Straight down, +x up the screen (up along z would leave lookAt no sideways axis).
  camera.up.set(1, 0, 0);
  camera.position.set(10, 0, 60);
  camera.lookAt(10, 0, 0);
  camera.updateMatrixWorld();
  return camera;
}

/** The page position of a scene point seen through the camera. */
function pixelOf(camera: THREE.Camera, p: [number, number, number]) {
  const v = new THREE.Vector3(...p).project(camera);
  return { clientX: 100 + ((v.x + 1) / 2) * SIZE.width, clientY: 50 + ((1 - v.y) / 2) * SIZE.height };
}

const press = (at: { clientX: number; clientY: number }, extra: Partial<PointerEvent> = {}) =>
  ({ ...at, button: 0, shiftKey: false, ctrlKey: false, altKey: false, metaKey: false, ...extra }) as PointerEvent;

function scene(): PickScene & { boxId: string } {
  const { editor } = createTestEditor();
  const boxId = editor.createCuboid({ frameId: 'f0', classId: 'car', cuboid: testCuboid(10, 0) }).objectId;
  // A point on the box's roof and one on the ground beside it, x y z intensity.
  const points = new Float32Array([10, 0, 1.6, 0, 10, 6, 0, 0]);
  return { editor, groundZ: 0, frame: { frameId: 'f0', sensorId: 'lidar', points, stride: 4 }, boxId };
}

describe('projectPointer', () => {
  it('gives the tools the ray, the box it meets, the point under the cursor and the ground', () => {
    const camera = topCamera();
    const s = scene();
    const e = projectPointer(press(pixelOf(camera, [10, 0, 1.6]), { shiftKey: true }), element, camera, new THREE.Raycaster(), s);
    expect(e.viewId).toBe('3d');
    expect(e.modifiers.shift).toBe(true);
    expect(e.screen[0]).toBeCloseTo(400, 3);
    expect(e.screen[1]).toBeCloseTo(300, 3);
    expect(e.hit.objectId).toBe(s.boxId);
    expect(e.hit.point).toEqual([10, 0, expect.closeTo(1.6, 5)]);
    const ground = e.hit.ground!;
    expect(ground[0]).toBeCloseTo(10, 3);
    expect(ground[1]).toBeCloseTo(0, 3);
    expect(ground[2]).toBeCloseTo(0, 3);
    expect(e.ray.origin[2]).toBeCloseTo(60, 3);
  });

  it('beside the box: no box, the ground point, and nothing picked without a frame', () => {
    const camera = topCamera();
    const s = scene();
    const e = projectPointer(press(pixelOf(camera, [10, 6, 0])), element, camera, new THREE.Raycaster(), s);
    expect(e.hit.objectId).toBeNull();
    expect(e.hit.point?.[1]).toBeCloseTo(6, 5);
    const none = projectPointer(press(pixelOf(camera, [10, 0, 1.6])), element, camera, new THREE.Raycaster(), { ...s, frame: null });
    expect(none.hit).toMatchObject({ objectId: null, point: null, ground: null });
  });
});
