import { useEffect, useMemo, useState } from 'react';
import { drawImageOverlay, type OverlayOptions } from './imageOverlay';
import type { ImageKeypoints } from './modelQueries';

/** Texture size: enough to read keypoints on a quad that fills the view, small enough to upload per selection. */
const MAX_TEXTURE_EDGE = 1024;

/**
 * An offscreen canvas holding the image with its observations drawn over it, for the 3D view's
 * image quad; `version` changes on every redraw so the texture knows to re-upload.
 */
export function useOverlayCanvas(
  size: { width: number; height: number } | null,
  picture: ImageBitmap | null,
  keypoints: ImageKeypoints | null,
  options: Omit<OverlayOptions, 'lineScale'>,
): { canvas: HTMLCanvasElement; version: number } | null {
  const canvas = useMemo(() => document.createElement('canvas'), []);
  const [version, setVersion] = useState(0);
  const { residualScale, selectedPointId } = options;
  useEffect(() => {
    if (!size) return;
    const scale = Math.min(1, MAX_TEXTURE_EDGE / Math.max(size.width, size.height));
    canvas.width = Math.max(1, Math.round(size.width * scale));
    canvas.height = Math.max(1, Math.round(size.height * scale));
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    drawImageOverlay(ctx, size, picture, keypoints, { residualScale, selectedPointId, lineScale: Math.max(1, Math.max(canvas.width, canvas.height) / 500) });
    setVersion((v) => v + 1);
  }, [canvas, size, picture, keypoints, residualScale, selectedPointId]);
  return size && version > 0 ? { canvas, version } : null;
}
