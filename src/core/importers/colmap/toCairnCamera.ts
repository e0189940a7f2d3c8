import { validateCameraModel, type CameraModel } from '../../camera/cameraModel';
import type { ColmapCamera } from './colmapModel';

export type CairnCameraResult = { readonly ok: true; readonly model: CameraModel } | { readonly ok: false; readonly reason: string };

/**
 * COLMAP puts the image's top-left corner at (0, 0), so the first pixel's centre is (0.5, 0.5);
 * Cairn puts that centre at (0, 0) (OpenCV's convention). The same ray therefore lands half a
 * pixel lower and further left in Cairn: cx_cairn = cx_colmap − 0.5, cy likewise. Keypoints in a
 * COLMAP model are in COLMAP's convention too; `colmapPixelToCairn` converts them.
 */
export const COLMAP_PIXEL_OFFSET = 0.5;

export function colmapPixelToCairn(x: number, y: number): { u: number; v: number } {
  return { u: x - COLMAP_PIXEL_OFFSET, v: y - COLMAP_PIXEL_OFFSET };
}

const nonZero = (names: readonly string[], values: readonly number[]) => names.filter((_, i) => values[i] !== 0);

/**
 * Cairn's camera model for a COLMAP camera where one describes exactly the same projection: the
 * pinhole models with Brown–Conrady distortion (FULL_OPENCV only when its rational terms k4..k6
 * are zero, FOV only at ω = 0) and the Kannala–Brandt fisheye models (THIN_PRISM_FISHEYE only
 * when its tangential and thin-prism terms are zero). Otherwise the reason it cannot.
 *
 * Exact means the same equations; Cairn's projector additionally refuses points past the fold of
 * the distortion polynomial, where COLMAP would still return a (meaningless) pixel.
 */
export function toCairnCamera(camera: ColmapCamera): CairnCameraResult {
  const p = camera.params;
  const c = COLMAP_PIXEL_OFFSET;
  const pinhole = (fx: number, fy: number, cx: number, cy: number, k1 = 0, k2 = 0, p1 = 0, p2 = 0, k3 = 0): CairnCameraResult => {
    const distorted = k1 !== 0 || k2 !== 0 || p1 !== 0 || p2 !== 0 || k3 !== 0;
    return checked({ kind: 'pinhole', fx, fy, cx: cx - c, cy: cy - c, ...(distorted ? { distortion: { k1, k2, p1, p2, k3 } } : {}) });
  };
  const fisheye = (fx: number, fy: number, cx: number, cy: number, k1: number, k2 = 0, k3 = 0, k4 = 0): CairnCameraResult =>
    checked({ kind: 'fisheye', fx, fy, cx: cx - c, cy: cy - c, distortion: { k1, k2, k3, k4 } });

  switch (camera.model) {
    case 'SIMPLE_PINHOLE':
      return pinhole(p[0], p[0], p[1], p[2]);
    case 'PINHOLE':
      return pinhole(p[0], p[1], p[2], p[3]);
    case 'SIMPLE_RADIAL':
      return pinhole(p[0], p[0], p[1], p[2], p[3]);
    case 'RADIAL':
      return pinhole(p[0], p[0], p[1], p[2], p[3], p[4]);
    case 'OPENCV':
      return pinhole(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]);
    case 'FULL_OPENCV': {
      const rational = nonZero(['k4', 'k5', 'k6'], p.slice(9, 12));
      if (rational.length) return { ok: false, reason: `FULL_OPENCV with rational terms (${rational.join(', ')} ≠ 0) has no Brown–Conrady equivalent` };
      return pinhole(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8]);
    }
    case 'FOV':
      if (p[4] !== 0) return { ok: false, reason: `FOV with ω = ${p[4]} has no pinhole or Kannala–Brandt equivalent` };
      return pinhole(p[0], p[1], p[2], p[3]);
    case 'OPENCV_FISHEYE':
      return fisheye(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]);
    case 'SIMPLE_RADIAL_FISHEYE':
      return fisheye(p[0], p[0], p[1], p[2], p[3]);
    case 'RADIAL_FISHEYE':
      return fisheye(p[0], p[0], p[1], p[2], p[3], p[4]);
    case 'THIN_PRISM_FISHEYE': {
      const extra = nonZero(['p1', 'p2', 'sx1', 'sy1'], [p[6], p[7], p[10], p[11]]);
      if (extra.length) return { ok: false, reason: `THIN_PRISM_FISHEYE with ${extra.join(', ')} ≠ 0 has no Kannala–Brandt equivalent` };
      return fisheye(p[0], p[1], p[2], p[3], p[4], p[5], p[8], p[9]);
    }
  }
}

function checked(model: CameraModel): CairnCameraResult {
  try {
    return { ok: true, model: validateCameraModel(model) };
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
}
