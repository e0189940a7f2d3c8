import { Html, Line } from '@react-three/drei';
import { useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import * as THREE from 'three';
import { relationArrow, sceneGraphAt, type GraphRelation, type SceneGraphEdge, type SceneGraphNode } from '../../core/scenegraph';
import { estimateLabelSize, intoView, LabelPlacer } from './labelPlacement';
import { predicateColours, predicateLabel } from './predicatePalette';

export interface RelationLayerProps {
  /** Every relation of the scene; the layer keeps those that hold at `frameIndex`. */
  readonly relations: readonly GraphRelation[];
  /** The objects of the frame, placed in the frame the view draws in. */
  readonly nodes: readonly SceneGraphNode[];
  readonly frameIndex: number;
  readonly selectedId: string | null;
  readonly visible: boolean;
}

const coneGeometry = new THREE.ConeGeometry(1, 1, 14);
const UP = new THREE.Vector3(0, 1, 0);
// Drawn after the points and cuboids and never hidden by them: the arrows are an overlay.
const OVERLAY_ORDER = 10;
const noRaycast = () => undefined;
const projected = new THREE.Vector3();

type PlaceLabel = (anchor: THREE.Object3D, camera: THREE.Camera, size: { width: number; height: number }, text: string) => [number, number];

/**
 * The frame's relations as arrows from subject to object, coloured by predicate and labelled at
 * the middle. When an object is selected, its relations stand out and the others fade. Arrows are
 * not pickable, so they never take a click meant for a box or a point.
 */
export function RelationLayer({ relations, nodes, frameIndex, selectedId, visible }: RelationLayerProps) {
  const colours = useMemo(() => predicateColours(relations.map((r) => r.predicate)), [relations]);
  const graph = useMemo(() => sceneGraphAt(relations, nodes, frameIndex), [relations, nodes, frameIndex]);
  const gl = useThree((s) => s.gl);
  const invalidate = useThree((s) => s.invalidate);
  // The view may draw on demand only: whatever changes the arrows asks for a new frame.
  useEffect(() => invalidate(), [visible, graph, colours, selectedId, invalidate]);
  // Labels are placed in screen space each frame, one below the other where they would overlap.
  const placeLabel = useMemo<PlaceLabel>(() => {
    const placer = new LabelPlacer();
    return (anchor, camera, size, text) => {
      projected.setFromMatrixPosition(anchor.matrixWorld).project(camera);
      const x = ((projected.x + 1) / 2) * size.width;
      const y = ((1 - projected.y) / 2) * size.height;
      // Behind the camera the label is hidden; it must not push visible ones aside.
      if (projected.z > 1) return [x, y];
      const box = estimateLabelSize(text);
      const [ix, iy] = intoView(x, y, box.width, box.height, size.width, size.height);
      return placer.place(gl.info.render.frame, ix, iy, box.width, box.height);
    };
  }, [gl]);
  if (!visible) return null;
  return (
    <group name="relations" userData={{ drawn: graph.edges.length }}>
      {graph.edges.map((edge) => {
        // A relation stands out with either end selected, or itself (a drawn relation selected for editing).
        const touches = selectedId !== null && (edge.subject.nodeId === selectedId || edge.object.nodeId === selectedId || edge.relation.relationId === selectedId);
        const emphasis = selectedId === null ? 'normal' : touches ? 'highlighted' : 'faded';
        return (
          <RelationArrow
            key={edge.relation.relationId}
            edge={edge}
            colour={colours.get(edge.relation.predicate) ?? '#ffffff'}
            emphasis={emphasis}
            placeLabel={placeLabel}
          />
        );
      })}
    </group>
  );
}

type Emphasis = 'normal' | 'highlighted' | 'faded';

interface RelationArrowProps {
  readonly edge: SceneGraphEdge;
  readonly colour: string;
  readonly emphasis: Emphasis;
  readonly placeLabel: PlaceLabel;
}

function RelationArrow({ edge, colour, emphasis, placeLabel }: RelationArrowProps) {
  const geometry = useMemo(() => {
    const arrow = relationArrow(edge.subject, edge.object);
    if (!arrow) return null;
    const from = new THREE.Vector3(...arrow.from);
    const to = new THREE.Vector3(...arrow.to);
    const span = to.distanceTo(from);
    const dir = to.clone().sub(from).normalize();
    const headLength = Math.min(1.8, span * 0.35);
    const shaftEnd = to.clone().addScaledVector(dir, -headLength * 0.9);
    const head = {
      position: to.clone().addScaledVector(dir, -headLength / 2),
      quaternion: new THREE.Quaternion().setFromUnitVectors(UP, dir),
      scale: new THREE.Vector3(headLength * 0.4, headLength, headLength * 0.4),
    };
    return { shaft: [from, shaftEnd] as [THREE.Vector3, THREE.Vector3], head, midpoint: arrow.midpoint };
  }, [edge.subject, edge.object]);
  const material = useMemo(() => {
    const opacity = emphasis === 'faded' ? 0.3 : 1;
    return new THREE.MeshBasicMaterial({ color: colour, transparent: opacity < 1, opacity, depthTest: false, depthWrite: false });
  }, [colour, emphasis]);
  useEffect(() => () => material.dispose(), [material]);
  if (!geometry) return null;
  const { relationId, predicate } = edge.relation;
  const opacity = material.opacity;
  const text = predicateLabel(predicate);
  return (
    <group name={`relation-${relationId}`}>
      <Line
        points={geometry.shaft}
        color={colour}
        lineWidth={emphasis === 'highlighted' ? 4.5 : 2.5}
        transparent={opacity < 1}
        opacity={opacity}
        depthTest={false}
        depthWrite={false}
        renderOrder={OVERLAY_ORDER}
        raycast={noRaycast}
      />
      <mesh
        geometry={coneGeometry}
        material={material}
        position={geometry.head.position}
        quaternion={geometry.head.quaternion}
        scale={geometry.head.scale}
        renderOrder={OVERLAY_ORDER}
        raycast={noRaycast}
      />
      <Html
        position={geometry.midpoint as [number, number, number]}
        center
        // drei applies `pointerEvents` only to transformed labels; these classes let clicks through to the canvas.
        wrapperClass="relation-label-anchor"
        className="relation-label-anchor"
        zIndexRange={[4, 0]}
        calculatePosition={(anchor, camera, size) => placeLabel(anchor, camera, size, text)}
      >
        <span
          className={`relation-label ${emphasis}`}
          data-testid={`relation-label-${relationId}`}
          data-predicate={predicate}
          style={{ borderColor: colour, color: colour }}
        >
          {text}
        </span>
      </Html>
    </group>
  );
}
