import type { Page } from '@playwright/test';
import { PNG } from 'pngjs';

/** RGBA pixels at a canvas's own resolution. */
export interface Pixels {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/**
 * A camera panel's frame layer (the image, the sweep's points over it and the ignore regions over
 * both, on one canvas) at the image's own resolution. The layer is opaque, so its PNG holds the
 * colours as drawn.
 */
export async function frameLayerPixels(page: Page, sensorId: string): Promise<Pixels> {
  const url = await page.getByTestId(`camera-${sensorId}`).evaluate((el) => (el.querySelector('canvas.frame-layer') as HTMLCanvasElement).toDataURL('image/png'));
  const png = PNG.sync.read(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'));
  return { width: png.width, height: png.height, data: png.data };
}

/** A PNG file's or buffer's pixels, for comparing with what a panel drew. */
export function pngPixels(bytes: Buffer | Uint8Array): Pixels {
  const png = PNG.sync.read(Buffer.from(bytes));
  return { width: png.width, height: png.height, data: png.data };
}

/**
 * How a camera panel's frame layer compares with the picture the camera took: pixels showing the
 * picture as it is (`same`), pixels something was drawn over (`over`: the projected points, ignore
 * regions), and the distinct colours shown (to 4 bits a channel).
 */
export function againstPicture(layer: Pixels, picture: Pixels, tolerance = 6): { same: number; over: number; distinct: number } {
  if (layer.width !== picture.width || layer.height !== picture.height) throw new Error(`layer ${layer.width}×${layer.height}, picture ${picture.width}×${picture.height}`);
  let same = 0;
  const colours = new Set<number>();
  const d = layer.data;
  const p = picture.data;
  for (let i = 0; i < d.length; i += 4) {
    if (Math.abs(d[i] - p[i]) + Math.abs(d[i + 1] - p[i + 1]) + Math.abs(d[i + 2] - p[i + 2]) <= tolerance) same++;
    colours.add(((d[i] >> 4) << 8) | ((d[i + 1] >> 4) << 4) | (d[i + 2] >> 4));
  }
  return { same, over: d.length / 4 - same, distinct: colours.size };
}

/** The pixels (x, y) where two captures of a layer differ at all. */
export function changedPixels(a: Pixels, b: Pixels): { x: number; y: number }[] {
  const changed: { x: number; y: number }[] = [];
  for (let i = 0; i < a.data.length; i += 4) {
    if (a.data[i] !== b.data[i] || a.data[i + 1] !== b.data[i + 1] || a.data[i + 2] !== b.data[i + 2] || a.data[i + 3] !== b.data[i + 3]) changed.push({ x: (i / 4) % a.width, y: Math.floor(i / 4 / a.width) });
  }
  return changed;
}
