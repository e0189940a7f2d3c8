import { useMemo } from 'react';
import { isCuboidRecord } from '../../core/annotations/guards';
import { frameNodes, sceneGraphAt, type FrameSceneGraph, type GraphRelation, type SceneGraphNode } from '../../core/scenegraph';
import { useEditor, useView } from '../workbench/context';

export interface FrameSceneGraphView {
  readonly relations: readonly GraphRelation[];
  readonly nodes: readonly SceneGraphNode[];
  readonly frameIndex: number;
  readonly graph: FrameSceneGraph;
}

const EMPTY: readonly never[] = [];

/**
 * The scene graph of the frame on screen: the manifest's relations, resolved against that frame's
 * ground truth and the editor's boxes, all placed in the frame's LiDAR frame like the 3D view.
 */
export function useFrameSceneGraph(): FrameSceneGraphView {
  const scene = useView((s) => s.scene);
  const frameIndex = useView((s) => s.frameIndex);
  const cloudSensor = useView((s) => s.cloud?.sensorId);
  const revision = useView((s) => s.revision);
  const editor = useEditor();
  return useMemo(() => {
    const manifest = scene?.manifest;
    const frame = manifest?.frames[frameIndex];
    const relations = manifest?.relations ?? EMPTY;
    const lidarId = cloudSensor ?? (frame ? Object.keys(frame.pointClouds)[0] : undefined);
    if (!manifest || !frame || !lidarId) return { relations, nodes: EMPTY, frameIndex, graph: sceneGraphAt(relations, EMPTY, frameIndex) };
    const annotations = (editor?.inFrame(frame.frameId) ?? EMPTY).filter(isCuboidRecord);
    const { nodes } = frameNodes(manifest, frameIndex, lidarId, annotations);
    return { relations, nodes, frameIndex, graph: sceneGraphAt(relations, nodes, frameIndex) };
    // The editor lives outside React: `revision` is in the list because it is how its changes reach here.
  }, [scene, frameIndex, cloudSensor, revision, editor]);
}
