import { TransformControls } from '@react-three/drei';
import { useThree } from '@react-three/fiber';
import { useEffect, useLayoutEffect, useRef } from 'react';
import { DoubleSide } from 'three';
import type * as THREE from 'three';
import type { TransformControls as TransformControlsImpl } from 'three-stdlib';
import type { ToolManager } from '../../core/editor/tools';
import { editFrameBox } from '../../core/editor/tools/editFrameBox';
import { boxOnFrame } from '../../core/editor/tools/frameBoxes';
import { MIN_CUBOID_EDGE } from '../../core/geometry/cuboid';
import type { GizmoMode } from '../state/viewStore';
import { ElementRect } from './elementRect';

export interface CuboidGizmoProps {
  /** The selected box's group, or null: the handles are then hidden and inert, but kept. */
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
 * Mounted for as long as the select tool is on, selection or not: building the handles' meshes
 * (drei makes a new TransformControls per mount) was a large part of selecting a box. With no
 * selection they are detached, which hides them and makes them ignore the pointer.
 */
export function CuboidGizmo({ object, objectId, frameId, mode, tools }: CuboidGizmoProps) {
  const invalidate = useThree((s) => s.invalidate);
  const controls = useRef<TransformControlsImpl>(null);
  // After drei's own effect (a child's layout effects run first), which attaches its empty group
  // when given no object.
  useLayoutEffect(() => {
    if (!object) controls.current?.detach();
    invalidate();
  }, [object, invalidate]);
  useSinglePassHandles(controls);
  useKeptPointerRect(controls);
  if (!tools) return null;
  const editor = tools.editor;
  // After a cancel the handles still drag the group: keep it where the record says.
  const snapBack = () => {
    if (!object || !objectId) return;
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
      ref={controls}
      object={object ?? undefined}
      enabled={object !== null}
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
        if (!object || !objectId || !boxOnFrame(editor, objectId, frameId)) return;
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

/**
 * three.js draws a transparent double-sided material in two passes (back faces, then front),
 * flagging it for a new program before each: every handle then costs two program look-ups per
 * drawn frame, a large part of each frame of a drag. A handle is one colour, and blending one
 * colour over itself comes out the same in any order, so one pass draws the very same pixels.
 *
 * Checked on every render, not once: drei makes the controls (and their materials) anew when the
 * canvas's event target is connected after the first render, or the camera changes, and handles
 * made so were left drawing in two passes.
 */
function useSinglePassHandles(controls: React.RefObject<TransformControlsImpl | null>): void {
  const done = useRef<TransformControlsImpl | null>(null);
  useLayoutEffect(() => {
    const c = controls.current;
    if (!c || c === done.current) return;
    c.traverse((o) => {
      const m = (o as Partial<THREE.Mesh>).material;
      for (const material of Array.isArray(m) ? m : m ? [m] : []) {
        if (material.transparent && material.side === DoubleSide) material.forceSinglePass = true;
      }
    });
    done.current = c;
  });
}

interface PointerReading {
  readonly clientX: number;
  readonly clientY: number;
  readonly button: number;
  readonly changedTouches?: ArrayLike<{ readonly clientX: number; readonly clientY: number }>;
}

/** The handles' own view of the pointer (three-stdlib's getPointer, private there). */
interface PointerReader {
  domElement?: HTMLElement;
  getPointer: (event: PointerReading) => { x: number; y: number; button: number };
}

/**
 * The handles turn each pointer event into view coordinates by reading their element's place on
 * the page, twice per move of a drag (the hover and the drag listener): each read laid the page out
 * anew after the edit of the move before. They read a kept place instead (ElementRect), the same
 * sum as three-stdlib's. Controls made anew (a new camera) are wired again.
 */
function useKeptPointerRect(controls: React.RefObject<TransformControlsImpl | null>): void {
  const wired = useRef<{ controls: PointerReader; own: PointerReader['getPointer']; rect: ElementRect } | null>(null);
  useLayoutEffect(() => {
    const c = controls.current as unknown as PointerReader | null;
    if (c === (wired.current?.controls ?? null)) return;
    unwire(wired.current);
    wired.current = null;
    const el = c?.domElement;
    if (!c || !el || typeof c.getPointer !== 'function') return;
    const own = c.getPointer;
    const rect = new ElementRect(el);
    c.getPointer = (event) => {
      // Under pointer lock the handles read no position at all: three-stdlib's own answer.
      if (el.ownerDocument.pointerLockElement) return own(event);
      const at = event.changedTouches ? event.changedTouches[0] : event;
      const r = rect.getBoundingClientRect();
      return { x: ((at.clientX - r.left) / r.width) * 2 - 1, y: -((at.clientY - r.top) / r.height) * 2 + 1, button: event.button };
    };
    wired.current = { controls: c, own, rect };
  });
  useEffect(() => () => {
    unwire(wired.current);
    wired.current = null;
  }, []);
}

function unwire(w: { controls: PointerReader; own: PointerReader['getPointer']; rect: ElementRect } | null): void {
  if (!w) return;
  w.controls.getPointer = w.own;
  w.rect.dispose();
}
