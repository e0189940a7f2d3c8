import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { applyTransform } from '../../src/core/camera/rigidTransform';
import { makeColmapProjector, type ColmapModel } from '../../src/core/importers/colmap';
import { writeColmapBinary, writeColmapText } from '../../src/core/importers/colmap/testing/writeColmapModel';

/**
 * Writes a COLMAP project as COLMAP lays one out: `sparse/0/` (binary, or text) and `images/` with
 * one PNG per image at its camera's size. Each picture shows every point the image observes as a
 * disc at the point's exact projection, on a sky-to-ground gradient, so keypoints drawn over the
 * picture visibly land on (or, by their residual, next to) something.
 */
export function writeColmapProject(dir: string, model: ColmapModel, options: { text?: boolean } = {}): void {
  const modelDir = path.join(dir, 'sparse', '0');
  mkdirSync(modelDir, { recursive: true });
  for (const f of (options.text ? writeColmapText : writeColmapBinary)(model)) writeFileSync(path.join(modelDir, f.name), f.bytes);
  mkdirSync(path.join(dir, 'images'), { recursive: true });
  const out = new Float64Array(2);
  for (const image of model.images.values()) {
    const camera = model.cameras.get(image.cameraId)!;
    const png = new PNG({ width: camera.width, height: camera.height });
    for (let y = 0; y < camera.height; y++) {
      const t = y / camera.height;
      for (let x = 0; x < camera.width; x++) {
        const i = 4 * (y * camera.width + x);
        png.data[i] = Math.round(70 + 60 * t);
        png.data[i + 1] = Math.round(110 + 20 * t);
        png.data[i + 2] = Math.round(170 - 110 * t);
        png.data[i + 3] = 255;
      }
    }
    const project = makeColmapProjector(camera);
    for (let k = 0; k < image.point3DIds.length; k++) {
      const point = model.points3D.get(image.point3DIds[k]);
      if (!point) continue;
      const [x, y, z] = applyTransform(image.camFromWorld, point.xyz);
      if (!project(x, y, z, out)) continue;
      disc(png, out[0], out[1], 2.5, point.rgb);
    }
    writeFileSync(path.join(dir, 'images', image.name), PNG.sync.write(png));
  }
}

/** Fills pixels whose centre (COLMAP: x + 0.5) lies within r of (cx, cy). */
function disc(png: PNG, cx: number, cy: number, r: number, rgb: readonly [number, number, number]): void {
  for (let y = Math.floor(cy - r); y <= Math.ceil(cy + r); y++) {
    for (let x = Math.floor(cx - r); x <= Math.ceil(cx + r); x++) {
      if (x < 0 || y < 0 || x >= png.width || y >= png.height || Math.hypot(x + 0.5 - cx, y + 0.5 - cy) > r) continue;
      const i = 4 * (y * png.width + x);
      png.data.set([rgb[0], rgb[1], rgb[2], 255], i);
    }
  }
}
