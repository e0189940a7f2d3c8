import { useThree } from '@react-three/fiber';
import { useEffect, useMemo, useState } from 'react';
import * as THREE from 'three';
import type { AgreementBox } from '../../core/agreement';
import { disputedBoxes } from '../../core/consensus/disputedBoxes';
import { yawOf } from '../../core/geometry/quaternion';
import type { CallOutput } from '../../shared/contract';
import { useView, useWorkbench } from '../workbench/context';

/** One colour per replica, in lane order; the legend in the Review panel uses the same. */
export const REPLICA_COLORS = ['#f472b6', '#38bdf8', '#a3e635', '#fbbf24', '#c084fc', '#2dd4bf', '#fb7185', '#facc15'];

const unitEdges = new THREE.EdgesGeometry(new THREE.BoxGeometry(1, 1, 1));

type Replicas = CallOutput<'review.replicaBoxes'>['replicas'];

/**
 * Every blind replica's boxes on the frame shown, overlaid for a reviewer: each annotator in a
 * colour of their own; the boxes not every other replica has a match for drawn bright and solid,
 * the agreed ones faint. Not pickable: the boxes being edited keep every click.
 */
export function ReplicaLayer() {
  const wb = useWorkbench();
  const on = useView((s) => s.replicaOverlay);
  const sceneId = useView((s) => s.scene?.manifest.sceneId ?? null);
  const frameIndex = useView((s) => s.frameIndex);
  const [replicas, setReplicas] = useState<Replicas>([]);
  const invalidate = useThree((s) => s.invalidate);
  useEffect(() => {
    if (!on || !sceneId) return setReplicas([]);
    let live = true;
    wb.client.call('review.replicaBoxes', { sceneId, frame: frameIndex }).then(
      (r) => live && setReplicas(r.replicas),
      (e: Error) => live && wb.view.getState().say(`The replicas of frame ${frameIndex} could not be read: ${e.message}`),
    );
    return () => {
      live = false;
    };
  }, [wb, on, sceneId, frameIndex]);
  const disputed = useMemo(
    () =>
      disputedBoxes(
        replicas.map((r) =>
          r.boxes.map((b): AgreementBox => ({ objectId: b.objectId, trackId: b.trackId, classId: b.classId, attributes: {}, center: b.cuboid.center, size: b.cuboid.size, yaw: yawOf(b.cuboid.rotation) })),
        ),
      ),
    [replicas],
  );
  const materials = useMemo(
    () => REPLICA_COLORS.map((color) => ({ agreed: new THREE.LineBasicMaterial({ color, transparent: true, opacity: 0.35 }), disputed: new THREE.LineBasicMaterial({ color }) })),
    [],
  );
  useEffect(() => invalidate(), [replicas, invalidate]);
  return (
    <group name="replicas" userData={{ count: replicas.reduce((n, r) => n + r.boxes.length, 0), disputed: disputed.size }}>
      {replicas.map((r, i) =>
        r.boxes.map((b, k) => {
          const { center, size, rotation } = b.cuboid;
          const m = materials[i % materials.length];
          return (
            <lineSegments
              key={`${r.lane}|${b.objectId}`}
              geometry={unitEdges}
              material={disputed.has(`${i}:${k}`) ? m.disputed : m.agreed}
              position={[center[0], center[1], center[2]]}
              quaternion={[rotation[0], rotation[1], rotation[2], rotation[3]]}
              scale={[size[0] * 1.02, size[1] * 1.02, size[2] * 1.02]}
              raycast={() => undefined}
            />
          );
        }),
      )}
    </group>
  );
}
