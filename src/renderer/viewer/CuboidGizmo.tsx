import { TransformControls } from '@react-three/drei';
import { useThree } from '@react-three/fiber';
import type * as THREE from 'three';
import type { ToolManager } from '../../core/editor/tools';
import { editFrameBox } from '../../core/editor/tools/editFrameBox';
import { boxOnFrame } from '../../core/editor/tools/frameBoxes';
import { MIN_CUBOID_EDGE } from '../../core/geometry/cuboid';
import type { GizmoMode } from '../state/viewStore';

export interface CuboidGizmoProps {
  readonly object: THREE.Group;
  /** The selection: a stored box's id, or a track's interpolated id (the first change stores a keyframe). */
  readonly objectId: string;
  readonly frameId: string;
  readonly mode: GizmoMode;
  readonly tools: ToolManager | null;
}

const LABELS: Record<GizmoMode, string> = { translate: 'move cuboid', rotate: 'rotate cuboid', scale: 'resize cuboid' };

/**
 * Move, yaw and resize handles on the selected cuboid. A whole drag is one gesture of the select
 * tool: one undo step and one saved operation, while the view follows every intermediate change;
 * Escape mid-drag puts the box back and the handles stop editing until they are let go.
 */
export function CuboidGizmo({ object, objectId, frameId, mode, tools }: CuboidGizmoProps) {
  const invalidate = useThree((s) => s.invalidate);
  if (!tools) return null;
  const editor = tools.editor;
  // After a cancel the handles still drag the group: keep it where the record says.
  const snapBack = () => {
    const box = boxOnFrame(editor, objectId, frameId);
    if (!box) return;
    const { center, size, rotation } = box.cuboid;
    object.position.set(center[0], center[1], center[2]);
    object.quaternion.set(rotation[0], rotation[1], rotation[2], rotation[3]);
    object.scale.set(size[0], size[1], size[2]);
    invalidate();
  };
  return (
    <TransformControls
      object={object}
      mode={mode}
      space={mode === 'rotate' ? 'world' : 'local'}
      showX={mode !== 'rotate'}
      showY={mode !== 'rotate'}
      size={0.9}
      onMouseDown={() => tools.beginHandleDrag(LABELS[mode])}
      onMouseUp={() => {
        if (!tools.endHandleDrag()) snapBack();
      }}
      onObjectChange={() => {
        if (!boxOnFrame(editor, objectId, frameId)) return;
        if (!tools.handleDragging) return snapBack();
        const p = object.position;
        const q = object.quaternion;
        const s = object.scale;
        editFrameBox(editor, objectId, frameId, {
          cuboid: {
            center: [p.x, p.y, p.z],
            rotation: [q.x, q.y, q.z, q.w],
            size: [Math.max(Math.abs(s.x), MIN_CUBOID_EDGE), Math.max(Math.abs(s.y), MIN_CUBOID_EDGE), Math.max(Math.abs(s.z), MIN_CUBOID_EDGE)],
          },
        }, LABELS[mode]);
      }}
    />
  );
}
