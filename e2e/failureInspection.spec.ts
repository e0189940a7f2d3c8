import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { writeSamplePredictions } from '../src/main/services/inspection/testing/samplePredictions';
import { showTab, Workspaces } from './support/workspaces';

const ARTIFACTS = path.join(__dirname, 'artifacts');
// The outcome colours (src/renderer/inspection/inspectionColours.ts), as RGB.
const FP: readonly [number, number, number] = [0xff, 0x2b, 0xd6];
const FN: readonly [number, number, number] = [0xff, 0xe1, 0x4d];

let workspaces: Workspaces;

test.beforeAll(() => {
  workspaces = new Workspaces('cairn-e2e-inspection-');
});

test.afterAll(async () => {
  await workspaces.close();
});

/** Pixels of a canvas within a small distance of a colour (the overlay canvases hold only strokes). */
async function canvasPixels(canvas: Locator, rgb: readonly [number, number, number]): Promise<number> {
  return canvas.evaluate((c: HTMLCanvasElement, [r, g, b]) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 200 && Math.abs(d[i] - r) + Math.abs(d[i + 1] - g) + Math.abs(d[i + 2] - b) < 40) n++;
    return n;
  }, rgb);
}

/** Pixels of a screenshot of the 3D view near a colour. */
async function shotPixels(page: Page, rgb: readonly [number, number, number], file: string): Promise<number> {
  const { PNG } = await import('pngjs');
  const img = PNG.sync.read(await page.getByTestId('viewport').screenshot({ path: path.join(ARTIFACTS, file) }));
  let n = 0;
  for (let i = 0; i < img.data.length; i += 4) if (Math.abs(img.data[i] - rgb[0]) + Math.abs(img.data[i + 1] - rgb[1]) + Math.abs(img.data[i + 2] - rgb[2]) < 40) n++;
  return n;
}

test('predictions from a file beside ground truth: sort frames by error, jump to the worst, FP and FN coloured in 3D and in a camera', async ({ browser }) => {
  const sample = writeSamplePredictions(workspaces.root);
  const errors: string[] = [];
  const page = await workspaces.open(browser, 'workspace', errors);
  await showTab(page, 'Inspection');

  // A file that is not there is refused naming it; the app stays up.
  const missing = path.join(workspaces.root, 'no-such-predictions.json');
  await page.getByTestId('inspection-location').fill(missing);
  await page.getByTestId('inspection-load').click();
  await expect(page.getByTestId('inspection-error')).toContainText(`${missing}: no such file or folder`);
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'ready');

  await page.getByTestId('inspection-location').fill(sample.file);
  await page.getByTestId('inspection-load').click();
  await expect(page.getByTestId('inspection-run')).toHaveAttribute('data-predictions', String(sample.counts.reduce((a, b) => a + b, 0)));
  await expect(page.getByTestId('inspection-error')).toHaveCount(0);
  // The sample scene has no ignore regions: no DontCare column.
  await expect(page.getByTestId('inspection-classes')).toBeVisible();
  await expect(page.getByTestId('inspection-in-ignore-header')).toHaveCount(0);
  // Cars: 56 in the ground truth, two missed on the edited frame, two false positives there.
  const car = page.locator('[data-testid="inspection-class-row"][data-class-id="car"]');
  await expect(car.getByTestId('inspection-precision')).toHaveText((54 / 56).toFixed(2));
  await expect(car.getByTestId('inspection-recall')).toHaveText((54 / 56).toFixed(2));
  await expect(page.locator('[data-testid="inspection-class-row"][data-class-id="pedestrian"]').getByTestId('inspection-ap')).toHaveText('1.00');
  // The precision / recall curves, one line a class with ground truth, at BEV IoU and then 3D.
  await expect(page.getByTestId('inspection-pr')).toHaveAttribute('data-iou', 'BEV');
  await expect(page.getByTestId('inspection-pr-chart').locator('path[stroke-width="2"]').first()).toBeAttached();
  await page.getByTestId('inspection-pr-3d').check();
  await expect(page.getByTestId('inspection-pr')).toHaveAttribute('data-iou', '3D');
  await page.getByTestId('inspection-panel').screenshot({ path: path.join(ARTIFACTS, 'inspection-00-panel.png') });

  // Frames in scene order, then by error: the edited frame comes first.
  const rows = page.getByTestId('inspection-frame-row');
  await expect(rows).toHaveCount(4);
  await expect(rows.first()).toHaveAttribute('data-frame-index', '0');
  await page.getByTestId('inspection-sort-error').click();
  await expect(page.getByTestId('inspection-frames')).toHaveAttribute('data-sort', 'error');
  await expect(rows.first()).toHaveAttribute('data-frame-index', String(sample.edits.frameIndex));
  const errorsByRow = (await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-error'))))) as number[];
  expect(errorsByRow).toEqual([...errorsByRow].sort((a, b) => b - a));
  expect(errorsByRow[0]).toBeGreaterThan(errorsByRow[1]);

  // Jump to the worst frame: its outcome is what was edited.
  await expect(page.getByTestId('frame-label')).toHaveText('Frame 1 / 4');
  await page.getByTestId('inspection-worst').click();
  await expect(page.getByTestId('frame-label')).toHaveText(`Frame ${sample.edits.frameIndex + 1} / 4`);
  const counts = page.getByTestId('inspection-frame-counts');
  await expect(counts).toHaveAttribute('data-fp', '2');
  await expect(counts).toHaveAttribute('data-fn', '2');
  await expect(page.locator(`[data-testid="inspection-box-row"][data-outcome="fn"][data-id="${sample.edits.removedId}"]`)).toHaveCount(1);
  await expect(page.locator(`[data-testid="inspection-box-row"][data-outcome="fn"][data-id="${sample.edits.shiftedId}"]`)).toHaveCount(1);

  // In 3D: the layer drew two false positives in magenta and two misses in yellow (its materials' colours).
  await expect(page.getByTestId('inspection-drawn-fp')).toHaveAttribute('data-count', '2');
  await expect(page.getByTestId('inspection-drawn-fp')).toHaveAttribute('data-colour', '#ff2bd6');
  await expect(page.getByTestId('inspection-drawn-fn')).toHaveAttribute('data-count', '2');
  await expect(page.getByTestId('inspection-drawn-fn')).toHaveAttribute('data-colour', '#ffe14d');
  await page.getByTestId('viewport').hover();
  await page.keyboard.press('t');
  // The top view's camera move is drawn on the next frames: read the view until the magenta edges show.
  let magentaShown = 0;
  await expect.poll(async () => (magentaShown = await shotPixels(page, FP, 'inspection-01-3d.png')), { message: 'false-positive edges in the 3D view' }).toBeGreaterThan(30);
  // And on a camera: the stroked overlay holds magenta and yellow edges.
  const overlay = page.getByTestId('camera-overlay-cam_front');
  await expect.poll(() => canvasPixels(overlay, FP), { message: 'false-positive edges in cam_front' }).toBeGreaterThan(40);
  await expect.poll(() => canvasPixels(overlay, FN), { message: 'missed-box edges in cam_front' }).toBeGreaterThan(40);
  await page.screenshot({ path: path.join(ARTIFACTS, 'inspection-02-app.png') });

  // Hidden, they are gone from the camera and from the 3D view.
  await page.getByTestId('inspection-show').uncheck();
  await expect.poll(() => canvasPixels(overlay, FP)).toBe(0);
  await expect(page.getByTestId('inspection-drawn-fp')).toHaveAttribute('data-count', '0');
  await expect.poll(() => shotPixels(page, FP, 'inspection-03-hidden.png'), { message: 'magenta edges left in the 3D view once hidden' }).toBeLessThan(magentaShown - 30);
  await page.getByTestId('inspection-show').check();

  // A row selects its box: a missed car shows in the inspector as ground truth; a false positive turns white in the camera.
  await page.locator(`[data-testid="inspection-box-row"][data-id="${sample.edits.removedId}"]`).click();
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-ground-truth', 'true');
  const spurious = page.locator('[data-testid="inspection-box-row"][data-outcome="fp"]').first();
  await spurious.click();
  await expect(spurious).toHaveClass(/selected/);
  await expect(page.getByTestId('inspection-selected')).toContainText(`score ${sample.edits.spurious.score.toFixed(2)}`);
  await expect(page.getByTestId('inspection-selected')).toContainText(`${path.basename(sample.file)}: frames.${sample.edits.frameIndex}`);
  await expect.poll(() => canvasPixels(overlay, [255, 255, 255])).toBeGreaterThan(40);
  expect(errors, 'page errors').toEqual([]);
});
