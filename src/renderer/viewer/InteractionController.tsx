import { Line } from '@react-three/drei';
import { useThree } from '@react-three/fiber';
import { useEffect, useRef, useState } from 'react';
import * as THREE from 'three';
import { estimateGroundHeight, fitCuboidAtPoint, suggestFitOptions } from '../../core/assist';
import { quatFromYaw } from '../../core/geometry/quaternion';
import { getSession } from '../state/session';
import { useView, type FrameCloud } from '../state/viewStore';
import { pickPoint, rayToGround } from './picking';

const CLICK_SLOP_PX = 5;
const MIN_DRAG_M = 0.3;

/**
 * The create tools as pointer state machines on the canvas: "draw" drags a footprint on the
 * ground, "fit" clicks a point and fits a box to the object it belongs to.
 */
export function InteractionController() {
  const { camera, gl, raycaster } = useThree();
  const tool = useView((s) => s.tool);
  const cloud = useView((s) => s.cloud);
  const [footprint, setFootprint] = useState<[THREE.Vector3, THREE.Vector3] | null>(null);
  const down = useRef<{ x: number; y: number; ground: THREE.Vector3 | null } | null>(null);

  useEffect(() => {
    if (tool === 'select' || !cloud) return;
    const el = gl.domElement;
    const ndcOf = (e: PointerEvent) => {
      const r = el.getBoundingClientRect();
      return { x: ((e.clientX - r.left) / r.width) * 2 - 1, y: -((e.clientY - r.top) / r.height) * 2 + 1 };
    };
    const groundAt = (e: PointerEvent): THREE.Vector3 | null => {
      const n = ndcOf(e);
      raycaster.setFromCamera(new THREE.Vector2(n.x, n.y), camera);
      const first = rayToGround(raycaster.ray, cloud.groundZ);
      if (!first) return null;
      const local = estimateGroundHeight(cloud.points, 4, [first.x, first.y, first.z], 3);
      return local === null ? first : (rayToGround(raycaster.ray, local) ?? first);
    };

    const onDown = (e: PointerEvent) => {
      if (e.button !== 0) return;
      const ground = tool === 'draw' ? groundAt(e) : null;
      down.current = { x: e.clientX, y: e.clientY, ground };
      if (ground) {
        el.setPointerCapture(e.pointerId);
        setFootprint([ground, ground.clone()]);
      }
    };
    const onMove = (e: PointerEvent) => {
      const start = down.current?.ground;
      if (!start) return;
      const here = groundAt(e);
      if (here) setFootprint([start, here]);
    };
    const onUp = (e: PointerEvent) => {
      const start = down.current;
      down.current = null;
      if (!start || e.button !== 0) return;
      if (el.hasPointerCapture(e.pointerId)) el.releasePointerCapture(e.pointerId);
      const moved = Math.hypot(e.clientX - start.x, e.clientY - start.y);
      if (tool === 'draw' && start.ground) {
        const end = groundAt(e) ?? start.ground;
        setFootprint(null);
        createFromFootprint(cloud, start.ground, end);
      } else if (tool === 'fit' && moved <= CLICK_SLOP_PX) {
        const r = el.getBoundingClientRect();
        fitAt(cloud, camera, ndcOf(e), { width: r.width, height: r.height });
      }
    };
    el.addEventListener('pointerdown', onDown);
    el.addEventListener('pointermove', onMove);
    el.addEventListener('pointerup', onUp);
    return () => {
      el.removeEventListener('pointerdown', onDown);
      el.removeEventListener('pointermove', onMove);
      el.removeEventListener('pointerup', onUp);
    };
  }, [tool, cloud, camera, gl, raycaster]);

  if (!footprint) return null;
  const [a, b] = footprint;
  const z = Math.max(a.z, b.z) + 0.02;
  return (
    <Line
      points={[[a.x, a.y, z], [b.x, a.y, z], [b.x, b.y, z], [a.x, b.y, z], [a.x, a.y, z]]}
      color="#fde047"
      lineWidth={2}
    />
  );
}

function createFromFootprint(cloud: FrameCloud, a: THREE.Vector3, b: THREE.Vector3): void {
  const session = getSession();
  const view = useView.getState();
  const cls = view.ontology?.classes.find((c) => c.classId === view.activeClassId);
  if (!session || !cls) return;
  const dx = Math.abs(b.x - a.x);
  const dy = Math.abs(b.y - a.y);
  const dragged = dx >= MIN_DRAG_M || dy >= MIN_DRAG_M;
  const [length, width] = dragged ? [Math.max(dx, MIN_DRAG_M), Math.max(dy, MIN_DRAG_M)] : [cls.defaultSize[0], cls.defaultSize[1]];
  const height = cls.defaultSize[2];
  const groundZ = Math.min(a.z, b.z);
  const record = session.editor.createCuboid({
    frameId: cloud.frameId,
    classId: cls.classId,
    cuboid: {
      frame: cloud.sensorId,
      center: dragged ? [(a.x + b.x) / 2, (a.y + b.y) / 2, groundZ + height / 2] : [a.x, a.y, groundZ + height / 2],
      size: [length, width, height],
      rotation: quatFromYaw(0),
    },
  });
  view.set({ selectedId: record.objectId, tool: 'select', notice: null });
}

function fitAt(cloud: FrameCloud, camera: THREE.Camera, ndc: { x: number; y: number }, viewport: { width: number; height: number }): void {
  const session = getSession();
  const view = useView.getState();
  if (!session) return;
  const seed = pickPoint(cloud.points, 4, camera, ndc, viewport);
  if (!seed) {
    view.set({ notice: 'No LiDAR point under the cursor: click on a point of the object.' });
    return;
  }
  const cls = view.ontology?.classes.find((c) => c.classId === view.activeClassId);
  const fit = fitCuboidAtPoint(cloud.points, 4, seed, cloud.sensorId, suggestFitOptions(seed, cls?.defaultSize ?? [4.5, 1.9, 1.6]));
  if (!fit) {
    view.set({ notice: 'That point is on the ground or on nothing box-shaped: click a point of an object.' });
    return;
  }
  const record = session.editor.createCuboid({ frameId: cloud.frameId, classId: view.activeClassId, cuboid: fit.cuboid });
  view.set({ selectedId: record.objectId, tool: 'select', notice: `Fitted a box to ${fit.pointCount} points.` });
}
