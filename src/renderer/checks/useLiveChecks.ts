import { useEffect, useMemo, useState } from 'react';
import { IDENTITY_TRANSFORM } from '../../core/camera/rigidTransform';
import type { CuboidAnnotation } from '../../core/annotations/cuboid/schema';
import { isBox2dRecord } from '../../core/annotations/guards';
import type { Editor } from '../../core/editor/editor';
import { estimateGroundSurface, type GroundSurface } from '../../core/models/classical/groundSurface';
import { runChecks } from '../../core/plausibility/runChecks';
import { DEFAULT_PLAUSIBILITY } from '../../core/plausibility/settings';
import type { CheckCloud, CheckReport } from '../../core/plausibility/types';
import { TransformTree, WORLD } from '../../core/scene/transformTree';
import { onEditorChange, useEditorInstance, useView, useWorkbench } from '../workbench/context';
import { relationsOf } from '../../core/editor/relationEdits';
import { sceneCameraRigs } from '../../core/scene/cameraRigs';
import { mergeLiveReports, onlyRules, POINT_RULES, runPointChecks } from './liveReport';

export { POINT_RULES } from './liveReport';

/** Edits come in bursts (a drag is many updates): the checks run once the burst settles. */
const SETTLE_MS = 250;

/**
 * Runs `run` once SETTLE_MS have passed since now and since the editor's last change, whichever is
 * later: each edit puts it off again, without rendering the hook's caller. Returns the cancel.
 */
function settled(wb: Parameters<typeof onEditorChange>[0], run: () => void): () => void {
  let timer = setTimeout(run, SETTLE_MS);
  const off = onEditorChange(wb, () => {
    clearTimeout(timer);
    timer = setTimeout(run, SETTLE_MS);
  });
  return () => {
    off();
    clearTimeout(timer);
  };
}

const grounds = new WeakMap<Float32Array | Float64Array, GroundSurface | null>();

/** The ground under a decoded cloud, estimated once per cloud (the checks rerun on every edit). */
function groundOf(cloud: CheckCloud): GroundSurface | null {
  let g = grounds.get(cloud.points);
  if (g === undefined) grounds.set(cloud.points, (g = estimateGroundSurface(cloud.points, cloud.stride)));
  return g;
}

const isCuboid = (r: { kind: string }): r is CuboidAnnotation => r.kind === 'cuboid';

/**
 * The cuboids the point rules need for a frame: its own, and beside each the keyframes of its track
 * just before and after it, which give its speed (the point-time rule). Not the whole scene: a
 * step would otherwise place and walk every keyframe of every track again.
 */
function boxesAround(editor: Editor, frameId: string): CuboidAnnotation[] {
  const here = editor.inFrame(frameId).filter(isCuboid);
  const out = new Map<string, CuboidAnnotation>(here.map((r) => [r.objectId, r]));
  for (const record of here) {
    const keyframes = editor.trackOf(record.trackId)?.keyframes ?? [];
    const k = keyframes.findIndex((kf) => kf.record.objectId === record.objectId);
    for (const near of [keyframes[k - 1], keyframes[k + 1]]) if (k >= 0 && near && isCuboid(near.record)) out.set(near.record.objectId, near.record);
  }
  return [...out.values()];
}

/**
 * The plausibility checks over the open scene's boxes, in two runs. The scene's rules (tracks,
 * overlaps, attributes, relations, 2D boxes) run on every keyframe after each burst of edits; a
 * step changes nothing they read, so it does not rerun them. The point rules run on the frame
 * shown after each burst of edits or a step. `checkedFrame` is the frame they last ran on. An
 * edit puts the runs off without rendering the caller: its report changes when they run.
 */
export function useLiveChecks(): { report: CheckReport | null; checkedFrame: number | null } {
  const wb = useWorkbench();
  const editor = useEditorInstance();
  const scene = useView((s) => s.scene);
  const ontology = useView((s) => s.ontology);
  const cloud = useView((s) => s.cloud);
  const frameIndex = useView((s) => s.frameIndex);
  const [sceneReport, setSceneReport] = useState<CheckReport | null>(null);
  const [frameReport, setFrameReport] = useState<{ readonly report: CheckReport; readonly frameIndex: number } | null>(null);

  const poses = useMemo(() => {
    const manifest = scene?.manifest;
    if (!manifest) return null;
    const moving = manifest.frames.some((f) => f.worldFromEgo.translation.some((x) => x !== 0) || f.worldFromEgo.rotation.slice(0, 3).some((x) => x !== 0));
    if (!moving) return null;
    const tree = new TransformTree(manifest);
    return (frame: string, t: number) => (frame === WORLD ? IDENTITY_TRANSFORM : tree.resolve(WORLD, frame, t));
  }, [scene]);

  const rigs = useMemo(() => (scene ? sceneCameraRigs(scene.manifest) : null), [scene]);
  const frames = useMemo(() => scene?.manifest.frames.map((f) => ({ frameId: f.frameId, index: f.index, timestamp: f.timestamp })) ?? null, [scene]);
  const settings = ontology ? (ontology.plausibility ?? DEFAULT_PLAUSIBILITY) : null;

  useEffect(() => {
    if (!editor || !frames || !ontology || !settings) {
      setSceneReport(null);
      return;
    }
    return settled(wb, () => {
      const all = editor.all();
      setSceneReport(
        runChecks({
          ontology,
          settings: onlyRules(settings, (r) => !POINT_RULES.includes(r)),
          frames,
          records: all.filter(isCuboid),
          relations: relationsOf(editor),
          boxes2d: all.filter(isBox2dRecord),
          rigs: rigs ?? undefined,
          worldFrom: poses ?? undefined,
        }),
      );
    });
  }, [wb, editor, frames, ontology, settings, poses, rigs]);

  useEffect(() => {
    if (!editor || !frames || !ontology || !settings || !cloud) {
      setFrameReport(null);
      return;
    }
    return settled(wb, () => {
      const report = runPointChecks({ ontology, settings, frames, records: boxesAround(editor, cloud.frameId), cloud, worldFrom: poses ?? undefined, ground: groundOf });
      setFrameReport({ report, frameIndex });
    });
  }, [wb, editor, frames, ontology, settings, poses, cloud, frameIndex]);

  const report = useMemo((): CheckReport | null => {
    if (!sceneReport || !settings) return null;
    return mergeLiveReports(sceneReport, frameReport?.report, settings);
  }, [sceneReport, frameReport, settings]);

  return { report, checkedFrame: frameReport?.frameIndex ?? null };
}
