import { memo, useMemo } from 'react';
import * as THREE from 'three';
import type { FrameBox } from '../../core/editor/tools/frameBoxes';

const unitBox = new THREE.BoxGeometry(1, 1, 1);
const unitEdges = new THREE.EdgesGeometry(unitBox);
// Dashes need each vertex's distance along its line; LineSegments works them out per segment.
const dashedEdges = new THREE.LineSegments(unitEdges).computeLineDistances().geometry;
// A line from the centre to the middle of the front face (+x): which way the object faces.
const headingGeometry = new THREE.BufferGeometry().setFromPoints([new THREE.Vector3(0, 0, 0), new THREE.Vector3(0.5, 0, 0)]);

// Materials shared by every box of one look (class colour, selected, interpolated): a frame of
// 1,000 boxes makes a handful, not 3,000, and stepping onto it compiles nothing new.
const lookCache = new Map<string, { readonly fill: THREE.Material; readonly edges: THREE.Material }>();
const headingCache = new Map<string, THREE.LineBasicMaterial>();

function looks(color: string, selected: boolean, interpolated: boolean) {
  const key = `${color}|${selected}|${interpolated}`;
  let look = lookCache.get(key);
  if (!look) {
    const edgeColor = selected ? '#ffffff' : color;
    look = {
      fill: new THREE.MeshBasicMaterial({ color, transparent: true, opacity: (selected ? 0.22 : 0.08) * (interpolated ? 0.5 : 1), depthWrite: false }),
      // Dash lengths are in the unit box's coordinates: about five dashes along every edge.
      edges: interpolated ? new THREE.LineDashedMaterial({ color: edgeColor, dashSize: 0.12, gapSize: 0.08 }) : new THREE.LineBasicMaterial({ color: edgeColor }),
    };
    lookCache.set(key, look);
  }
  return look;
}

function headingMaterial(color: string): THREE.LineBasicMaterial {
  let m = headingCache.get(color);
  if (!m) headingCache.set(color, (m = new THREE.LineBasicMaterial({ color })));
  return m;
}

export interface CuboidViewProps {
  readonly box: Pick<FrameBox, 'objectId' | 'cuboid'> & Partial<Pick<FrameBox, 'trackId' | 'interpolated'>>;
  readonly color: string;
  readonly selected: boolean;
  readonly onSelect?: (objectId: string) => void;
  readonly groupRef?: (group: THREE.Group | null) => void;
  /** False keeps the box's objects (and the gizmo's group) but draws nothing. */
  readonly visible?: boolean;
}

/**
 * A cuboid as a unit box scaled to its size, so the gizmo's scale handles edit the size directly.
 * A box interpolated between keyframes is dashed and fainter, labelled with its track's short id:
 * the annotator sees which boxes were placed and which are only computed (the label is drawn by
 * TrackLabels, over the canvas). The annotation layer draws the selected box so, as the group
 * the gizmo drags; the frame's other boxes go to a BoxBatch, which draws them alike.
 */
export const CuboidView = memo(function CuboidView({ box, color, selected, onSelect, groupRef, visible = true }: CuboidViewProps) {
  const { center, size, rotation } = box.cuboid;
  const interpolated = box.interpolated ?? false;
  const { fill, edges } = looks(color, selected, interpolated);
  // One line for the view's life; a new colour only swaps its material.
  const heading = useMemo(() => {
    const line = new THREE.Line(headingGeometry);
    line.raycast = () => undefined;
    return line;
  }, []);
  return (
    <group
      ref={groupRef}
      visible={visible}
      name={`cuboid-${box.objectId}`}
      position={[center[0], center[1], center[2]]}
      quaternion={[rotation[0], rotation[1], rotation[2], rotation[3]]}
      scale={[size[0], size[1], size[2]]}
    >
      <mesh
        geometry={unitBox}
        material={fill}
        // Only a box that selects itself is an event target: the fiber's hit list (checked on
        // every pointer event, cleaned per removed object) stays empty on a frame of 1,000 boxes.
        onClick={
          onSelect &&
          ((e) => {
            if (e.delta > 4) return;
            e.stopPropagation();
            onSelect(box.objectId);
          })
        }
      />
      <lineSegments geometry={interpolated ? dashedEdges : unitEdges} material={edges} raycast={() => undefined} />
      <primitive object={heading} material={headingMaterial(color)} />
    </group>
  );
});
