import { useCallback, useMemo } from 'react';
import type { Editor } from '../../core/editor/editor';
import { annotatedRelations } from '../../core/editor/relationGraph';
import { relationsOf } from '../../core/editor/relationEdits';
import { frameNodes, sceneGraphAt, type FrameSceneGraph, type GraphRelation, type SceneGraphNode } from '../../core/scenegraph';
import { sameItems, useEditorInstance, useEditorSelect, useView } from '../workbench/context';
import { frameBoxes } from './frameBoxesCache';

export interface FrameSceneGraphView {
  readonly relations: readonly GraphRelation[];
  readonly nodes: readonly SceneGraphNode[];
  readonly frameIndex: number;
  readonly graph: FrameSceneGraph;
}

const EMPTY: readonly never[] = [];

/** The editor's relation records: the same list (by its records) through edits of boxes. */
const relationRecords = (editor: Editor | null) => (editor ? relationsOf(editor) : EMPTY);

/**
 * The scene graph of the frame on screen: the manifest's relations and the editor's, resolved
 * against that frame's ground truth and the editor's boxes (interpolated ones too, so a relation
 * holds between keyframes), all placed in the frame's LiDAR frame like the 3D view.
 */
export function useFrameSceneGraph(): FrameSceneGraphView {
  const scene = useView((s) => s.scene);
  const frameIndex = useView((s) => s.frameIndex);
  const cloudSensor = useView((s) => s.cloud?.sensorId);
  const editor = useEditorInstance();
  // The relations change with an edit of a relation, not with the frame shown nor a box's: a step or
  // a drag's move does not work them out again (nor render the caller).
  const records = useEditorSelect(relationRecords, sameItems);
  const relations = useMemo(() => {
    const drawn = editor && records.length > 0 ? annotatedRelations(editor) : EMPTY;
    const given = scene?.manifest.relations ?? EMPTY;
    return drawn.length > 0 ? [...given, ...drawn] : given;
  }, [scene, editor, records]);
  // Nodes are what relations join: without relations the frame's boxes are not read, so no edit
  // renders the caller. They are the 3D view's (frameBoxes keeps them until an edit).
  const frameId = scene?.manifest.frames[frameIndex]?.frameId ?? null;
  const joined = relations.length > 0;
  const annotations = useEditorSelect(
    useCallback((e: Editor | null) => (e && frameId !== null && joined ? frameBoxes(e, frameId) : EMPTY), [frameId, joined]),
    sameItems,
  );
  return useMemo(() => {
    const manifest = scene?.manifest;
    const frame = manifest?.frames[frameIndex];
    const lidarId = cloudSensor ?? (frame ? Object.keys(frame.pointClouds)[0] : undefined);
    // Nodes are what relations join: without relations the frame's boxes need not be placed.
    if (!manifest || !frame || !lidarId || relations.length === 0) return { relations, nodes: EMPTY, frameIndex, graph: sceneGraphAt(relations, EMPTY, frameIndex) };
    const { nodes } = frameNodes(manifest, frameIndex, lidarId, annotations);
    return { relations, nodes, frameIndex, graph: sceneGraphAt(relations, nodes, frameIndex) };
  }, [scene, frameIndex, cloudSensor, relations, annotations]);
}
