import Ajv from 'ajv';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversionManifest } from '../core/labels/conversionManifest';
import { generatedLabelSet } from '../core/labels/generatedLabels';
import { writeKittiObject, writeKittiTracking } from '../core/labels/kittiWrite';
import { OPENLABEL_1_0_DERIVED_SCHEMA } from '../core/labels/openlabelSchema';
import { parseKittiCalib } from '../core/camera';
import { runConvertLabels, type ConvertLabelsSummary } from './convertLabelsCommand';

const DATA = path.resolve(__dirname, '../../../shared/data/driving');
const KITTI = path.join(DATA, 'kitti_object_vis/training');
const LYFT = path.join(DATA, 'mmdet3d_tests_lyft_v1.01-train_tables');
const CALIB = 'P0: 700 0 600 0 0 700 180 0 0 0 1 0\nP1: 700 0 600 -380 0 700 180 0 0 0 1 0\nP2: 700 0 600 45 0 700 180 0 0 0 1 0\nP3: 700 0 600 -340 0 700 180 0 0 0 1 0\nR0_rect: 1 0 0 0 1 0 0 0 1\nTr_velo_to_cam: 0 -1 0 0 0 0 -1 -0.08 1 0 0 -0.27\n';
const validate = new Ajv({ allErrors: true, strict: false }).compile(OPENLABEL_1_0_DERIVED_SCHEMA);

let work: string;
let fixture: string;

function capture() {
  const lines: string[] = [];
  return { writer: { write: (s: string) => lines.push(s) }, text: () => lines.join('') };
}

async function run(args: string[]) {
  const out = capture();
  const err = capture();
  const code = await runConvertLabels(args, out.writer, err.writer);
  return { code, out: out.text(), err: err.text() };
}

const json = <T>(file: string) => JSON.parse(readFileSync(file, 'utf8')) as T;

beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'cairn-convert-labels-'));
  // A KITTI object split written by the converter itself from generated labels: label_2/ and calib/.
  fixture = path.join(work, 'kitti-fixture', 'training');
  const { files } = writeKittiObject(generatedLabelSet({ seed: 21, frames: 3, tracks: 4, yawOnly: true }), { calib: parseKittiCalib(CALIB, 'calib') });
  for (const f of files) {
    mkdirSync(path.join(fixture, path.dirname(f.path)), { recursive: true });
    writeFileSync(path.join(fixture, f.path), f.text);
  }
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('cairn convert-labels', () => {
  it('KITTI → OpenLABEL → KITTI: a valid document, the manifest beside it, the same label lines back', async () => {
    const ol = await run(['kitti', path.dirname(fixture), 'openlabel', '-o', path.join(work, 'ol')]);
    expect(ol.code, ol.err).toBe(0);
    const summary = JSON.parse(ol.out) as ConvertLabelsSummary;
    expect(summary).toMatchObject({ from: 'kitti', to: 'openlabel', scenes: 1 });
    expect(summary.read).toBe(summary.written);
    const doc = json<unknown>(path.join(work, 'ol', 'openlabel.json'));
    expect(validate(doc) ? [] : validate.errors).toEqual([]);
    expect(json<ConversionManifest>(summary.manifest).format).toBe('cairn-labels-manifest');
    expect(readFileSync(summary.report, 'utf8')).toContain('Every field the source held is in the output');
    expect(ol.err).toContain('read 3 KITTI label files');

    const back = await run(['openlabel', path.join(work, 'ol', 'openlabel.json'), 'kitti', '-o', path.join(work, 'kitti-again')]);
    expect(back.code, back.err).toBe(0);
    for (const stem of ['000000', '000001', '000002']) {
      const lines = (file: string) => readFileSync(file, 'utf8').trim().split('\n').sort();
      expect(lines(path.join(work, 'kitti-again', 'label_2', `${stem}.txt`))).toEqual(lines(path.join(fixture, 'label_2', `${stem}.txt`)));
    }
    const manifest = json<ConversionManifest>(path.join(work, 'kitti-again', 'manifest.json'));
    expect(manifest.lost.map((l) => l.field)).toContain('author');
  });

  it.skipIf(!existsSync(KITTI))('converts the real KITTI sample, its DontCare regions as ignore regions (OpenLABEL bboxes in cam2)', async () => {
    const r = await run(['kitti', path.dirname(KITTI), 'openlabel', '-o', path.join(work, 'real-ol')]);
    expect(r.code, r.err).toBe(0);
    const summary = JSON.parse(r.out) as ConvertLabelsSummary;
    expect(summary.written).toBe(8);
    expect(summary.lost.map((l) => l.field)).not.toContain('DontCare regions');
    const ignored = JSON.stringify(json<unknown>(path.join(work, 'real-ol', 'openlabel.json'))).match(/"name":"cairn:ignore","val":true/g);
    expect(ignored).toHaveLength(4);
    const nu = await run(['openlabel', path.join(work, 'real-ol', 'openlabel.json'), 'nuscenes', '-o', path.join(work, 'real-nu')]);
    expect(nu.code, nu.err).toBe(0);
    expect(json<unknown[]>(path.join(work, 'real-nu', 'sample_annotation.json'))).toHaveLength(4);
  });

  it.skipIf(!existsSync(LYFT))('reads the real nuScenes-schema tables from their folder and writes them again', async () => {
    const r = await run(['nuscenes', LYFT, 'nuscenes', '-o', path.join(work, 'lyft')]);
    expect(r.code, r.err).toBe(0);
    const again = json<{ translation: number[] }[]>(path.join(work, 'lyft', 'sample_annotation.json'));
    const original = json<{ translation: number[] }[]>(path.join(LYFT, 'sample_annotation.json'));
    expect(again.map((a) => a.translation).sort()).toEqual(original.map((a) => a.translation).sort());
  });

  it('KITTI tracking → OpenLABEL → KITTI tracking keeps the sequence\'s lines', async () => {
    const root = path.join(work, 'tracking', 'training');
    const { files } = writeKittiTracking(generatedLabelSet({ seed: 8, frames: 5, tracks: 4, yawOnly: true }), { calib: parseKittiCalib(CALIB, 'calib'), sequence: '0003' });
    for (const f of files) {
      mkdirSync(path.join(root, path.dirname(f.path)), { recursive: true });
      writeFileSync(path.join(root, f.path), f.text);
    }
    const ol = await run(['kitti-tracking', path.dirname(root), 'openlabel', '-o', path.join(work, 'tracking-ol')]);
    expect(ol.code, ol.err).toBe(0);
    const back = await run(['openlabel', path.join(work, 'tracking-ol', 'openlabel.json'), 'kitti', '--tracking', '-o', path.join(work, 'tracking-again')]);
    expect(back.code, back.err).toBe(0);
    const again = readFileSync(path.join(work, 'tracking-again', 'label_02', '0003.txt'), 'utf8');
    const original = readFileSync(path.join(root, 'label_02', '0003.txt'), 'utf8');
    // Track numbers are given anew in order of first appearance; the boxes, frames and grouping are the same.
    const boxes = (text: string) => text.trim().split('\n').map((l) => `${l.split(' ')[0]} ${l.split(' ').slice(2).join(' ')}`).sort();
    expect(boxes(again)).toEqual(boxes(original));
    expect(again.trim().split('\n')).toHaveLength(original.trim().split('\n').length);
  });

  it('names the file on bad input and says what is wrong', async () => {
    const bad = path.join(work, 'bad.json');
    writeFileSync(bad, '{"openlabel": {');
    const r = await run(['openlabel', bad, 'kitti', '-o', path.join(work, 'x')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${bad}: not valid JSON`);

    const broken = path.join(work, 'broken', 'training');
    cpSync(fixture, broken, { recursive: true });
    rmSync(path.join(broken, 'calib', '000001.txt'));
    const m = await run(['kitti', broken, 'openlabel', '-o', path.join(work, 'y')]);
    expect(m.code).toBe(1);
    expect(m.err).toContain(`${path.join(broken, 'calib', '000001.txt')}: no such file`);

    writeFileSync(path.join(broken, 'label_2', '000002.txt'), 'Car 0 0 0 1 2\n');
    rmSync(path.join(broken, 'label_2', '000001.txt'));
    const l = await run(['kitti', broken, 'openlabel', '-o', path.join(work, 'z')]);
    expect(l.code).toBe(1);
    expect(l.err).toContain(`${path.join(broken, 'label_2', '000002.txt')} line 1: expected 15 fields`);
  });

  it('refuses unknown formats and missing arguments with its usage', async () => {
    expect((await run(['pascal', 'x', 'kitti', '-o', 'y'])).code).toBe(2);
    expect((await run(['kitti', 'x', 'openlabel'])).err).toContain('-o <dir>');
  });
});
