import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { writeLas } from '../src/core/formats/testing/writeLas';
import { insidePolygon } from '../src/core/segmentation/selectPoints';
import { waitSaved } from './support/app';
import { startCairn, type RunningCairn } from './support/cairnServer';
import { paintedFraction } from './support/pixels';

/*
 * Segmenting a streamed octree: a lasso over the drawn nodes labels exactly the points whose
 * positions project inside it (counted here from the scan's own coordinates), and undo, redo,
 * reload and the .label export all agree.
 */

const ARTIFACTS = path.join(__dirname, 'artifacts');
let dir: string;
let server: RunningCairn;
let octree: string;
/** The scan's points in world coordinates, as stored (quantised to the LAS scale). */
let world: Float64Array;

const SCALE = 0.01;
const OFFSET = [500_000, 4_200_000, 0];

/** Ground with a few flat-roofed buildings, georeferenced. */
function scan(): string {
  const points: { x: number; y: number; z: number; intensity: number; classification: number }[] = [];
  for (let gx = 0; gx < 280; gx++) {
    for (let gy = 0; gy < 220; gy++) {
      const x = gx * 0.25;
      const y = gy * 0.25;
      const building = (Math.floor(x / 20) + Math.floor(y / 20)) % 2 === 0 && x % 20 > 6 && y % 20 > 6;
      const z = building ? 108 : 100 + Math.sin(x / 9) + Math.cos(y / 11) * 0.5;
      points.push({ x: OFFSET[0] + x, y: OFFSET[1] + y, z, intensity: building ? 40_000 : 12_000, classification: building ? 6 : 2 });
    }
  }
  const q = (v: number, o: number) => Math.round((v - o) / SCALE) * SCALE + o;
  world = new Float64Array(points.length * 3);
  points.forEach((p, i) => world.set([q(p.x, OFFSET[0]), q(p.y, OFFSET[1]), q(p.z, OFFSET[2])], 3 * i));
  const file = path.join(dir, 'site.las');
  writeFileSync(file, writeLas({ version: '1.2', pdrf: 1, points, scale: [SCALE, SCALE, SCALE], offset: OFFSET as [number, number, number] }));
  return file;
}

test.beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-e2e-octree-seg-'));
  octree = path.join(dir, 'site-octree');
  execFileSync(process.execPath, [path.join(__dirname, '..', 'bin', 'cairn.js'), 'convert', scan(), '-o', octree], { stdio: 'pipe' });
  server = await startCairn(path.join(dir, 'workspace'));
});

test.afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Opens the octree and waits until every point is drawn (the scan is well inside the budget) and labelling is ready. */
async function openOctree(page: Page, location = octree) {
  await page.goto(server.url);
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'ready');
  await page.getByTestId('open-cloud').click();
  await page.getByTestId('open-location').fill(location);
  await page.getByTestId('open-submit').click();
  await expect(page.getByTestId('octree-seg-status')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  const total = world.length / 3;
  await expect(page.getByTestId('octree-seg-status')).toHaveAttribute('data-points', String(total));
  await expect.poll(async () => Number(await page.getByTestId('cloud-stats').getAttribute('data-drawn')), { timeout: 30_000 }).toBe(total);
}

/** The scan's points (its own coordinates) whose projection through the lasso's camera falls inside it. */
function insideLasso(shape: { viewProjection: number[]; polygon: number[] }, origin: number[]): number {
  const m = shape.viewProjection;
  let inside = 0;
  for (let o = 0; o < world.length; o += 3) {
    const x = world[o] - origin[0];
    const y = world[o + 1] - origin[1];
    const z = world[o + 2] - origin[2];
    const w = m[3] * x + m[7] * y + m[11] * z + m[15];
    if (!(w > 0)) continue;
    if (insidePolygon(shape.polygon, (m[0] * x + m[4] * y + m[8] * z + m[12]) / w, (m[1] * x + m[5] * y + m[9] * z + m[13]) / w)) inside++;
  }
  return inside;
}

/** The world positions of octree.bin's records, in file order (a DEFAULT octree: records back to back). */
function octreeRecords(): Float64Array {
  const meta = JSON.parse(readFileSync(path.join(octree, 'metadata.json'), 'utf8')) as { scale: number[]; offset: number[]; attributes: { name: string; size: number }[] };
  const size = meta.attributes.reduce((n, a) => n + a.size, 0);
  const bytes = readFileSync(path.join(octree, 'octree.bin'));
  const out = new Float64Array((bytes.length / size) * 3);
  for (let i = 0; i < bytes.length / size; i++) for (let a = 0; a < 3; a++) out[3 * i + a] = bytes.readInt32LE(i * size + 4 * a) * meta.scale[a] + meta.offset[a];
  return out;
}

async function exportLabels(page: Page): Promise<Uint32Array> {
  const download = page.waitForEvent('download');
  await page.getByTestId('octree-seg-export').click();
  const bytes = readFileSync((await (await download).path())!);
  return new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
}

const labelledInView = async (page: Page) => Number(await page.getByTestId('octree-seg-status').getAttribute('data-labelled-in-view'));

test('lasso over a streamed octree: the points inside are labelled, undo, redo and reload keep them, the .label export agrees', async ({ page }) => {
  // A reload opens the octree twice on a software GL.
  test.setTimeout(240_000);
  await openOctree(page);
  const status = page.getByTestId('octree-seg-status');
  const frameId = await status.getAttribute('data-frame-id');
  expect(frameId).toMatch(/^[0-9a-f-]{36}$/);

  await page.getByTestId('octree-seg-class').selectOption('road');
  await page.getByTestId('octree-tool-lasso').click();
  const surface = page.getByTestId('octree-seg-surface');
  const box = (await surface.boundingBox())!;
  // A hexagon around the middle of the view, drawn as a user drags.
  const cx = box.x + box.width * 0.5;
  const cy = box.y + box.height * 0.5;
  const hexagon = Array.from({ length: 6 }, (_, k) => [cx + 170 * Math.cos((k * Math.PI) / 3), cy + 120 * Math.sin((k * Math.PI) / 3)]);
  await page.mouse.move(hexagon[0][0], hexagon[0][1]);
  await page.mouse.down();
  for (const [x, y] of [...hexagon.slice(1), hexagon[0]]) await page.mouse.move(x, y, { steps: 6 });
  await page.mouse.up();
  await expect(status).toHaveAttribute('data-changed', /\d+/);
  const changed = Number(await status.getAttribute('data-changed'));

  // The same lasso, worked out here from the scan's coordinates: project each point through the view's camera.
  const shape = JSON.parse((await surface.getAttribute('data-last-shape'))!) as { viewProjection: number[]; polygon: number[] };
  const origin = (await status.getAttribute('data-origin'))!.split(',').map(Number);
  const m = shape.viewProjection;
  const inside = insideLasso(shape, origin);
  // Which points got the label, by position: the export (octree.bin order) beside octree.bin's own records.
  const exported = await exportLabels(page);
  const records = octreeRecords();
  let labelledInside = 0;
  let labelledOutside = 0;
  for (let i = 0; i < exported.length; i++) {
    if (!exported[i]) continue;
    const x = records[3 * i] - origin[0];
    const y = records[3 * i + 1] - origin[1];
    const z = records[3 * i + 2] - origin[2];
    const w = m[3] * x + m[7] * y + m[11] * z + m[15];
    if (w > 0 && insidePolygon(shape.polygon, (m[0] * x + m[4] * y + m[8] * z + m[12]) / w, (m[1] * x + m[5] * y + m[9] * z + m[13]) / w)) labelledInside++;
    else labelledOutside++;
  }
  expect(inside).toBeGreaterThan(5000);
  // Points on the lasso's edge may fall either way in float32; no more than a handful.
  expect(Math.abs(changed - inside), `labelled ${changed}, inside ${inside}`).toBeLessThanOrEqual(Math.max(3, inside * 0.001));
  expect(labelledInside).toBe(changed);
  expect(labelledOutside).toBe(0);
  await expect.poll(() => labelledInView(page)).toBe(changed);

  await page.getByTestId('octree-tool-orbit').click();
  await page.waitForTimeout(500);
  const shot = await page.getByTestId('cloud-viewport').screenshot({ path: path.join(ARTIFACTS, 'octree-segmentation-01-lasso.png') });
  expect(paintedFraction(shot, [0x0d, 0x10, 0x17]).fraction).toBeGreaterThan(0.05);

  await page.getByTestId('octree-seg-undo').click();
  await expect.poll(() => labelledInView(page)).toBe(0);
  await page.waitForTimeout(500);
  const undone = await page.getByTestId('cloud-viewport').screenshot({ path: path.join(ARTIFACTS, 'octree-segmentation-02-undone.png') });
  expect(undone.equals(shot)).toBe(false);
  await page.getByTestId('octree-seg-redo').click();
  await expect.poll(() => labelledInView(page)).toBe(changed);

  // Reload: the labels come back from the workspace, on the same points (the frame id names this octree).
  await waitSaved(page);
  await page.reload();
  await openOctree(page);
  await expect(status).toHaveAttribute('data-frame-id', frameId!);
  await expect.poll(() => labelledInView(page)).toBe(changed);

  // The export after reload: one word per point in octree.bin order, the same as before.
  const again = await exportLabels(page);
  expect(again.length).toBe(world.length / 3);
  expect(again).toEqual(exported);
  expect(new Set(again.filter((w) => w !== 0))).toEqual(new Set([40]));

  // Import the file with every label cleared: one undo step, undone back to the lasso's labels.
  const cleared = path.join(dir, 'cleared.label');
  writeFileSync(cleared, new Uint8Array(again.length * 4));
  await page.getByTestId('octree-seg-import-file').setInputFiles(cleared);
  await expect.poll(() => labelledInView(page)).toBe(0);
  await page.getByTestId('octree-seg-undo').click();
  await expect.poll(() => labelledInView(page)).toBe(changed);
});

/** Drags the mouse through `path` (page pixels) with the button down. */
async function drag(page: Page, path: readonly (readonly [number, number])[]) {
  await page.mouse.move(path[0][0], path[0][1]);
  await page.mouse.down();
  for (const [x, y] of path.slice(1)) await page.mouse.move(x, y, { steps: 5 });
  await page.mouse.up();
}

async function stroke(page: Page, path: readonly (readonly [number, number])[]): Promise<{ changed: number; shape: Record<string, unknown> }> {
  const status = page.getByTestId('octree-seg-status');
  const version = Number(await status.getAttribute('data-version'));
  await drag(page, path);
  await expect.poll(async () => Number(await status.getAttribute('data-version'))).toBeGreaterThan(version);
  return { changed: Number(await status.getAttribute('data-changed')), shape: JSON.parse((await page.getByTestId('octree-seg-surface').getAttribute('data-last-shape'))!) };
}

test('box and brush over the octree take the points inside them, and never a locked class', async ({ page }) => {
  // Four exports of the whole octree and three strokes on a software GL.
  test.setTimeout(240_000);
  await openOctree(page);
  const status = page.getByTestId('octree-seg-status');
  const origin = (await status.getAttribute('data-origin'))!.split(',').map(Number);
  const records = octreeRecords();
  const at = (i: number) => [records[3 * i] - origin[0], records[3 * i + 1] - origin[1], records[3 * i + 2] - origin[2]];
  // Start from unlabelled, then one road stroke (a lasso) to lock.
  const start = await exportLabels(page);
  if (start.some((w) => w !== 0)) {
    const cleared = path.join(dir, 'start-cleared.label');
    writeFileSync(cleared, new Uint8Array(start.length * 4));
    await page.getByTestId('octree-seg-import-file').setInputFiles(cleared);
    await expect.poll(() => labelledInView(page)).toBe(0);
  }
  const surface = () => page.getByTestId('octree-seg-surface');
  await page.getByTestId('octree-seg-class').selectOption('road');
  await page.getByTestId('octree-tool-lasso').click();
  const box = (await surface().boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await stroke(page, [[cx - 60, cy - 150], [cx + 60, cy - 150], [cx + 60, cy + 150], [cx - 60, cy + 150], [cx - 60, cy - 150]]);
  const roads = await exportLabels(page);
  const ROAD = 40;
  expect(roads.filter((w) => w === ROAD).length).toBeGreaterThan(1000);
  await page.getByTestId('octree-seg-lock').check();

  // A box across the road strip, labelled building: the road inside keeps its label.
  await page.getByTestId('octree-seg-class').selectOption('building');
  await page.getByTestId('octree-tool-box').click();
  const boxed = await stroke(page, [[cx - 200, cy - 60], [cx + 200, cy + 60]]);
  const cuboid = (boxed.shape as { cuboid: { center: number[]; size: number[] } }).cuboid;
  expect(boxed.shape.kind).toBe('box');
  const inBox = (p: number[], margin: number) => p.every((v, a) => Math.abs(v - cuboid.center[a]) <= cuboid.size[a] / 2 + margin);
  let expected = 0;
  let unsure = 0;
  for (let i = 0; i < roads.length; i++) {
    if (roads[i] === ROAD) continue;
    if (inBox(at(i), -0.001)) expected++;
    else if (inBox(at(i), 0.001)) unsure++;
  }
  expect(expected).toBeGreaterThan(1000);
  expect(boxed.changed).toBeGreaterThanOrEqual(expected);
  expect(boxed.changed).toBeLessThanOrEqual(expected + unsure);
  const afterBox = await exportLabels(page);
  const BUILDING = 50;
  const wrong: string[] = [];
  for (let i = 0; i < afterBox.length; i++) {
    if (roads[i] === ROAD && afterBox[i] !== ROAD) wrong.push(`road point ${i} lost its locked label`);
    else if (afterBox[i] === BUILDING && !inBox(at(i), 0.001)) wrong.push(`point ${i} labelled building lies outside the box`);
  }
  expect(wrong.slice(0, 5)).toEqual([]);

  // A brush stroke, labelled vegetation: every point within the radius of a centre it touched, the locked road aside.
  await page.getByTestId('octree-seg-class').selectOption('vegetation');
  await page.getByTestId('octree-tool-brush').click();
  await page.getByTestId('octree-seg-radius').fill('2');
  const brushed = await stroke(page, [[cx - 250, cy + 100], [cx - 150, cy + 110], [cx - 50, cy + 120]]);
  const { centres, radius } = brushed.shape as { centres: number[][]; radius: number };
  expect(radius).toBe(2);
  expect(centres.length).toBeGreaterThan(1);
  const near = (p: number[], r: number) => centres.some((c) => (p[0] - c[0]) ** 2 + (p[1] - c[1]) ** 2 + (p[2] - c[2]) ** 2 <= r * r);
  let brushExpected = 0;
  let brushUnsure = 0;
  for (let i = 0; i < afterBox.length; i++) {
    if (afterBox[i] === ROAD) continue;
    if (near(at(i), radius - 0.001)) brushExpected++;
    else if (near(at(i), radius + 0.001)) brushUnsure++;
  }
  expect(brushExpected).toBeGreaterThan(50);
  expect(brushed.changed).toBeGreaterThanOrEqual(brushExpected);
  expect(brushed.changed).toBeLessThanOrEqual(brushExpected + brushUnsure);
  await page.getByTestId('octree-tool-orbit').click();
  await page.waitForTimeout(500);
  const shot = await page.getByTestId('cloud-viewport').screenshot({ path: path.join(ARTIFACTS, 'octree-segmentation-03-box-brush.png') });

  // Hiding a class hides its points.
  await page.getByTestId('octree-seg-class').selectOption('building');
  await page.getByTestId('octree-seg-hide').check();
  await page.waitForTimeout(500);
  const hidden = await page.getByTestId('cloud-viewport').screenshot({ path: path.join(ARTIFACTS, 'octree-segmentation-04-building-hidden.png') });
  expect(paintedFraction(hidden, [0x0d, 0x10, 0x17]).fraction).toBeLessThan(paintedFraction(shot, [0x0d, 0x10, 0x17]).fraction);
});

test('a BROTLI octree is labelled the same way: its nodes decoded by potree-core land where the scan’s points are', async ({ page }) => {
  test.setTimeout(240_000);
  const brotli = path.join(dir, 'site-octree-brotli');
  execFileSync(process.execPath, [path.join(__dirname, '..', 'bin', 'cairn.js'), 'convert', path.join(dir, 'site.las'), '-o', brotli, '--encoding', 'brotli'], { stdio: 'pipe' });
  await openOctree(page, brotli);
  const status = page.getByTestId('octree-seg-status');
  await page.getByTestId('octree-seg-class').selectOption('sidewalk');
  await page.getByTestId('octree-tool-lasso').click();
  const box = (await page.getByTestId('octree-seg-surface').boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const { changed, shape } = await stroke(page, [[cx - 200, cy - 80], [cx + 150, cy - 100], [cx + 100, cy + 120], [cx - 180, cy + 90], [cx - 200, cy - 80]]);
  const inside = insideLasso(shape as { viewProjection: number[]; polygon: number[] }, (await status.getAttribute('data-origin'))!.split(',').map(Number));
  expect(inside).toBeGreaterThan(5000);
  expect(Math.abs(changed - inside), `labelled ${changed}, inside ${inside}`).toBeLessThanOrEqual(Math.max(3, inside * 0.001));
  const labels = await exportLabels(page);
  expect(labels.length).toBe(world.length / 3);
  expect(labels.filter((w) => w !== 0).length).toBe(changed);
});
