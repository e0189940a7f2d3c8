import { mkdirSync, mkdtempSync, readdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { yawOf } from '../src/core/geometry/quaternion';
import type { SceneManifest } from '../src/core/scene/manifest';
import { runImport } from '../src/main/import/importCommand';
import { writeKittiTrackingFixture } from '../src/main/testing/datasets/kittiTrackingFixture';
import { openApp, waitSaved } from './support/app';
import { startCairn, type RunningCairn } from './support/cairnServer';
import { stripStates } from './support/trackStrip';

const ARTIFACTS = path.join(__dirname, 'artifacts');

let tmp: string;
let server: RunningCairn | null = null;

test.beforeAll(() => {
  mkdirSync(ARTIFACTS, { recursive: true });
  tmp = mkdtempSync(path.join(os.tmpdir(), 'cairn-e2e-gt-copy-'));
});

test.afterAll(async () => {
  await server?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

async function atFrame(page: Page, frame: number, of: number): Promise<void> {
  await expect(page.getByTestId('frame-label')).toHaveText(`Frame ${frame} / ${of}`);
}

async function inspected(page: Page): Promise<{ cx: number; cy: number; cz: number; yaw: number; length: number; width: number; height: number }> {
  const read = async (id: string) => Number(await page.getByTestId(`inspector-${id}`).getAttribute('data-value'));
  return { cx: await read('cx'), cy: await read('cy'), cz: await read('cz'), yaw: await read('yaw'), length: await read('length'), width: await read('width'), height: await read('height') };
}

/** The imported scene's manifest, as the host serves it. */
function importedManifest(out: string): SceneManifest {
  const dir = readdirSync(out).find((d) => existsSync(path.join(out, d, 'scene.json')));
  if (!dir) throw new Error(`no scene.json under ${out}`);
  return JSON.parse(readFileSync(path.join(out, dir, 'scene.json'), 'utf8')) as SceneManifest;
}

test('copy a ground-truth track: a new track whose boxes are the ground truth’s on every frame, linked to it, still there after a reload', async ({ page }) => {
  // Every frame is visited and read twice over: more steps than the default allowance is sized for.
  test.setTimeout(240_000);
  const fixture = writeKittiTrackingFixture(path.join(tmp, 'kitti-tracking'));
  const out = path.join(tmp, 'imported');
  const workspace = path.join(tmp, 'ws');
  let log = '';
  expect(await runImport(['kitti-tracking', fixture.root, '-o', out, '--workspace', workspace], { write: (t: string) => (log += t) }), log).toBe(0);
  const manifest = importedManifest(out);
  const frameCount = manifest.frames.length;
  server = await startCairn(workspace, { open: out });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openApp(page, server.url, errors);
  await atFrame(page, 1, frameCount);
  await expect(page.getByTestId('object-count')).toHaveText('0');

  // Pick the ground-truth object seen on the most frames; the strip offers to copy it.
  const firstFrame = manifest.frames[0].frameId;
  const onFirst = manifest.groundTruth.filter((g) => g.frameId === firstFrame);
  const framesOf = (trackId: string | undefined) => manifest.groundTruth.filter((g) => g.trackId === trackId).length;
  const picked = onFirst.reduce((best, g) => (framesOf(g.trackId) > framesOf(best.trackId) ? g : best));
  const gtBoxes = manifest.groundTruth.filter((g) => g.trackId === picked.trackId);
  const gtFrames = gtBoxes.map((g) => manifest.frames.findIndex((f) => f.frameId === g.frameId)).sort((a, b) => a - b);
  expect(gtFrames.length).toBeGreaterThan(2);
  expect(picked.cuboid.frame).toBe('velodyne');
  await page.locator(`[data-testid="ground-truth-row"][data-object-id="${picked.objectId}"]`).click();
  await expect(page.getByTestId('ground-truth-copy')).toBeVisible();
  await page.getByTestId('copy-gt-track').click();

  // The copy is selected here, a keyframe on every frame the ground truth has the object.
  await expect(page.getByTestId('track-strip')).toHaveAttribute('data-source', picked.trackId!);
  await expect(page.getByTestId('track-source')).toBeVisible();
  await expect(page.getByTestId('object-count')).toHaveText('1');
  const expected = manifest.frames.map((_, i) => (gtFrames.includes(i) ? 'keyframe' : i > gtFrames[0] && i < gtFrames.at(-1)! ? 'interpolated' : 'absent'));
  expect(await stripStates(page)).toEqual(expected);
  await waitSaved(page);

  const checkBoxes = async (boxes: typeof gtBoxes) => {
    for (const box of boxes) {
      const index = manifest.frames.findIndex((f) => f.frameId === box.frameId);
      await page.getByTestId('track-strip').locator(`[data-frame-index="${index}"]`).click();
      await atFrame(page, index + 1, frameCount);
      await expect(page.getByTestId('inspector-keyframe')).toHaveAttribute('data-interpolated', 'false');
      const shown = await inspected(page);
      expect(shown.cx).toBeCloseTo(box.cuboid.center[0], 6);
      expect(shown.cy).toBeCloseTo(box.cuboid.center[1], 6);
      expect(shown.cz).toBeCloseTo(box.cuboid.center[2], 6);
      expect(shown.length).toBeCloseTo(box.cuboid.size[0], 6);
      expect(shown.width).toBeCloseTo(box.cuboid.size[1], 6);
      expect(shown.height).toBeCloseTo(box.cuboid.size[2], 6);
      const yaw = (yawOf(box.cuboid.rotation as [number, number, number, number]) * 180) / Math.PI;
      expect(Math.abs(((shown.yaw - yaw + 540) % 360) - 180)).toBeLessThan(1e-6);
    }
  };
  await checkBoxes(gtBoxes);
  await page.screenshot({ path: path.join(ARTIFACTS, 'ground-truth-copy.png') });

  // Copying the same track again is refused, by name.
  await page.locator(`[data-testid="ground-truth-row"][data-object-id="${picked.objectId}"]`).click();
  await page.getByTestId('copy-gt-track').click();
  await expect(page.getByTestId('notice')).toContainText('already copied as track');

  // Reload: the track and its link to the ground truth come back from the workspace.
  await page.reload();
  await openApp(page, page.url(), errors);
  await page.getByTestId('object-row').first().click();
  await expect(page.getByTestId('track-strip')).toHaveAttribute('data-source', picked.trackId!);
  expect(await stripStates(page)).toEqual(expected);
  await checkBoxes([gtBoxes[0], gtBoxes.at(-1)!]);
  expect(errors, 'page errors').toEqual([]);
});
