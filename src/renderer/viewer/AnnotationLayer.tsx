import { useCallback, useMemo, useRef, useState } from 'react';
import type * as THREE from 'three';
import { isSelectedBox, type FrameBox } from '../../core/editor/tools/frameBoxes';
import { frameBoxes } from '../state/frameBoxesCache';
import { useEditor, useView } from '../workbench/context';
import type { BoxBatchLook } from './boxBatch';
import { BoxBatchView } from './BoxBatchView';
import { CuboidGizmo } from './CuboidGizmo';
import { CuboidView, type CuboidViewProps } from './CuboidView';
import { TrackLabels } from './TrackLabels';
import type { LayerProps } from './layer';

// As CuboidView draws a box of each kind: stored boxes solid, interpolated ones dashed and half as opaque.
const STORED: BoxBatchLook = { dashed: false, fillOpacity: 0.08 };
const INTERPOLATED: BoxBatchLook = { dashed: true, fillOpacity: 0.04 };

const NO_BOXES: readonly FrameBox[] = [];

// What the selected box's view holds, hidden, before anything was selected.
const NO_SELECTION: FrameBox['cuboid'] = { frame: '', center: [0, 0, 0], size: [1, 1, 1], rotation: [0, 0, 0, 1] };
const UNSELECTED = { objectId: '', cuboid: NO_SELECTION };

interface Split {
  readonly colorOf: (classId: string) => string;
  readonly split: { readonly stored: readonly FrameBox[]; readonly interpolated: readonly FrameBox[] };
  readonly labels: readonly { readonly box: FrameBox; readonly color: string }[];
}

// By the frame's box array: frameBoxes hands back the array of the frame before on a step back.
const splits = new WeakMap<readonly FrameBox[], Split>();

/** The frame's boxes split into stored and interpolated, and the interpolated ones' labels. */
function splitOf(boxes: readonly FrameBox[], colorOf: (classId: string) => string): Split {
  const held = splits.get(boxes);
  if (held && held.colorOf === colorOf) return held;
  const stored: FrameBox[] = [];
  const interpolated: FrameBox[] = [];
  for (const b of boxes) (b.interpolated ? interpolated : stored).push(b);
  const out: Split = { colorOf, split: { stored, interpolated }, labels: interpolated.map((box) => ({ box, color: colorOf(box.classId) })) };
  splits.set(boxes, out);
  return out;
}

/**
 * The editable boxes of the frame (stored and interpolated), and the gizmo on the selected one.
 * Every box but the selected one is drawn by two batches (a handful of draw calls, rewritten only
 * where a box changed; the selected box keeps its slot there, hidden); the selected box is a
 * component of its own, the group the gizmo drags. That view stays mounted, hidden while nothing
 * is selected, and is handed each selected box: building its objects and the gizmo's group anew
 * (and rendering the layer again for the new group) was a large part of selecting a box.
 */
export function AnnotationLayer({ tools }: LayerProps) {
  const cloud = useView((s) => s.cloud);
  const ontology = useView((s) => s.ontology);
  const selectedId = useView((s) => s.selectedId);
  const gizmoMode = useView((s) => s.gizmoMode);
  const tool = useView((s) => s.tool);
  const editor = useEditor();
  const [selectedGroup, setSelectedGroup] = useState<THREE.Group | null>(null);
  // The box last selected stays in the hidden view: a deselect changes only its visibility.
  const lastSelected = useRef<{ box: CuboidViewProps['box']; color: string }>({ box: UNSELECTED, color: '#e5e7eb' });
  const colors = useMemo(() => new Map(ontology?.classes.map((c) => [c.classId, c.color])), [ontology]);
  const colorOf = useCallback((classId: string) => colors.get(classId) ?? '#e5e7eb', [colors]);
  const boxes = editor && cloud ? frameBoxes(editor, cloud.frameId) : null;
  // The same lists while the frame's boxes are the same (a selection hands the batches the very
  // lists they drew, and the labels' effect runs on a step or an edit, not on every render), and
  // the same again on stepping back to the frame before, whose boxes frameBoxes kept.
  const { split, labels } = useMemo(() => splitOf(boxes ?? NO_BOXES, colorOf), [boxes, colorOf]);
  if (!editor || !cloud || !boxes) return null;
  const selected = selectedId === null ? undefined : boxes.find((b) => isSelectedBox(b, selectedId));
  if (selected) lastSelected.current = { box: selected, color: colorOf(selected.classId) };
  const shown = lastSelected.current;
  return (
    <>
      <BoxBatchView boxes={split.stored} look={STORED} colorOf={colorOf} hidden={selected ?? null} />
      <BoxBatchView boxes={split.interpolated} look={INTERPOLATED} colorOf={colorOf} hidden={selected ?? null} />
      {/* One view for every selection: when a drag turns an interpolated box into a keyframe, the
          group the gizmo holds stays the same and the drag goes on. */}
      <CuboidView box={shown.box} color={shown.color} selected visible={selected !== undefined} groupRef={setSelectedGroup} />
      <TrackLabels labels={labels} />
      {tool === 'select' && (
        <CuboidGizmo
          object={selectedId && selected ? selectedGroup : null}
          objectId={selectedId && selected ? selectedId : null}
          frameId={cloud.frameId}
          mode={gizmoMode}
          tools={tools}
        />
      )}
    </>
  );
}
