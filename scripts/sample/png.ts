import { PNG } from 'pngjs';

/** Encodes packed RGB; fixed encoder settings so the same pixels always give the same bytes. */
export function encodePng(rgb: Buffer, width: number, height: number): Buffer {
  const png = new PNG({ width, height, colorType: 2, inputColorType: 2, inputHasAlpha: false });
  png.data = rgb;
  return PNG.sync.write(png, { colorType: 2, inputColorType: 2, inputHasAlpha: false, deflateLevel: 9 });
}
