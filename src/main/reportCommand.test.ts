import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixtureModel } from '../core/importers/colmap/testing/colmapFixture';
import { writeColmapBinary, writeColmapText } from '../core/importers/colmap/testing/writeColmapModel';
import { runReport, type ReportDocument } from './reportCommand';

const REAL = path.resolve(__dirname, '../../../shared/data/colmap/test_colmap/sparse/0');

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'cairn-report-'));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function writeModel(files: { name: string; bytes: Uint8Array }[], dir = path.join(tmp, 'model')): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const f of files) await writeFile(path.join(dir, f.name), f.bytes);
  return dir;
}

async function run(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await runReport(args, { write: (s: string) => (stderr += s) });
  return { code, stderr };
}

async function report(out: string): Promise<{ doc: ReportDocument; json: string; html: string }> {
  const json = await readFile(path.join(out, 'summary.json'), 'utf8');
  return { doc: JSON.parse(json) as ReportDocument, json, html: await readFile(path.join(out, 'report.html'), 'utf8') };
}

describe('cairn report', () => {
  it('writes summary.json and a self-contained report.html for a binary model', async () => {
    const dir = await writeModel(writeColmapBinary(fixtureModel()));
    const out = path.join(tmp, 'out');
    const { code, stderr } = await run([dir, '-o', out]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/^11 images, 8 points, mean track length 11\.00, mean reprojection error 0\.057 px → /);
    const { doc, json, html } = await report(out);

    expect(Object.keys(doc)).toEqual(['format', 'version', 'source', 'modelFormat', 'layout', 'summary', 'warnings', 'histograms', 'images']);
    expect(Object.keys(doc.summary)).toEqual([
      'cameras', 'cameraModels', 'images', 'registeredImages', 'points3D', 'points2D', 'observations',
      'meanTrackLength', 'meanObservationsPerImage', 'meanReprojectionError', 'meanStoredError', 'unprojectableObservations',
    ]);
    expect(doc).toMatchObject({ format: 'cairn-colmap-report', version: 1, source: dir, modelFormat: 'binary', layout: 'legacy', warnings: [] });
    expect(doc.summary).toMatchObject({ cameras: 11, images: 11, registeredImages: 11, points3D: 8, points2D: 99, observations: 88, meanTrackLength: 11 });
    expect(doc.summary.meanReprojectionError).toBeCloseTo(5 / 11 / 8, 9);
    expect(doc.histograms.trackLength.bins.map((b) => b.count)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0, 0]);
    expect(doc.histograms.reprojectionError.bins.slice(0, 2)).toEqual([
      { from: 0, to: 0.25, count: 7 },
      { from: 0.25, to: 0.5, count: 1 },
    ]);
    expect(doc.images).toHaveLength(11);
    expect(Object.keys(doc.images[0])).toEqual(['imageId', 'name', 'cameraId', 'cameraModel', 'registered', 'points2D', 'triangulated', 'meanError']);
    expect(doc.images[0]).toMatchObject({ imageId: 1, name: 'img_01.jpg', cameraModel: 'SIMPLE_PINHOLE', points2D: 9, triangulated: 8 });
    expect(doc.images[0].meanError).toBeCloseTo(0.625, 9);

    // Self-contained: no scripts, no external resources.
    expect(html).not.toMatch(/<script|<link|@import|url\(|https?:/i);
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).toContain('<tr><th>3D points</th><td class="n">8</td></tr>');
    expect(html).toContain('<tr><th>Mean reprojection error, recomputed</th><td class="n">0.057 px</td></tr>');
    expect(html).toContain('<td>img_11.jpg</td>');
    expect(html).toContain('<td class="n">0.625</td>');
    expect(html).toContain('>10–14</text>');

    // Stable output: a second run writes the same bytes.
    expect((await run([dir, '-o', out])).code).toBe(0);
    expect(await readFile(path.join(out, 'summary.json'), 'utf8')).toBe(json);
  });

  it('reads text models and rig layouts, and escapes names in the HTML', async () => {
    const model = fixtureModel({ rigs: true });
    const images = new Map(model.images);
    images.set(3, { ...images.get(3)!, name: 'a<b>&"c\'.jpg' });
    const dir = await writeModel(writeColmapText({ ...model, images }));
    const out = path.join(tmp, 'out');
    expect((await run([dir, '-o', out])).code).toBe(0);
    const { doc, html } = await report(out);
    expect(doc).toMatchObject({ modelFormat: 'text', layout: 'rigs' });
    expect(html).toContain('a&lt;b&gt;&amp;&quot;c&#39;.jpg');
    expect(html).not.toContain('a<b>');
    expect(html).toContain('with rigs and frames');
  });

  it('exits 2 with the usage on bad arguments', async () => {
    for (const args of [[], ['a', 'b', '-o', 'x'], ['model'], ['model', '--frobnicate', '-o', 'x']]) {
      const { code, stderr } = await run(args);
      expect(code).toBe(2);
      expect(stderr).toMatch(/^cairn report: /);
    }
    expect((await run(['model'])).stderr).toContain('cairn report <sparse model dir> -o <dir>');
  });

  it('exits 1 naming the file when the model is bad, and writes nothing', async () => {
    const files = writeColmapBinary(fixtureModel());
    const cut = files.map((f) => (f.name === 'images.bin' ? { name: f.name, bytes: f.bytes.subarray(0, f.bytes.length - 10) } : f));
    const dir = await writeModel(cut);
    const out = path.join(tmp, 'out');
    const { code, stderr } = await run([dir, '-o', out]);
    expect(code).toBe(1);
    expect(stderr).toContain(`cairn report: ${path.join(dir, 'images.bin')} (byte `);
    expect(stderr).toMatch(/image 11 number of points2D is 9, but .* only 206 are left\n$/);
    expect(existsSync(out)).toBe(false);

    const missing = await run([path.join(tmp, 'nowhere'), '-o', out]);
    expect(missing).toEqual({ code: 1, stderr: `cairn report: ${path.join(tmp, 'nowhere')}: no such folder\n` });

    const empty = await writeModel([], path.join(tmp, 'empty'));
    const none = await run([empty, '-o', out]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/not a COLMAP sparse model.*found: none of them/);
    expect(await readdir(tmp)).not.toContain('out');
  });

  describe.skipIf(!existsSync(REAL))('on the real model in shared/data', () => {
    it('reports sparse/0', async () => {
      const out = path.join(tmp, 'out');
      const { code } = await run([REAL, '-o', out]);
      expect(code).toBe(0);
      const { doc, html } = await report(out);
      expect(doc.summary).toMatchObject({ cameras: 23, cameraModels: { SIMPLE_RADIAL: 23 }, images: 23, points3D: 1443, points2D: 16646, observations: 5931 });
      expect(doc.summary.meanReprojectionError).toBeCloseTo(doc.summary.meanStoredError, 9);
      expect(doc.histograms.trackLength.bins.reduce((s, b) => s + b.count, 0)).toBe(1443);
      expect(html).toContain('<tr><th>3D points</th><td class="n">1,443</td></tr>');
      expect(html).toContain('DSC_5305.jpg');
    });
  });
});
