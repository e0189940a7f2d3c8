import { useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import { useLabelColours } from '../segmentation/useLabelColours';
import { useView } from '../workbench/context';
import { PointCloudLayer } from './PointCloudLayer';

/** The frame's LiDAR sweep, or the merged sweeps when merging is on. */
export function FramePointsLayer() {
  const frameCloud = useView((s) => s.cloud);
  const merged = useView((s) => s.mergedCloud);
  const useMerged = merged && frameCloud && merged.frameId === frameCloud.frameId;
  const points = useMerged ? merged.points : frameCloud?.points;
  const zRange = frameCloud?.zRange;
  const colorMode = useView((s) => s.colorMode);
  const pointSize = useView((s) => s.pointSize);
  const { gl, invalidate } = useThree();
  const layer = useMemo(() => new PointCloudLayer(), []);
  useEffect(() => () => layer.dispose(), [layer]);
  useEffect(() => {
    if (points && zRange) layer.setPoints(points, zRange);
    invalidate();
  }, [points, zRange, layer, invalidate]);
  // Label colours belong to one frame's sweep: a merged cloud shows the frames' own colours.
  const labelColours = useLabelColours(useMerged ? null : (frameCloud ?? null));
  useEffect(() => {
    layer.setLabelColours(points && labelColours && labelColours.length === points.length ? labelColours : null);
    invalidate();
  }, [points, labelColours, layer, invalidate]);
  useEffect(() => {
    layer.setStyle(colorMode, pointSize, gl.getPixelRatio());
    invalidate();
  }, [colorMode, pointSize, gl, layer, invalidate]);
  return <primitive object={layer} visible={!!points} />;
}
