import { useThree } from '@react-three/fiber';
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import type * as THREE from 'three';
import { TransformControls } from 'three/examples/jsm/controls/TransformControls.js';
import type { ToolManager } from '../../core/editor/tools';
import { editFrameBox } from '../../core/editor/tools/editFrameBox';
import { boxOnFrame } from '../../core/editor/tools/frameBoxes';
import { MIN_CUBOID_EDGE } from '../../core/geometry/cuboid';
import type { GizmoMode } from '../state/viewStore';

export interface CuboidGizmoProps {
  /** The selected box's group, or null: the handles hide and take no pointer. */
  readonly object: THREE.Group | null;
  /** The selection: a stored box's id, or a track's interpolated id (the first change stores a keyframe). */
  readonly objectId: string | null;
  readonly frameId: string;
  readonly mode: GizmoMode;
  readonly tools: ToolManager | null;
}

const LABELS: Record<GizmoMode, string> = { translate: 'move cuboid', rotate: 'rotate cuboid', scale: 'resize cuboid' };

/**
 * Move, yaw and resize handles on the selected cuboid. A whole drag is one gesture of the select
 * tool: one undo step and one saved operation, while the view follows every intermediate change;
 * Escape mid-drag puts the box back and the handles stop editing until they are let go.
 *
 * One set of handles for the view's life, moved from box to box: building them (a few hundred
 * meshes) cost more than the rest of a selection on a frame of 1,000 boxes.
 */
export function CuboidGizmo({ object, objectId, frameId, mode, tools }: CuboidGizmoProps) {
  const camera = useThree((s) => s.camera);
  const gl = useThree((s) => s.gl);
  const connected = useThree((s) => s.events.connected as HTMLElement | undefined);
  const orbit = useThree((s) => s.controls as unknown as { enabled: boolean } | null);
  const invalidate = useThree((s) => s.invalidate);
  const controls = useMemo(() => new TransformControls(camera, connected ?? gl.domElement), [camera, connected, gl]);
  useEffect(() => () => controls.dispose(), [controls]);

  // The handlers below read the props of the last render, not of the one that added them.
  const latest = useRef({ object, objectId, frameId, mode, tools });
  latest.current = { object, objectId, frameId, mode, tools };

  useLayoutEffect(() => {
    if (object) controls.attach(object);
    else controls.detach();
    // Detached, the handles leave the pointer alone (no capture of presses meant for the view).
    controls.enabled = object !== null;
    invalidate();
  }, [controls, object, invalidate]);

  useLayoutEffect(() => {
    controls.setMode(mode);
    controls.setSpace(mode === 'rotate' ? 'world' : 'local');
    controls.setSize(0.9);
    controls.showX = mode !== 'rotate';
    controls.showY = mode !== 'rotate';
    invalidate();
  }, [controls, mode, invalidate]);

  useEffect(() => {
    // The orbit controls would turn the camera under a handle drag.
    const onDragging = (e: { value: unknown }) => {
      if (orbit) orbit.enabled = !e.value;
    };
    // After a cancel the handles still drag the group: keep it where the record says.
    const snapBack = () => {
      const { object: group, objectId: id, frameId: frame, tools: t } = latest.current;
      const box = t && group && id ? boxOnFrame(t.editor, id, frame) : null;
      if (!box || !group) return;
      const { center, size, rotation } = box.cuboid;
      group.position.set(center[0], center[1], center[2]);
      group.quaternion.set(rotation[0], rotation[1], rotation[2], rotation[3]);
      group.scale.set(size[0], size[1], size[2]);
      invalidate();
    };
    const onMouseDown = () => {
      const { tools: t, mode: m } = latest.current;
      t?.beginHandleDrag(LABELS[m]);
    };
    const onMouseUp = () => {
      if (!latest.current.tools?.endHandleDrag()) snapBack();
    };
    const onObjectChange = () => {
      const { object: group, objectId: id, frameId: frame, tools: t, mode: m } = latest.current;
      if (!t || !group || !id || !boxOnFrame(t.editor, id, frame)) return;
      if (!t.handleDragging) return snapBack();
      const p = group.position;
      const q = group.quaternion;
      const s = group.scale;
      editFrameBox(t.editor, id, frame, {
        cuboid: {
          center: [p.x, p.y, p.z],
          rotation: [q.x, q.y, q.z, q.w],
          size: [Math.max(Math.abs(s.x), MIN_CUBOID_EDGE), Math.max(Math.abs(s.y), MIN_CUBOID_EDGE), Math.max(Math.abs(s.z), MIN_CUBOID_EDGE)],
        },
      }, LABELS[m]);
    };
    const onChange = () => invalidate();
    controls.addEventListener('dragging-changed', onDragging);
    controls.addEventListener('change', onChange);
    controls.addEventListener('mouseDown', onMouseDown);
    controls.addEventListener('mouseUp', onMouseUp);
    controls.addEventListener('objectChange', onObjectChange);
    return () => {
      controls.removeEventListener('dragging-changed', onDragging);
      controls.removeEventListener('change', onChange);
      controls.removeEventListener('mouseDown', onMouseDown);
      controls.removeEventListener('mouseUp', onMouseUp);
      controls.removeEventListener('objectChange', onObjectChange);
    };
  }, [controls, orbit, invalidate]);

  return <primitive object={controls.getHelper()} />;
}
