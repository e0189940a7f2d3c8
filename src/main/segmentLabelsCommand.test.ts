import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { labelWord } from '../core/segmentation/labelWord';
import { encodeLabelFile } from '../core/segmentation/semanticKitti';
import { runSegmentLabels } from './segmentLabelsCommand';
import { Workspace } from './services/workspace/workspace';

const SCENE_FILE = path.join(__dirname, '..', '..', 'resources', 'sample', 'scene.json');
const POINTS = (JSON.parse(readFileSync(SCENE_FILE, 'utf8')) as { frames: { pointClouds: Record<string, { pointCount: number }> }[] }).frames[0].pointClouds.lidar_top.pointCount;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cairn-segment-labels-'));
  Workspace.open(path.join(dir, 'ws')).close();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const status = await runSegmentLabels(args, { write: (s: string) => ((out += s), true) }, { write: (s: string) => ((err += s), true) });
  return { status, out, err };
}

describe('cairn segment-labels', () => {
  it('imports a frame\'s .label file as one patch and exports the same bytes, with points per class', async () => {
    const labels = new Uint32Array(POINTS);
    labels.fill(labelWord(40), 1000, 61_000);
    labels.fill(labelWord(10, 3), 70_000, 70_500);
    mkdirSync(path.join(dir, 'in'));
    writeFileSync(path.join(dir, 'in', '000000.label'), encodeLabelFile(labels));
    const common = ['--workspace', path.join(dir, 'ws'), '--scene-file', SCENE_FILE];

    const imported = await run(['import', ...common, path.join(dir, 'in')]);
    expect(imported.status, imported.err).toBe(0);
    expect(JSON.parse(imported.out).frames).toEqual([expect.objectContaining({ index: 0, points: POINTS, changed: 60_500 })]);
    expect(imported.err).toContain('frame 0: 60,500 points changed');

    const exported = await run(['export', ...common, path.join(dir, 'out')]);
    expect(exported.status, exported.err).toBe(0);
    expect(readFileSync(path.join(dir, 'out', '000000.label'))).toEqual(readFileSync(path.join(dir, 'in', '000000.label')));
    const summary = JSON.parse(readFileSync(path.join(dir, 'out', 'labels.json'), 'utf8'));
    expect(summary.frames[0].counts).toEqual({ '0': POINTS - 60_500, '10': 500, '40': 60_000 });

    // The same file again changes nothing.
    expect(JSON.parse((await run(['import', ...common, path.join(dir, 'in')])).out).frames[0].changed).toBe(0);
  });

  it('names the file whose length does not match its scan, and refuses bad usage', async () => {
    mkdirSync(path.join(dir, 'in'));
    writeFileSync(path.join(dir, 'in', '000001.label'), encodeLabelFile(new Uint32Array(7)));
    const bad = await run(['import', '--workspace', path.join(dir, 'ws'), '--scene-file', SCENE_FILE, path.join(dir, 'in')]);
    expect(bad.status).toBe(1);
    expect(bad.err).toContain(`000001.label: 7 labels for a scan of`);
    expect((await run(['sideways', '--workspace', dir, '--scene-file', SCENE_FILE, dir])).status).toBe(2);
  });
});
