import { useThree } from '@react-three/fiber';
import { useEffect, useRef } from 'react';
import type * as THREE from 'three';
import { useFrameSceneGraph } from '../state/useFrameSceneGraph';
import { useGraph, useView } from '../workbench/context';
import { RelationLayer } from './RelationLayer';

/** How far from a focused object the camera ends up, whatever the zoom was. */
const FOCUS_DISTANCE = { min: 10, max: 30 };

/** The scene graph in the 3D view: the relation arrows, and re-centring on an object on request. */
export function SceneGraphLayer() {
  const { relations, nodes, frameIndex } = useFrameSceneGraph();
  const selectedId = useView((s) => s.selectedId);
  const visible = useGraph((s) => s.showRelations);
  const request = useGraph((s) => s.focusRequest);
  const camera = useThree((s) => s.camera);
  const controls = useThree((s) => s.controls) as unknown as { target: THREE.Vector3; update(): void } | null;
  const invalidate = useThree((s) => s.invalidate);
  const nodesRef = useRef(nodes);
  nodesRef.current = nodes;

  useEffect(() => {
    const node = request && nodesRef.current.find((n) => n.nodeId === request.nodeId);
    if (!node || !controls) return;
    // Keep the direction the user looks from; only the distance is reset, so the object fills the view.
    const offset = camera.position.clone().sub(controls.target);
    offset.setLength(Math.min(FOCUS_DISTANCE.max, Math.max(FOCUS_DISTANCE.min, offset.length())));
    controls.target.set(node.centre[0], node.centre[1], node.centre[2]);
    camera.position.copy(controls.target).add(offset);
    controls.update();
    invalidate();
  }, [request, camera, controls, invalidate]);

  return <RelationLayer relations={relations} nodes={nodes} frameIndex={frameIndex} selectedId={selectedId} visible={visible} />;
}
