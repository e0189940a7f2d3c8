import { TransformControls } from '@react-three/drei';
import type * as THREE from 'three';
import { MIN_CUBOID_EDGE } from '../../core/geometry/cuboid';
import { getSession } from '../state/session';
import type { GizmoMode } from '../state/viewStore';

export interface CuboidGizmoProps {
  readonly object: THREE.Group;
  readonly objectId: string;
  readonly mode: GizmoMode;
}

const LABELS: Record<GizmoMode, string> = { translate: 'move cuboid', rotate: 'rotate cuboid', scale: 'resize cuboid' };

/**
 * Move, yaw and resize handles on the selected cuboid. A whole drag is one editor gesture: one
 * undo step and one saved operation, while the view follows every intermediate change.
 */
export function CuboidGizmo({ object, objectId, mode }: CuboidGizmoProps) {
  const editor = getSession()?.editor;
  if (!editor) return null;
  return (
    <TransformControls
      object={object}
      mode={mode}
      space={mode === 'rotate' ? 'world' : 'local'}
      showX={mode !== 'rotate'}
      showY={mode !== 'rotate'}
      size={0.9}
      onMouseDown={() => editor.beginGesture(LABELS[mode])}
      onMouseUp={() => editor.endGesture()}
      onObjectChange={() => {
        if (!editor.get(objectId)) return;
        const p = object.position;
        const q = object.quaternion;
        const s = object.scale;
        editor.updateCuboid(objectId, {
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
