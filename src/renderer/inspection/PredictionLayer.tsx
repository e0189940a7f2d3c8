import { useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import * as THREE from 'three';
import { sceneFrameIgnoreRegions } from '../../core/evaluation';
import { DEFAULT_INSPECTION_MATCHING } from '../../shared/inspectionContract';
import { groundTruthInFrame } from '../state/loadScene';
import { useView, useWorkbench } from '../workbench/context';
import { frameOutcome } from './frameOutcome';
import { OUTCOME_COLOURS, type Outcome } from './inspectionColours';
import { inspectionStoreOf, useInspection, type DrawnOutcome } from './inspectionStore';

const unitBox = new THREE.BoxGeometry(1, 1, 1);
const unitEdges = new THREE.EdgesGeometry(unitBox);
/** What needs looking at is also filled, faintly: a 1-pixel edge alone is lost among the dataset's boxes. */
const FILLED: ReadonlySet<Outcome> = new Set(['fp', 'fn']);
// Drawn a little larger than the box, so a prediction lying on its ground truth stays visible over it.
const GROW: Readonly<Record<Outcome, number>> = { tp: 1.04, fp: 1.04, fn: 1.06, matchedGt: 1.02 };
const OUTCOMES = Object.keys(OUTCOME_COLOURS) as Outcome[];

/**
 * Predictions of the frame shown beside its ground truth: each prediction green (matched) or
 * magenta (false positive), each ground-truth box blue (matched) or yellow (missed). Reads the
 * frame's predictions from the run, matches them with the frame's ground truth into the inspection
 * state (the cameras, the legend and the panel read the same outcome) and draws it. Not pickable:
 * boxes are selected from the Inspection panel.
 */
export function PredictionLayer() {
  const wb = useWorkbench();
  const store = inspectionStoreOf(wb);
  const run = useInspection((s) => s.run);
  const show = useInspection((s) => s.show);
  const predictions = useInspection((s) => s.predictions);
  const outcome = useInspection((s) => s.outcome);
  const scene = useView((s) => s.scene);
  const cloud = useView((s) => s.cloud);
  const frameIndex = useView((s) => s.frameIndex);
  const selectedId = useView((s) => s.selectedId);
  const invalidate = useThree((s) => s.invalidate);
  const frameId = scene?.manifest.frames[frameIndex]?.frameId ?? null;

  // The run's predictions of this frame, read once per frame shown.
  useEffect(() => {
    if (!run || !frameId || run.sceneId !== scene?.manifest.sceneId) return;
    let live = true;
    wb.client.call('inspection.framePredictions', { runId: run.runId, frameId }).then(
      ({ predictions: list }) => live && store.getState().predictionsRead(frameId, list),
      (e: Error) => live && wb.view.getState().say(`The predictions of frame ${frameIndex + 1} could not be read: ${e.message}`),
    );
    return () => {
      live = false;
    };
  }, [wb, store, run, frameId, frameIndex, scene]);

  // Matched where the cloud of the same frame is shown: ground truth is placed in that cloud's LiDAR
  // frame. Any source of the frame's list is judged: a file run by its own matching, others by the default.
  useEffect(() => {
    if (!predictions || !frameId || predictions.frameId !== frameId || cloud?.frameId !== frameId) return;
    const gt = groundTruthInFrame({ scene, cloud, frameIndex });
    const frame = scene?.manifest.frames[frameIndex];
    const regions = scene && frame ? sceneFrameIgnoreRegions(scene.manifest, frame, cloud.sensorId) : [];
    store.getState().outcomeComputed(frameId, frameOutcome(gt, predictions.list, run?.matching ?? DEFAULT_INSPECTION_MATCHING, regions));
  }, [store, run, predictions, frameId, scene, cloud, frameIndex]);

  const materials = useMemo(() => {
    const m = {} as Record<Outcome, THREE.LineBasicMaterial>;
    for (const o of OUTCOMES) m[o] = new THREE.LineBasicMaterial({ color: OUTCOME_COLOURS[o], transparent: o === 'matchedGt', opacity: o === 'matchedGt' ? 0.7 : 1 });
    return m;
  }, []);
  const selected = useMemo(() => new THREE.LineBasicMaterial({ color: '#ffffff' }), []);
  const fills = useMemo(() => {
    const m = {} as Record<Outcome, THREE.MeshBasicMaterial>;
    // One pass, not three.js's two for a transparent double-sided material (each flagging a new
    // program): a fill is one colour, which blended over itself comes out the same in any order.
    for (const o of OUTCOMES) m[o] = new THREE.MeshBasicMaterial({ color: OUTCOME_COLOURS[o], transparent: true, opacity: 0.22, depthWrite: false, side: THREE.DoubleSide, forceSinglePass: true });
    return m;
  }, []);
  const boxes = show && outcome && outcome.frameId === frameId ? outcome.result.boxes : [];

  useEffect(() => {
    const drawn: Partial<Record<Outcome, DrawnOutcome>> = {};
    for (const o of OUTCOMES) {
      const count = boxes.filter((b) => b.outcome === o).length;
      if (count > 0) drawn[o] = { count, colour: `#${materials[o].color.getHexString()}` };
    }
    store.getState().drawnChanged(drawn);
    invalidate();
  }, [boxes, materials, store, invalidate]);
  useEffect(() => invalidate(), [selectedId, invalidate]);

  return (
    <group name="predictions" userData={{ count: boxes.length }}>
      {boxes.map((b) => {
        const { center, size, rotation } = b.cuboid;
        const grow = GROW[b.outcome];
        return (
          <group
            key={`${b.outcome}|${b.id}`}
            name={`inspection-${b.outcome}-${b.id}`}
            position={[center[0], center[1], center[2]]}
            quaternion={[rotation[0], rotation[1], rotation[2], rotation[3]]}
            scale={[size[0] * grow, size[1] * grow, size[2] * grow]}
          >
            <lineSegments geometry={unitEdges} material={b.id === selectedId ? selected : materials[b.outcome]} raycast={() => undefined} />
            {FILLED.has(b.outcome) && <mesh geometry={unitBox} material={fills[b.outcome]} raycast={() => undefined} />}
          </group>
        );
      })}
    </group>
  );
}
