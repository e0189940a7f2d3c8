import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { runImport } from '../src/main/import/importCommand';
import { writeKittiTrackingFixture } from '../src/main/testing/datasets/kittiTrackingFixture';
import { drawBox, openApp, waitSaved } from './support/app';
import { startCairn, type RunningCairn } from './support/cairnServer';
import { stripStates } from './support/trackStrip';

const ARTIFACTS = path.join(__dirname, 'artifacts');

let tmp: string;
let server: RunningCairn | null = null;

test.beforeAll(() => {
  mkdirSync(ARTIFACTS, { recursive: true });
  tmp = mkdtempSync(path.join(os.tmpdir(), 'cairn-e2e-tracks-'));
});

test.afterAll(async () => {
  await server?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

/** Keys go to the window, not to an inspector field that may hold the focus. */
async function press(page: Page, key: string): Promise<void> {
  await page.getByTestId('viewport').click({ position: { x: 5, y: 5 }, button: 'right' });
  await page.keyboard.press(key);
}

async function atFrame(page: Page, frame: number): Promise<void> {
  await expect(page.getByTestId('frame-label')).toHaveText(`Frame ${frame} / 10`);
}

/** The selected box's numbers as the inspector holds them, unrounded. */
async function inspected(page: Page): Promise<{ cx: number; cy: number; cz: number; yaw: number; length: number }> {
  const read = async (id: string) => Number(await page.getByTestId(`inspector-${id}`).getAttribute('data-value'));
  return { cx: await read('cx'), cy: await read('cy'), cz: await read('cz'), yaw: await read('yaw'), length: await read('length') };
}

async function setField(page: Page, id: string, value: number): Promise<void> {
  await page.getByTestId(`inspector-${id}`).fill(String(value));
  await page.getByTestId(`inspector-${id}`).press('Enter');
  await expect(page.getByTestId(`inspector-${id}`)).toHaveAttribute('data-value', String(value));
}

/** Pixels the track tags' canvas has drawn on (any alpha). */
const tagPixels = (page: Page) =>
  page.getByTestId('track-labels').evaluate((c) => {
    const canvas = c as HTMLCanvasElement;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
    return n;
  });

test('a car labelled as a track over 5 frames: propagate, a second keyframe, interpolated boxes between, the track strip; all there after a reload', async ({ page }) => {
  const fixture = writeKittiTrackingFixture(path.join(tmp, 'kitti-tracking'));
  const out = path.join(tmp, 'imported');
  const workspace = path.join(tmp, 'ws');
  let log = '';
  expect(await runImport(['kitti-tracking', fixture.root, '-o', out, '--workspace', workspace], { write: (t: string) => (log += t) }), log).toBe(0);
  server = await startCairn(workspace, { open: out });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openApp(page, server.url, errors);
  await atFrame(page, 1);

  // Frame 1: draw a footprint, then place it in round numbers through the inspector.
  await drawBox(page, { x: 0.5, y: 0.55 }, { x: 0.56, y: 0.6 });
  await expect(page.getByTestId('object-count')).toHaveText('1');
  const drawn = await inspected(page);
  const first = { cx: Math.round(drawn.cx), cy: Math.round(drawn.cy), yaw: 0 };
  await setField(page, 'cx', first.cx);
  await setField(page, 'cy', first.cy);
  await setField(page, 'yaw', first.yaw);
  await expect(page.getByTestId('track-strip')).toBeVisible();

  // Propagate to frame 2: a copy (one keyframe before), selected there; then on to frame 5.
  await press(page, 'Control+ArrowRight');
  await atFrame(page, 2);
  await expect(page.getByTestId('inspector-keyframe')).toHaveAttribute('data-interpolated', 'false');
  expect(await inspected(page)).toMatchObject({ cx: first.cx, cy: first.cy });
  for (const frame of [3, 4, 5]) {
    await press(page, 'Control+ArrowRight');
    await atFrame(page, frame);
  }
  expect(await stripStates(page)).toEqual(['keyframe', 'keyframe', 'keyframe', 'keyframe', 'keyframe', 'absent', 'absent', 'absent', 'absent', 'absent']);

  // Frame 5: the car has moved 8 m ahead, 4 m across, and turned 40°: the second keyframe.
  const last = { cx: first.cx + 8, cy: first.cy - 4, yaw: 40 };
  await setField(page, 'cx', last.cx);
  await setField(page, 'cy', last.cy);
  await setField(page, 'yaw', last.yaw);
  const z = (await inspected(page)).cz;

  // Delete the copies on frames 4, 3 and 2 (the strip goes there): each leaves the interpolated box selected.
  for (const index of [3, 2, 1]) {
    await page.getByTestId('track-strip').locator(`[data-frame-index="${index}"]`).click();
    await atFrame(page, index + 1);
    await expect(page.getByTestId('inspector-keyframe')).toHaveAttribute('data-interpolated', 'false');
    await press(page, 'Delete');
    await expect(page.getByTestId('inspector-keyframe')).toHaveAttribute('data-interpolated', 'true');
  }
  await waitSaved(page);
  const expected = ['keyframe', 'interpolated', 'interpolated', 'interpolated', 'keyframe', 'absent', 'absent', 'absent', 'absent', 'absent'];
  expect(await stripStates(page)).toEqual(expected);

  // Frames 2–4 between keyframes on frames 1 and 5: centre straight between them, yaw along the arc.
  const checkInterpolated = async () => {
    for (const frame of [2, 3, 4]) {
      await page.getByTestId('track-strip').locator(`[data-frame-index="${frame - 1}"]`).click();
      await atFrame(page, frame);
      await expect(page.getByTestId('object-row')).toHaveAttribute('data-interpolated', 'true');
      const t = (frame - 1) / 4;
      const box = await inspected(page);
      expect(box.cx).toBeCloseTo(first.cx + (last.cx - first.cx) * t, 6);
      expect(box.cy).toBeCloseTo(first.cy + (last.cy - first.cy) * t, 6);
      expect(box.cz).toBeCloseTo(z, 6);
      expect(box.yaw).toBeCloseTo(first.yaw + (last.yaw - first.yaw) * t, 6);
      // The fields show the frame's numbers, written into the inputs the frame before had: a step
      // makes no new form controls (Chrome's autofill reads the whole form again on each new one).
      await expect(page.getByTestId('inspector-cx')).toHaveValue(box.cx.toFixed(2));
      await expect(page.getByTestId('inspector-yaw')).toHaveValue(box.yaw.toFixed(1));
      if (frame > 2) expect(await page.getByTestId('inspector-cx').evaluate((e) => (e as HTMLInputElement & { keptFromFrame2?: boolean }).keptFromFrame2)).toBe(true);
      else await page.getByTestId('inspector-cx').evaluate((e) => ((e as HTMLInputElement & { keptFromFrame2?: boolean }).keptFromFrame2 = true));
    }
  };
  await checkInterpolated();

  // From the interpolated box on frame 4 onto the keyframe on frame 5: the track keeps its row,
  // updated in place (a keyframe's row and an interpolated box's row are one element per track).
  await page.getByTestId('object-row').evaluate((e) => ((e as HTMLElement & { keptFromFrame4?: boolean }).keptFromFrame4 = true));
  await page.getByTestId('track-strip').locator('[data-frame-index="4"]').click();
  await atFrame(page, 5);
  await expect(page.getByTestId('object-row')).toHaveAttribute('data-interpolated', 'false');
  expect(await page.getByTestId('object-row').evaluate((e) => (e as HTMLElement & { keptFromFrame4?: boolean }).keptFromFrame4)).toBe(true);

  // A frame with an interpolated box and the strip, looked at.
  await page.getByTestId('track-strip').locator('[data-frame-index="2"]').click();
  await atFrame(page, 3);
  // The box's "interpolated" tag, drawn on the tags' canvas over the 3D view.
  await expect(page.getByTestId('track-labels')).toHaveAttribute('data-tags', '1');
  expect(await tagPixels(page)).toBeGreaterThan(300);
  await page.screenshot({ path: path.join(ARTIFACTS, 'tracks-interpolated.png') });

  // Editing the interpolated box stores a keyframe on frame 3 (no tag); one undo takes it back.
  await setField(page, 'cz', Number((z + 0.5).toFixed(2)));
  await expect(page.getByTestId('inspector-keyframe')).toHaveAttribute('data-interpolated', 'false');
  await expect(page.getByTestId('track-labels')).toHaveAttribute('data-tags', '0');
  expect(await tagPixels(page)).toBe(0);
  expect((await stripStates(page))[2]).toBe('keyframe');
  await press(page, 'Control+Z');
  await expect(page.getByTestId('inspector-keyframe')).toHaveAttribute('data-interpolated', 'true');
  expect(await stripStates(page)).toEqual(expected);
  await expect(page.getByTestId('track-labels')).toHaveAttribute('data-tags', '1');

  // Jumps between the keyframes of the selected track.
  await press(page, 'Shift+Period');
  await atFrame(page, 5);
  await press(page, 'Shift+Comma');
  await atFrame(page, 1);
  await waitSaved(page);

  // Reload: the keyframes come back from the workspace and the frames between interpolate again.
  await page.reload();
  await openApp(page, page.url(), errors);
  await expect(page.getByTestId('object-count')).toHaveText('1');
  await page.getByTestId('object-row').first().click();
  expect(await stripStates(page)).toEqual(expected);
  await checkInterpolated();
  expect(errors, 'page errors').toEqual([]);
});

test('a track over a range: propagate to frame 6 in one step, split at frame 4, merge back, delete from frame 5 on, a spline path; all there after a reload', async ({ page }) => {
  // Five track edits, each checked on several frames: more steps than the default allowance is sized for.
  test.setTimeout(240_000);
  await server?.stop();
  const fixture = writeKittiTrackingFixture(path.join(tmp, 'kitti-tracking-range'));
  const out = path.join(tmp, 'imported-range');
  const workspace = path.join(tmp, 'ws-range');
  let log = '';
  expect(await runImport(['kitti-tracking', fixture.root, '-o', out, '--workspace', workspace], { write: (t: string) => (log += t) }), log).toBe(0);
  server = await startCairn(workspace, { open: out });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openApp(page, server.url, errors);

  await drawBox(page, { x: 0.5, y: 0.55 }, { x: 0.56, y: 0.6 });
  await expect(page.getByTestId('object-count')).toHaveText('1');
  const drawn = await inspected(page);

  // Propagate… to frame 6 as copies: five keyframes in one undo step.
  await page.getByTestId('track-propagate-range').click();
  await page.getByTestId('track-propagate-to').fill('6');
  await page.getByTestId('track-propagate-mode').selectOption('copy');
  await page.getByTestId('track-propagate-go').click();
  await expect(page.getByTestId('track-propagate-form')).toHaveCount(0);
  const six = ['keyframe', 'keyframe', 'keyframe', 'keyframe', 'keyframe', 'keyframe', 'absent', 'absent', 'absent', 'absent'];
  expect(await stripStates(page)).toEqual(six);
  await page.getByTestId('track-strip').locator('[data-frame-index="5"]').click();
  await atFrame(page, 6);
  expect(await inspected(page)).toMatchObject({ cx: drawn.cx, cy: drawn.cy });

  // Split at frame 4: from there on another track; merge it back.
  const original = await page.getByTestId('track-strip').getAttribute('data-track-id');
  await page.getByTestId('track-strip').locator('[data-frame-index="0"]').click();
  await atFrame(page, 1);
  await page.getByTestId('track-strip').locator('[data-frame-index="3"]').click();
  await atFrame(page, 4);
  await page.getByTestId('track-split').click();
  await expect(page.getByTestId('track-strip')).not.toHaveAttribute('data-track-id', original!);
  expect(await stripStates(page)).toEqual(['absent', 'absent', 'absent', 'keyframe', 'keyframe', 'keyframe', 'absent', 'absent', 'absent', 'absent']);
  const second = await page.getByTestId('track-strip').getAttribute('data-track-id');
  await press(page, 'Control+Z');
  await expect(page.getByTestId('track-strip')).toHaveAttribute('data-track-id', original!);
  expect(await stripStates(page)).toEqual(six);
  await press(page, 'Control+Shift+Z');
  await expect(page.getByTestId('track-strip')).toHaveAttribute('data-track-id', second!);
  await page.getByTestId('track-merge').click();
  await expect(page.getByTestId('track-merge-other')).toHaveValue(original!);
  await page.getByTestId('track-merge-go').click();
  await expect(page.getByTestId('track-strip')).toHaveAttribute('data-track-id', second!);
  expect(await stripStates(page)).toEqual(six);

  // Delete from frame 5 on: the track's new last box, on frame 4, is selected; the spline path on.
  await page.getByTestId('track-strip').locator('[data-frame-index="4"]').click();
  await atFrame(page, 5);
  await page.getByTestId('track-delete-from').click();
  await atFrame(page, 4);
  const four = ['keyframe', 'keyframe', 'keyframe', 'keyframe', 'absent', 'absent', 'absent', 'absent', 'absent', 'absent'];
  expect(await stripStates(page)).toEqual(four);
  // Edit range: frames 2–3 move 1 m across in one step; frames 1 and 4 stay.
  await page.getByTestId('track-edit-range').click();
  await page.getByTestId('track-range-from').fill('2');
  await page.getByTestId('track-range-to').fill('3');
  await page.getByTestId('track-range-dy').fill('1');
  await page.getByTestId('track-range-go').click();
  await expect(page.getByTestId('track-range-form')).toHaveCount(0);
  for (const [frame, dy] of [[1, 0], [2, 1], [3, 1], [4, 0]]) {
    await page.getByTestId('track-strip').locator(`[data-frame-index="${frame - 1}"]`).click();
    await atFrame(page, frame);
    expect((await inspected(page)).cy).toBeCloseTo(drawn.cy + dy, 6);
  }
  await page.getByTestId('track-spline').click();
  await expect(page.getByTestId('track-spline')).toHaveAttribute('aria-pressed', 'true');
  await waitSaved(page);

  await page.reload();
  await openApp(page, page.url(), errors);
  await page.getByTestId('object-row').first().click();
  await expect(page.getByTestId('track-strip')).toHaveAttribute('data-track-id', second!);
  expect(await stripStates(page)).toEqual(four);
  await expect(page.getByTestId('track-spline')).toHaveAttribute('aria-pressed', 'true');
  expect(errors, 'page errors').toEqual([]);
});
