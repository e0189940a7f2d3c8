import { useMemo } from 'react';
import { annotatedRelations } from '../../core/editor/relationGraph';
import { boxesInFrame } from '../../core/editor/tools/frameBoxes';
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
 * The scene graph of the frame on screen: the manifest's relations and the editor's, resolved
 * against that frame's ground truth and the editor's boxes (interpolated ones too, so a relation
 * holds between keyframes), all placed in the frame's LiDAR frame like the 3D view.
 */
export function useFrameSceneGraph(): FrameSceneGraphView {
  const scene = useView((s) => s.scene);
  const frameIndex = useView((s) => s.frameIndex);
  const cloudSensor = useView((s) => s.cloud?.sensorId);
  const revision = useView((s) => s.revision);
  const editor = useEditor();
  // The relations change with an edit, not with the frame shown: a step does not walk every record for them.
  const relations = useMemo(() => {
    const drawn = editor ? annotatedRelations(editor) : EMPTY;
    const given = scene?.manifest.relations ?? EMPTY;
    return drawn.length > 0 ? [...given, ...drawn] : given;
    // The editor lives outside React: `revision` is in the list because it is how its changes reach here.
  }, [scene, editor, revision]);
  return useMemo(() => {
    const manifest = scene?.manifest;
    const frame = manifest?.frames[frameIndex];
    const lidarId = cloudSensor ?? (frame ? Object.keys(frame.pointClouds)[0] : undefined);
    // Nodes are what relations join: without relations the frame's boxes need not be placed.
    if (!manifest || !frame || !lidarId || relations.length === 0) return { relations, nodes: EMPTY, frameIndex, graph: sceneGraphAt(relations, EMPTY, frameIndex) };
    const annotations = editor ? boxesInFrame(editor, frame.frameId) : EMPTY;
    const { nodes } = frameNodes(manifest, frameIndex, lidarId, annotations);
    return { relations, nodes, frameIndex, graph: sceneGraphAt(relations, nodes, frameIndex) };
  }, [scene, frameIndex, cloudSensor, revision, editor, relations]);
}
