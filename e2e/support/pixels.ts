import { PNG } from 'pngjs';

/** How much of a screenshot is drawn content rather than the clear colour. */
export function paintedFraction(png: Buffer, background: [number, number, number], tolerance = 12): { fraction: number; colours: number } {
  const img = PNG.sync.read(png);
  let painted = 0;
  const colours = new Set<number>();
  for (let i = 0; i < img.data.length; i += 4) {
    const r = img.data[i];
    const g = img.data[i + 1];
    const b = img.data[i + 2];
    if (Math.abs(r - background[0]) + Math.abs(g - background[1]) + Math.abs(b - background[2]) > tolerance) {
      painted++;
      colours.add(((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4));
    }
  }
  return { fraction: painted / (img.data.length / 4), colours: colours.size };
}

/** How much of a screenshot is clearly lit (luma above `minLuma`): points drawn near-black do not count. */
export function litFraction(png: Buffer, minLuma = 96): number {
  const img = PNG.sync.read(png);
  let lit = 0;
  for (let i = 0; i < img.data.length; i += 4) {
    if (0.2126 * img.data[i] + 0.7152 * img.data[i + 1] + 0.0722 * img.data[i + 2] > minLuma) lit++;
  }
  return lit / (img.data.length / 4);
}
