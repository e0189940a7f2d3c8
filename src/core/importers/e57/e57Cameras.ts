import type { E57Image } from '../../formats/e57/e57Document';
import type { CameraIntrinsics } from '../../scene/manifest';

export type E57CameraResult =
  | { readonly ok: true; readonly intrinsics: CameraIntrinsics; readonly calibration: 'pinhole' | 'cv-distortion'; readonly warnings: string[] }
  | { readonly ok: false; readonly reason: string };

/**
 * A pinhole image's intrinsics in pixels. The standard's own fields give fx = focalLength /
 * pixelWidth (metres over metres a pixel) and the principal point; where they are zero, the
 * OpenCV-style values of a "…:distortion" extension structure (CV_FX, CV_FY, CV_CX, CV_CY, as
 * libE57Format's Leica test files write them) are used. CV_K1–K3, P1, P2 become Brown–Conrady
 * distortion; the rational terms K4–K6 have no place in Cairn's model.
 */
export function e57CameraIntrinsics(image: E57Image, width: number, height: number): E57CameraResult {
  const p = image.pinhole;
  const d = image.distortion ?? {};
  const warnings: string[] = [];
  let fx: number;
  let fy: number;
  let cx: number;
  let cy: number;
  let calibration: 'pinhole' | 'cv-distortion';
  if (p && p.focalLength > 0 && p.pixelWidth > 0 && p.pixelHeight > 0) {
    [fx, fy, cx, cy] = [p.focalLength / p.pixelWidth, p.focalLength / p.pixelHeight, p.principalPointX, p.principalPointY];
    calibration = 'pinhole';
  } else if ((d.CV_FX ?? 0) > 0 && (d.CV_FY ?? 0) > 0) {
    [fx, fy, cx, cy] = [d.CV_FX, d.CV_FY, d.CV_CX ?? 0, d.CV_CY ?? 0];
    calibration = 'cv-distortion';
  } else {
    return { ok: false, reason: 'no usable focal length: focalLength, pixelWidth or pixelHeight is 0 and there is no CV_FX / CV_FY distortion record' };
  }
  if (![fx, fy, cx, cy].every(Number.isFinite)) return { ok: false, reason: `intrinsics are not finite (fx ${fx}, fy ${fy}, cx ${cx}, cy ${cy})` };
  if (!(width > 0 && height > 0)) return { ok: false, reason: `image size ${width}×${height} is not positive` };
  const k = (name: string) => (Number.isFinite(d[name]) ? d[name] : 0);
  const hasDistortion = ['CV_K1', 'CV_K2', 'CV_K3', 'CV_P1', 'CV_P2'].some((n) => k(n) !== 0);
  const rational = ['CV_K4', 'CV_K5', 'CV_K6'].filter((n) => k(n) !== 0);
  if (rational.length) warnings.push(`distortion terms ${rational.join(', ')} (OpenCV's rational model) are dropped: Cairn's Brown–Conrady model has k1, k2, k3, p1, p2 only`);
  return {
    ok: true,
    calibration,
    warnings,
    intrinsics: {
      model: 'pinhole',
      width,
      height,
      fx,
      fy,
      cx,
      cy,
      ...(hasDistortion && { distortion: { model: 'brown-conrady', k1: k('CV_K1'), k2: k('CV_K2'), p1: k('CV_P1'), p2: k('CV_P2'), k3: k('CV_K3') } }),
    },
  };
}
