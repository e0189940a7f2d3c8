import { Html } from '@react-three/drei';
import { memo, useMemo } from 'react';
import * as THREE from 'three';
import type { FrameBox } from '../../core/editor/tools/frameBoxes';
import { shortId } from '../../core/model/ids';

const unitBox = new THREE.BoxGeometry(1, 1, 1);
const unitEdges = new THREE.EdgesGeometry(unitBox);
// Dashes need each vertex's distance along its line; LineSegments works them out per segment.
const dashedEdges = new THREE.LineSegments(unitEdges).computeLineDistances().geometry;
// A line from the centre to the middle of the front face (+x): which way the object faces.
const headingGeometry = new THREE.BufferGeometry().setFromPoints([new THREE.Vector3(0, 0, 0), new THREE.Vector3(0.5, 0, 0)]);

export interface CuboidViewProps {
  readonly box: Pick<FrameBox, 'objectId' | 'cuboid'> & Partial<Pick<FrameBox, 'trackId' | 'interpolated'>>;
  readonly color: string;
  readonly selected: boolean;
  readonly onSelect?: (objectId: string) => void;
  readonly groupRef?: (group: THREE.Group | null) => void;
}

/**
 * A cuboid as a unit box scaled to its size, so the gizmo's scale handles edit the size directly.
 * A box interpolated between keyframes is dashed and fainter, labelled with its track's short id:
 * the annotator sees which boxes were placed and which are only computed. Memoised: boxesInFrame
 * hands back the same box object while it is unchanged, so an edit re-renders only the boxes it
 * touched, not every box of the frame.
 */
export const CuboidView = memo(function CuboidView({ box, color, selected, onSelect, groupRef }: CuboidViewProps) {
  const { center, size, rotation } = box.cuboid;
  const interpolated = box.interpolated ?? false;
  const fill = useMemo(
    () => new THREE.MeshBasicMaterial({ color, transparent: true, opacity: (selected ? 0.22 : 0.08) * (interpolated ? 0.5 : 1), depthWrite: false }),
    [color, selected, interpolated],
  );
  const edges = useMemo(() => {
    const edgeColor = selected ? '#ffffff' : color;
    // Dash lengths are in the unit box's coordinates: about five dashes along every edge.
    return interpolated ? new THREE.LineDashedMaterial({ color: edgeColor, dashSize: 0.12, gapSize: 0.08 }) : new THREE.LineBasicMaterial({ color: edgeColor });
  }, [color, selected, interpolated]);
  const heading = useMemo(() => {
    const line = new THREE.Line(headingGeometry, new THREE.LineBasicMaterial({ color }));
    line.raycast = () => undefined;
    return line;
  }, [color]);
  return (
    <group
      ref={groupRef}
      name={`cuboid-${box.objectId}`}
      position={[center[0], center[1], center[2]]}
      quaternion={[rotation[0], rotation[1], rotation[2], rotation[3]]}
      scale={[size[0], size[1], size[2]]}
    >
      <mesh
        geometry={unitBox}
        material={fill}
        onClick={(e) => {
          if (!onSelect || e.delta > 4) return;
          e.stopPropagation();
          onSelect(box.objectId);
        }}
      />
      <lineSegments geometry={interpolated ? dashedEdges : unitEdges} material={edges} raycast={() => undefined} />
      <primitive object={heading} />
      {interpolated && box.trackId && (
        // Picking never consults overlays, and the anchor class lets clicks through to the canvas.
        <Html position={[0, 0, 0.5]} center wrapperClass="relation-label-anchor" className="relation-label-anchor" zIndexRange={[3, 0]}>
          <span className="track-label" data-testid="track-label" data-track-id={box.trackId} style={{ borderColor: color, color }}>
            {shortId(box.trackId)} · interpolated
          </span>
        </Html>
      )}
    </group>
  );
});
