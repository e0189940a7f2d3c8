import { useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import type * as THREE from 'three';
import { useView } from '../workbench/context';

/** Where each preset puts the camera, relative to the sensor origin. */
type Vec3 = [number, number, number];

export const CAMERA_PRESETS: Record<'perspective' | 'top', { position: Vec3; target: Vec3 }> = {
  perspective: { position: [-18, -16, 16], target: [14, 0, -1.8] },
  // Straight down (a hair behind, so x forward reads as "up" on screen), as bird's-eye labelling tools do.
  top: { position: [9.999, 0, 70], target: [10, 0, -1.8] },
} as const;

export type CameraPreset = keyof typeof CAMERA_PRESETS;

/** Applies a camera preset whenever one is requested, keeping the orbit controls in step. */
export function CameraPresets() {
  const request = useView((s) => s.cameraRequest);
  const camera = useThree((s) => s.camera);
  const invalidate = useThree((s) => s.invalidate);
  const controls = useThree((s) => s.controls) as unknown as { target: THREE.Vector3; update(): void } | null;
  useEffect(() => {
    const preset = CAMERA_PRESETS[request.preset];
    camera.position.set(...preset.position);
    camera.up.set(0, 0, 1);
    if (controls) {
      controls.target.set(...preset.target);
      controls.update();
    } else {
      camera.lookAt(...preset.target);
    }
    invalidate();
  }, [request, camera, controls, invalidate]);
  return null;
}
