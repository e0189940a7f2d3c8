import { useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import * as THREE from 'three';
import type { AgreementBox } from '../../core/agreement';
import { disputedBoxes } from '../../core/consensus/disputedBoxes';
import { yawOf } from '../../core/geometry/quaternion';
import { useView, useWorkbench } from '../workbench/context';
import { REPLICA_COLORS } from './replicaColours';


const unitEdges = new THREE.EdgesGeometry(new THREE.BoxGeometry(1, 1, 1));

/**
 * Every blind replica's boxes on the frame shown, overlaid for a reviewer: each annotator in a
 * colour of their own; the boxes not every other replica has a match for drawn bright and solid,
 * the agreed ones faint. Not pickable: the boxes being edited keep every click. It reads the
 * replicas for the frame into the view state, where the camera panels and the legend find them.
 */
export function ReplicaLayer() {
  const wb = useWorkbench();
  const on = useView((s) => s.replicaOverlay);
  const sceneId = useView((s) => s.scene?.manifest.sceneId ?? null);
  const frameIndex = useView((s) => s.frameIndex);
  const shown = useView((s) => s.replicaFrame);
  const invalidate = useThree((s) => s.invalidate);
  useEffect(() => {
    if (!on || !sceneId) return;
    let live = true;
    wb.client.call('review.replicaBoxes', { sceneId, frame: frameIndex }).then(
      ({ replicas }) => {
        if (!live) return;
        const disputed = disputedBoxes(
          replicas.map((r) =>
            r.boxes.map((b): AgreementBox => ({ objectId: b.objectId, trackId: b.trackId, classId: b.classId, attributes: {}, center: b.cuboid.center, size: b.cuboid.size, yaw: yawOf(b.cuboid.rotation) })),
          ),
        );
        wb.view.getState().replicasRead({
          frameIndex,
          replicas: replicas.map((r, i) => ({ lane: r.lane, name: r.name, boxes: r.boxes.map((b, k) => ({ objectId: b.objectId, classId: b.classId, cuboid: b.cuboid, disputed: disputed.has(`${i}:${k}`) })) })),
        });
      },
      (e: Error) => live && wb.view.getState().say(`The replicas of frame ${frameIndex} could not be read: ${e.message}`),
    );
    return () => {
      live = false;
    };
  }, [wb, on, sceneId, frameIndex]);
  const materials = useMemo(
    () => REPLICA_COLORS.map((color) => ({ agreed: new THREE.LineBasicMaterial({ color, transparent: true, opacity: 0.35 }), disputed: new THREE.LineBasicMaterial({ color }) })),
    [],
  );
  const replicas = on && shown?.frameIndex === frameIndex ? shown.replicas : [];
  useEffect(() => invalidate(), [replicas, invalidate]);
  return (
    <group name="replicas" userData={{ count: replicas.reduce((n, r) => n + r.boxes.length, 0) }}>
      {replicas.map((r, i) =>
        r.boxes.map((b) => {
          const { center, size, rotation } = b.cuboid;
          const m = materials[i % materials.length];
          return (
            <lineSegments
              key={`${r.lane}|${b.objectId}`}
              geometry={unitEdges}
              material={b.disputed ? m.disputed : m.agreed}
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
