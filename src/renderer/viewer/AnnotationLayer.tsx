import { useCallback, useMemo, useState } from 'react';
import type * as THREE from 'three';
import { isSelectedBox, type FrameBox } from '../../core/editor/tools/frameBoxes';
import { frameBoxes } from '../state/frameBoxesCache';
import { useEditor, useView } from '../workbench/context';
import type { BoxBatchLook } from './boxBatch';
import { BoxBatchView } from './BoxBatchView';
import { CuboidGizmo } from './CuboidGizmo';
import { CuboidView } from './CuboidView';
import { TrackLabels } from './TrackLabels';
import type { LayerProps } from './layer';

// As CuboidView draws a box of each kind: stored boxes solid, interpolated ones dashed and half as opaque.
const STORED: BoxBatchLook = { dashed: false, fillOpacity: 0.08 };
const INTERPOLATED: BoxBatchLook = { dashed: true, fillOpacity: 0.04 };

/**
 * The editable boxes of the frame (stored and interpolated), and the gizmo on the selected one.
 * Every box but the selected one is drawn by two batches (a handful of draw calls, rewritten only
 * where a box changed; the selected box keeps its slot there, hidden); the selected box is a
 * component of its own, the group the gizmo drags.
 */
export function AnnotationLayer({ tools }: LayerProps) {
  const cloud = useView((s) => s.cloud);
  const ontology = useView((s) => s.ontology);
  const selectedId = useView((s) => s.selectedId);
  const gizmoMode = useView((s) => s.gizmoMode);
  const tool = useView((s) => s.tool);
  const editor = useEditor();
  const [selectedGroup, setSelectedGroup] = useState<THREE.Group | null>(null);
  const colors = useMemo(() => new Map(ontology?.classes.map((c) => [c.classId, c.color])), [ontology]);
  const colorOf = useCallback((classId: string) => colors.get(classId) ?? '#e5e7eb', [colors]);
  const boxes = editor && cloud ? frameBoxes(editor, cloud.frameId) : null;
  // The same labels while the frame's boxes are the same: the labels' effect then runs on a step or an edit, not on every render.
  const labels = useMemo(() => (boxes ?? []).filter((b) => b.interpolated).map((box) => ({ box, color: colorOf(box.classId) })), [boxes, colorOf]);
  // Split once per frame and edit: a selection hands the batches the very lists they drew.
  const split = useMemo(() => {
    const stored: FrameBox[] = [];
    const interpolated: FrameBox[] = [];
    for (const b of boxes ?? []) (b.interpolated ? interpolated : stored).push(b);
    return { stored, interpolated };
  }, [boxes]);
  if (!editor || !cloud || !boxes) return null;
  const selected = selectedId === null ? undefined : boxes.find((b) => isSelectedBox(b, selectedId));
  return (
    <>
      <BoxBatchView boxes={split.stored} look={STORED} colorOf={colorOf} hidden={selected ?? null} />
      <BoxBatchView boxes={split.interpolated} look={INTERPOLATED} colorOf={colorOf} hidden={selected ?? null} />
      {selected && (
        // Keyed by track: when a drag turns an interpolated box into a keyframe, the group the
        // gizmo holds stays mounted and the drag goes on.
        <CuboidView key={selected.trackId} box={selected} color={colorOf(selected.classId)} selected groupRef={setSelectedGroup} />
      )}
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
