import { useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import type { LayerProps } from '../viewer/layer';
import { useView, useWorkbench } from '../workbench/context';
import { pinnedThreads } from './pinnedThreads';
import { PendingPinMarker, PointCommentMarker } from './PointCommentMarker';
import { useCommentFocus } from './useCommentFocus';
import { useSceneComments } from './useSceneComments';
import { usePointCommentTool } from './usePointCommentTool';

/**
 * Comments pinned to 3D points on the frame shown, as markers over their points (the text on
 * hover, or for the thread picked in a list), and the pin the Comment at a point tool placed.
 * For reviewers and annotators alike: the host gives each the threads they may read.
 */
export function PointCommentLayer({ tools }: LayerProps) {
  const wb = useWorkbench();
  useSceneComments();
  usePointCommentTool(tools);
  useCommentFocus();
  const frameIndex = useView((s) => s.frameIndex);
  const sceneId = useView((s) => s.scene?.manifest.sceneId ?? null);
  const read = useView((s) => s.sceneComments);
  const pending = useView((s) => s.pendingPin);
  const shown = useView((s) => s.shownComment);
  const invalidate = useThree((s) => s.invalidate);
  const threads = useMemo(() => (read && read.sceneId === sceneId ? pinnedThreads(read.comments, frameIndex) : []), [read, sceneId, frameIndex]);
  useEffect(() => invalidate(), [threads, pending, invalidate]);
  const toggle = (thread: string) => wb.view.getState().showComment(shown === thread ? null : thread);
  return (
    <group name="pointComments" userData={{ count: threads.length }}>
      {threads.map((t) => (
        <PointCommentMarker key={t.root.address} thread={t} shown={shown === t.root.address} onToggle={() => toggle(t.root.address)} />
      ))}
      {pending && pending.frameIndex === frameIndex && <PendingPinMarker point={pending.point} />}
    </group>
  );
}
