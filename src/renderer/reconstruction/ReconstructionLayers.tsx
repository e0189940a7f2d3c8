import { useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import type * as THREE from 'three';
import type { CairnClient } from '../../shared/client';
import { colorize, type ColorScale } from './colorScale';
import { storePath } from './fetchModelFiles';
import { FrustumLayer } from './FrustumLayer';
import { ImageQuad } from './ImageQuad';
import type { ReconstructionData } from './reconstructionData';
import { useReconstruction } from '../workbench/context';
import { SparsePointsLayer } from './SparsePointsLayer';
import { useKeypoints } from './useKeypoints';
import { useOverlayCanvas } from './useOverlayCanvas';
import { usePicture } from './usePicture';

export interface ViewBridge {
  camera: THREE.Camera | null;
  size: { width: number; height: number };
  controls: { target: THREE.Vector3; update(): void } | null;
}

/** Hands the canvas's camera and controls to the DOM side, which picks and resets the view. */
export function ViewBridgeSetter({ bridge }: { bridge: ViewBridge }) {
  const camera = useThree((s) => s.camera);
  const size = useThree((s) => s.size);
  const controls = useThree((s) => s.controls) as unknown as ViewBridge['controls'];
  useEffect(() => {
    bridge.camera = camera;
    bridge.size = size;
    bridge.controls = controls;
  }, [bridge, camera, size, controls]);
  return null;
}

interface LayersProps {
  client: CairnClient;
  storeId: string;
  picturesFolder: string | null;
  data: ReconstructionData;
  scale: ColorScale;
}

/** Points, frustums and the selected image's picture, as plain three.js objects fed from the store. */
export function ReconstructionLayers({ client, storeId, picturesFolder, data, scale }: LayersProps) {
  const colorBy = useReconstruction((s) => s.colorBy);
  const selectedImageId = useReconstruction((s) => s.selectedImageId);
  const selectedPoint = useReconstruction((s) => s.selectedPoint);
  const residualScale = useReconstruction((s) => s.residualScale);
  const session = useReconstruction((s) => s.session);
  const drawnChanged = useReconstruction((s) => s.drawnChanged);
  const invalidate = useThree((s) => s.invalidate);

  const points = useMemo(() => new SparsePointsLayer(), []);
  const frustums = useMemo(() => new FrustumLayer(), []);
  const quad = useMemo(() => new ImageQuad(), []);
  useEffect(
    () => () => {
      points.dispose();
      frustums.dispose();
      quad.dispose();
    },
    [points, frustums, quad],
  );

  useEffect(() => {
    points.setPositions(data.points.positions);
    frustums.setFrustums(data.frustums);
    drawnChanged(frustums.count, points.count);
  }, [data, points, frustums, drawnChanged]);

  useEffect(() => {
    const values = colorBy === 'error' ? data.points.error : data.points.trackLength;
    points.setColors(colorize(values, scale, new Float32Array(data.points.positions.length)));
    invalidate();
  }, [data, colorBy, scale, points, invalidate]);

  const imageIndex = selectedImageId === null ? -1 : data.images.findIndex((im) => im.imageId === selectedImageId);
  const image = imageIndex >= 0 ? data.images[imageIndex] : null;
  useEffect(() => {
    frustums.select(imageIndex >= 0 ? imageIndex : null);
    invalidate();
  }, [frustums, imageIndex, invalidate]);

  useEffect(() => {
    points.select(data.points.positions, selectedPoint);
    invalidate();
  }, [points, data, selectedPoint, invalidate]);

  const picture = usePicture(client, storeId, image && picturesFolder ? storePath(picturesFolder, image.name) : null);
  const keypoints = useKeypoints(session, image?.imageId ?? null);
  const selectedPointId = selectedPoint === null ? null : data.points.ids[selectedPoint];
  const overlay = useOverlayCanvas(image, picture.bitmap, keypoints, { residualScale, selectedPointId });
  useEffect(() => {
    quad.show(data.frustums, imageIndex >= 0 ? imageIndex : null, overlay?.canvas ?? null);
    invalidate();
  }, [quad, data, imageIndex, overlay?.canvas, overlay?.version, invalidate]);

  return (
    <>
      <primitive object={points} />
      <primitive object={frustums} />
      <primitive object={quad} />
    </>
  );
}
