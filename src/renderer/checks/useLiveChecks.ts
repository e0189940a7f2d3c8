import { useEffect, useMemo, useState } from 'react';
import { IDENTITY_TRANSFORM } from '../../core/camera/rigidTransform';
import type { CuboidAnnotation } from '../../core/annotations/cuboid/schema';
import { isBox2dRecord } from '../../core/annotations/guards';
import { estimateGroundSurface, type GroundSurface } from '../../core/models/classical/groundSurface';
import { runChecks } from '../../core/plausibility/runChecks';
import { DEFAULT_PLAUSIBILITY } from '../../core/plausibility/settings';
import type { CheckCloud, CheckReport } from '../../core/plausibility/types';
import { TransformTree, WORLD } from '../../core/scene/transformTree';
import { useEditor, useView } from '../workbench/context';
import { relationsOf } from '../../core/editor/relationEdits';
import { sceneRigs } from '../camera2d/sceneRigs';

/** Edits come in bursts (a drag is many updates): the checks run once the burst settles. */
const SETTLE_MS = 250;

const grounds = new WeakMap<Float32Array | Float64Array, GroundSurface | null>();

/** The ground under a decoded cloud, estimated once per cloud (the checks rerun on every edit). */
function groundOf(cloud: CheckCloud): GroundSurface | null {
  let g = grounds.get(cloud.points);
  if (g === undefined) grounds.set(cloud.points, (g = estimateGroundSurface(cloud.points, cloud.stride)));
  return g;
}

/**
 * The plausibility checks over the open scene's boxes, rerun after each burst of edits: the track
 * and frame rules on every keyframe, the point rules on the frame shown (the only scan in memory).
 */
export function useLiveChecks(): { report: CheckReport | null; checkedFrame: number | null } {
  const editor = useEditor();
  const revision = useView((s) => s.revision);
  const scene = useView((s) => s.scene);
  const ontology = useView((s) => s.ontology);
  const cloud = useView((s) => s.cloud);
  const frameIndex = useView((s) => s.frameIndex);
  const [report, setReport] = useState<CheckReport | null>(null);

  const poses = useMemo(() => {
    const manifest = scene?.manifest;
    if (!manifest) return null;
    const moving = manifest.frames.some((f) => f.worldFromEgo.translation.some((x) => x !== 0) || f.worldFromEgo.rotation.slice(0, 3).some((x) => x !== 0));
    if (!moving) return null;
    const tree = new TransformTree(manifest);
    return (frame: string, t: number) => (frame === WORLD ? IDENTITY_TRANSFORM : tree.resolve(WORLD, frame, t));
  }, [scene]);

  const rigs = useMemo(() => (scene ? sceneRigs(scene.manifest) : null), [scene]);

  useEffect(() => {
    if (!editor || !scene || !ontology) {
      setReport(null);
      return;
    }
    const timer = setTimeout(() => {
      const shown: CheckCloud | null = cloud ? { points: cloud.points, stride: 4, frame: cloud.sensorId } : null;
      const all = editor.all();
      const records = all.filter((r): r is CuboidAnnotation => r.kind === 'cuboid');
      setReport(
        runChecks({
          ontology,
          settings: ontology.plausibility ?? DEFAULT_PLAUSIBILITY,
          frames: scene.manifest.frames.map((f) => ({ frameId: f.frameId, index: f.index, timestamp: f.timestamp })),
          records,
          relations: relationsOf(editor),
          boxes2d: all.filter(isBox2dRecord),
          rigs: rigs ?? undefined,
          worldFrom: poses ?? undefined,
          cloud: (frameId) => (shown && cloud?.frameId === frameId ? shown : null),
          ground: groundOf,
        }),
      );
    }, SETTLE_MS);
    return () => clearTimeout(timer);
  }, [editor, revision, scene, ontology, cloud, poses, rigs]);

  return { report, checkedFrame: cloud ? frameIndex : null };
}
