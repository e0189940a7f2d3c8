import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Box2dAnnotation } from '../core/annotations/box2d/schema';
import type { CuboidAnnotation } from '../core/annotations/cuboid/schema';
import { projectCuboidBox } from '../core/camera/projectCuboidBox';
import type { CheckReport } from '../core/plausibility/types';
import { sceneCameraRigs } from '../core/scene/cameraRigs';
import { parseSceneManifest, type SceneManifestInput } from '../core/scene/manifest';
import { Workspace } from './services/workspace/workspace';
import { runLint } from './lintCommand';
import { runCommand } from './testing/runCommand';

const SAMPLE = path.resolve(__dirname, '../../resources/sample');
const dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface ChecksDocument {
  readonly format: string;
  readonly scenes: readonly { readonly scene: string; readonly report: CheckReport }[];
}

const readChecks = (out: string) => JSON.parse(readFileSync(path.join(out, 'lint.json'), 'utf8')) as ChecksDocument;

describe('cairn lint', () => {
  it.each([
    [[], /give one scene manifest/],
    [[SAMPLE], /give the output folder with -o/],
    [[SAMPLE, '-o', dir, '--rules', 'overlap,bogus'], /unknown rule "bogus"; there is track-size/],
  ])('%j exits 2 and says what is wrong', async (args, message) => {
    const { code, err } = await runCommand(runLint, args);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  it('names a folder that holds no scene and a manifest that is not JSON (exit 1)', async () => {
    const none = await runCommand(runLint, [dir, '-o', path.join(dir, 'none')]);
    expect(none.code).toBe(1);
    expect(none.err).toContain(`${dir}: neither a scene manifest nor a dataset folder`);
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{"format": "cairn.scene"');
    const notJson = await runCommand(runLint, [bad, '-o', path.join(dir, 'none')]);
    expect(notJson.code).toBe(1);
    expect(notJson.err).toContain(`${bad}: not JSON`);
  });

  it('finds the label errors put into the sample scene’s ground truth, and nothing of their kinds before', async () => {
    const clean = path.join(dir, 'clean');
    const before = await runCommand(runLint, [SAMPLE, '-o', clean, '--rules', 'below-ground,floating,overlap']);
    expect(before.code).toBe(0);
    expect(before.err).toContain('checked 4/4 frames');
    const baseline = readChecks(clean).scenes[0].report;
    expect(baseline.boxes).toBe(101);
    expect(baseline.rules).toEqual(['below-ground', 'floating', 'overlap']);
    expect(baseline.findings).toEqual([]);
    expect(baseline.notChecked).toEqual([]);

    // Three errors in frame 0's ground truth, among boxes the scan sees well: one car sunk by a metre,
    // one lifted by a metre and a half, one labelled twice half a metre apart.
    const manifest = JSON.parse(readFileSync(path.join(SAMPLE, 'scene.json'), 'utf8')) as SceneManifestInput & { groundTruth: NonNullable<SceneManifestInput['groundTruth']> };
    const frame0 = manifest.frames![0].frameId;
    const near = manifest.groundTruth.filter((g) => g.frameId === frame0 && g.classId === 'car' && Math.hypot(g.cuboid.center[0], g.cuboid.center[1]) < 25);
    expect(near.length).toBeGreaterThanOrEqual(3);
    const [sunk, lifted, doubled] = near;
    sunk.cuboid.center = [sunk.cuboid.center[0], sunk.cuboid.center[1], sunk.cuboid.center[2] - 1];
    lifted.cuboid.center = [lifted.cuboid.center[0], lifted.cuboid.center[1], lifted.cuboid.center[2] + 1.5];
    const twin = { ...doubled, objectId: '0d0d0d0d-0000-4000-8000-000000000001', trackId: undefined, cuboid: { ...doubled.cuboid, center: [doubled.cuboid.center[0] + 0.5, doubled.cuboid.center[1], doubled.cuboid.center[2]] as [number, number, number] } };
    manifest.groundTruth.push(twin);
    const scene = path.join(dir, 'scene.json');
    writeFileSync(scene, JSON.stringify({ ...manifest, dataRoot: SAMPLE }));

    const outDir = path.join(dir, 'out');
    const { code, out, err } = await runCommand(runLint, [scene, '-o', outDir]);
    expect(code).toBe(3);
    expect(err).toContain(`finding(s) of severity error (see ${path.join(outDir, 'lint.json')})`);
    expect(JSON.parse(out)).toMatchObject({ scenes: 1, json: path.join(outDir, 'lint.json') });
    const report = readChecks(outDir).scenes[0].report;
    const found = (rule: string) => report.findings.filter((f) => f.rule === rule);
    expect(found('below-ground').map((f) => f.objectId)).toEqual([sunk.objectId]);
    expect(found('below-ground')[0].value).toBeGreaterThan(0.8);
    expect(found('floating').map((f) => f.objectId)).toEqual([lifted.objectId]);
    expect(found('overlap').map((f) => [f.objectId, f.otherObjectId].sort())).toEqual([[doubled.objectId, twin.objectId].sort()]);
    // Ground truth carries the dataset's attributes: the ontology's required ones are not asked of it.
    expect(report.rules).not.toContain('required-attribute');
    expect(found('below-ground')[0].severity).toBe('error');
    expect(found('floating')[0].severity).toBe('warning');
    const html = readFileSync(path.join(outDir, 'lint.html'), 'utf8');
    expect(html).toContain('Plausibility checks: scene.json');
    expect(html).toContain('below-ground');
    expect(html).not.toMatch(/<(link|img)[^>]+(src|href)="http/);
  });

  it('compares a workspace’s drawn 2D boxes with the projection of their linked 3D box in the sample’s camera', async () => {
    const manifest = parseSceneManifest(JSON.parse(readFileSync(path.join(SAMPLE, 'scene.json'), 'utf8')), 'sample');
    const frame = manifest.frames[0];
    const rigs = sceneCameraRigs(manifest);
    const cam = rigs(frame.frameId).find((r) => r.cameraId === 'cam_front')!;
    // A car of the ground truth that the front camera sees whole.
    const seen = manifest.groundTruth.find((g) => {
      if (g.frameId !== frame.frameId || g.classId !== 'car') return false;
      const b = projectCuboidBox(g.cuboid, cam.cameraFrom(g.cuboid.frame)!, cam.model, cam.width, cam.height);
      return b !== null && b.x0 > 0 && b.x1 < cam.width - 1 && b.y0 > 0 && b.y1 < cam.height - 1 && b.x1 - b.x0 > 30;
    })!;
    expect(seen).toBeDefined();
    const projected = projectCuboidBox(seen.cuboid, cam.cameraFrom(seen.cuboid.frame)!, cam.model, cam.width, cam.height)!;
    const id = (n: number) => `7a000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const base = { sceneId: manifest.sceneId, frameId: frame.frameId, classId: 'car', ontologyVersion: 1, attributes: { occlusion: 'none' }, author: 'ann', createdAt: 1, updatedAt: 1 };
    const cuboid: CuboidAnnotation = { ...base, kind: 'cuboid', objectId: id(1), trackId: id(2), cuboid: seen.cuboid };
    const w = projected.x1 - projected.x0;
    const box = (n: number, dx: number): Box2dAnnotation => ({ ...base, kind: 'box2d', objectId: id(n), trackId: id(n + 10), cameraId: 'cam_front', linkedTrackId: cuboid.trackId, box: { ...projected, x0: projected.x0 + dx, x1: projected.x1 + dx } });
    // On the projection; shifted by its own width (IoU 0).
    const on = box(3, 0);
    const off = box(4, w);
    const ws = path.join(dir, 'ws-2d');
    const workspace = Workspace.open(ws);
    workspace.annotations.apply({ opId: id(9), sceneId: manifest.sceneId, author: 'ann', at: 1, label: 'draw', changes: [cuboid, on, off].map((r) => ({ objectId: r.objectId, before: null, after: r })) });
    workspace.close();

    const outDir = path.join(dir, 'out-2d');
    const { code, err } = await runCommand(runLint, [SAMPLE, '--workspace', ws, '--rules', 'box2d-projection', '-o', outDir]);
    expect(err).not.toContain('cairn lint:');
    expect(code).toBe(0);
    const report = readChecks(outDir).scenes[0].report;
    expect(report.findings.map((f) => [f.rule, f.objectId, f.otherObjectId, f.severity, f.value])).toEqual([['box2d-projection', off.objectId, cuboid.objectId, 'warning', 0]]);
    expect(report.notChecked).toEqual([]);
  });
});
