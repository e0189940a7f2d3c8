import type { ModelInput } from './modelCard';

/** An 8-bit RGB image, rows top to bottom, three bytes per pixel. */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/**
 * Where the image lies in the model's input: tensorX = imageX · scaleX + offsetX (and the same in
 * y), in edge coordinates (pixel i covers [i, i + 1)). Boxes go back through the inverse.
 */
export interface InputPlacement {
  readonly scaleX: number;
  readonly scaleY: number;
  readonly offsetX: number;
  readonly offsetY: number;
  /** The resized image's size inside the tensor, in tensor pixels. */
  readonly width: number;
  readonly height: number;
}

export function inputPlacement(imageWidth: number, imageHeight: number, input: ModelInput): InputPlacement {
  if (!(imageWidth > 0 && imageHeight > 0)) throw new Error(`image of ${imageWidth}×${imageHeight} pixels has nothing to detect in`);
  const { width: W, height: H, resize } = input;
  if (resize.mode === 'stretch') return { scaleX: W / imageWidth, scaleY: H / imageHeight, offsetX: 0, offsetY: 0, width: W, height: H };
  const r = Math.min(W / imageWidth, H / imageHeight);
  const width = Math.min(W, Math.max(1, Math.round(imageWidth * r)));
  const height = Math.min(H, Math.max(1, Math.round(imageHeight * r)));
  const centred = resize.align === 'center';
  const offsetX = centred ? Math.floor((W - width) / 2) : 0;
  const offsetY = centred ? Math.floor((H - height) / 2) : 0;
  // The scale actually applied (rounded size over original), so boxes map back exactly.
  return { scaleX: width / imageWidth, scaleY: height / imageHeight, offsetX, offsetY, width, height };
}

/**
 * The model's input tensor (planar, channels in the card's colour order, normalised) for an
 * image: resized with bilinear sampling at pixel centres (as OpenCV's INTER_LINEAR does), padded
 * where the card letterboxes.
 */
export function imageToTensor(image: RgbImage, input: ModelInput): { data: Float32Array; placement: InputPlacement } {
  const { width: w, height: h, data: pixels } = image;
  if (pixels.length < w * h * 3) throw new Error(`image data holds ${pixels.length} bytes, a ${w}×${h} RGB image needs ${w * h * 3}`);
  const placement = inputPlacement(w, h, input);
  const { width: W, height: H } = input;
  const plane = W * H;
  const out = new Float32Array(3 * plane);
  // Tensor channel c reads RGB channel source[c].
  const source = input.colourOrder === 'RGB' ? [0, 1, 2] : [2, 1, 0];
  const scale = input.std.map((s) => 1 / s);
  const pad = input.resize.mode === 'letterbox' ? input.resize.padValue : 0;
  for (let c = 0; c < 3; c++) out.fill((pad - input.mean[c]) * scale[c], c * plane, (c + 1) * plane);
  // Column weights computed once per column rather than per pixel.
  const x0 = new Int32Array(placement.width);
  const x1 = new Int32Array(placement.width);
  const fx = new Float32Array(placement.width);
  for (let tx = 0; tx < placement.width; tx++) {
    const sx = Math.min(Math.max((tx + 0.5) / placement.scaleX - 0.5, 0), w - 1);
    x0[tx] = Math.floor(sx);
    x1[tx] = Math.min(x0[tx] + 1, w - 1);
    fx[tx] = sx - x0[tx];
  }
  for (let ty = 0; ty < placement.height; ty++) {
    const sy = Math.min(Math.max((ty + 0.5) / placement.scaleY - 0.5, 0), h - 1);
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, h - 1);
    const fy = sy - y0;
    const row = (ty + placement.offsetY) * W + placement.offsetX;
    for (let tx = 0; tx < placement.width; tx++) {
      const a = (y0 * w + x0[tx]) * 3;
      const b = (y0 * w + x1[tx]) * 3;
      const cc = (y1 * w + x0[tx]) * 3;
      const d = (y1 * w + x1[tx]) * 3;
      const gx = fx[tx];
      for (let c = 0; c < 3; c++) {
        const s = source[c];
        const top = pixels[a + s] + (pixels[b + s] - pixels[a + s]) * gx;
        const bottom = pixels[cc + s] + (pixels[d + s] - pixels[cc + s]) * gx;
        out[c * plane + row + tx] = (top + (bottom - top) * fy - input.mean[c]) * scale[c];
      }
    }
  }
  return { data: out, placement };
}
