import { useState } from 'react';
import type * as THREE from 'three';
import { boxesInFrame, isSelectedBox } from '../../core/editor/tools/frameBoxes';
import { useEditor, useView } from '../workbench/context';
import { CuboidGizmo } from './CuboidGizmo';
import { CuboidView } from './CuboidView';
import { TrackLabels } from './TrackLabels';
import type { LayerProps } from './layer';

/** The editable boxes of the frame (stored and interpolated), and the gizmo on the selected one. */
export function AnnotationLayer({ tools }: LayerProps) {
  const cloud = useView((s) => s.cloud);
  const ontology = useView((s) => s.ontology);
  const selectedId = useView((s) => s.selectedId);
  const gizmoMode = useView((s) => s.gizmoMode);
  const tool = useView((s) => s.tool);
  const editor = useEditor();
  const [selectedGroup, setSelectedGroup] = useState<THREE.Group | null>(null);
  if (!editor || !cloud) return null;
  const colorOf = (classId: string) => ontology?.classes.find((c) => c.classId === classId)?.color ?? '#e5e7eb';
  const boxes = boxesInFrame(editor, cloud.frameId);
  const selected = boxes.find((b) => isSelectedBox(b, selectedId));
  const labels = boxes.filter((b) => b.interpolated).map((box) => ({ box, color: colorOf(box.classId) }));
  return (
    <>
      {boxes.map((b) => (
        // Keyed by track: when a drag turns an interpolated box into a keyframe, the group the
        // gizmo holds stays mounted and the drag goes on.
        <CuboidView
          key={b.trackId}
          box={b}
          color={colorOf(b.classId)}
          selected={b === selected}
          groupRef={b === selected ? setSelectedGroup : undefined}
        />
      ))}
      <TrackLabels labels={labels} />
      {selectedId && selectedGroup && selected && tool === 'select' && (
        <CuboidGizmo object={selectedGroup} objectId={selectedId} frameId={cloud.frameId} mode={gizmoMode} tools={tools} />
      )}
    </>
  );
}
