import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CuboidAnnotation } from '../annotations/cuboid/schema';
import { canonicalJson } from '../model/annotation';
import { lostCount } from './conversionManifest';
import { generatedLabelSet } from './generatedLabels';
import { readNuScenes } from './nuscenesRead';
import { writeNuScenes } from './nuscenesWrite';
import { readOpenLabel } from './openlabelRead';
import { writeOpenLabel } from './openlabelWrite';

const LYFT = path.resolve(__dirname, '../../../../shared/data/driving/mmdet3d_tests_lyft_v1.01-train_tables');
const json = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** Equal records, their boxes to 1e-9 (a pose applied and undone rounds in the last bits). */
function expectSameRecords(actual: readonly CuboidAnnotation[], expected: readonly CuboidAnnotation[]): void {
  const strip = (r: CuboidAnnotation) => canonicalJson({ ...r, cuboid: { frame: r.cuboid.frame, size: r.cuboid.size } });
  const byId = (xs: readonly CuboidAnnotation[]) => [...xs].sort((a, b) => (a.objectId < b.objectId ? -1 : 1));
  const a = byId(actual);
  const e = byId(expected);
  expect(a.map(strip)).toEqual(e.map(strip));
  a.forEach((r, i) => {
    for (let k = 0; k < 3; k++) expect(Math.abs(r.cuboid.center[k] - e[i].cuboid.center[k])).toBeLessThan(1e-9);
    const dot = r.cuboid.rotation.reduce((s, q, k) => s + q * e[i].cuboid.rotation[k], 0);
    expect(1 - Math.abs(dot)).toBeLessThan(1e-12);
  });
}

describe('nuScenes tables', () => {
  it('canonical → nuScenes → canonical keeps ids, tracks, classes, string and flag attributes and boxes (through each frame\'s pose)', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const generated = generatedLabelSet({ seed, frames: 5, tracks: 6, poses: true });
      // nuScenes holds no author, times or ontology version, and only string / true attributes.
      const set = {
        ...generated,
        records: generated.records.map((r) => ({ ...r, author: 'nuscenes import', createdAt: 0, updatedAt: 0, ontologyVersion: 1, attributes: Object.fromEntries(Object.entries(r.attributes).filter(([, v]) => typeof v === 'string' || v === true)) })),
      };
      const { tables, manifest } = writeNuScenes(set);
      const back = readNuScenes(json(tables), { source: 'out', frames: set.frames, boxFrame: 'velodyne' });
      expect(back.manifest.lost).toEqual([]);
      expectSameRecords(back.set.records, set.records);
      expect(manifest.lost.map((l) => l.field).sort()).toEqual(['author', 'createdAt', 'ontologyVersion', 'updatedAt']);
    }
  });

  it('lists numeric and false attributes, and boxes without a pose, in the manifest', () => {
    const set = generatedLabelSet({ seed: 5, frames: 3, tracks: 6 });
    const { manifest } = writeNuScenes(set);
    expect(lostCount(manifest, 'attributes.occluded')).toBe(set.records.filter((r) => typeof r.attributes.occluded === 'number').length);
    expect(lostCount(manifest, 'attributes.parked')).toBe(set.records.filter((r) => r.attributes.parked === false).length);
    expect(lostCount(manifest, 'pose')).toBe(set.records.length);
  });

  it.skipIf(!existsSync(LYFT))('the real (Lyft, nuScenes-schema) tables read, convert to OpenLABEL and back, and write the same boxes again', () => {
    const tables = Object.fromEntries(readdirSync(LYFT).filter((n) => n.endsWith('.json')).map((n) => [n.slice(0, -5), JSON.parse(readFileSync(path.join(LYFT, n), 'utf8')) as unknown[]]));
    const { set, manifest } = readNuScenes(tables, { source: LYFT });
    expect(set.records).toHaveLength(tables.sample_annotation.length);
    expect(manifest.lost).toEqual([]);
    const ol = writeOpenLabel(set);
    const back = readOpenLabel(json(ol.document), { source: 'lyft.openlabel.json' });
    expect(back.set.records.map(canonicalJson).sort()).toEqual(set.records.map(canonicalJson).sort());
    const again = writeNuScenes(back.set).tables.sample_annotation as Record<string, unknown>[];
    const original = tables.sample_annotation as Record<string, unknown>[];
    const byInstance = (rows: Record<string, unknown>[]) => new Map(rows.map((r) => [String(r.instance_token), r]));
    const first = byInstance(original);
    for (const row of again) {
      const source = [...first.values()].find((o) => canonicalJson(o.translation) === canonicalJson(row.translation))!;
      expect(source, 'a written box is at a source box\'s centre').toBeDefined();
      expect(row.size).toEqual(source.size);
      // Cairn keeps unit quaternions, so a file's rotation comes back normalised (to its last bits).
      (row.rotation as number[]).forEach((q, k) => expect(Math.abs(q - (source.rotation as number[])[k])).toBeLessThan(1e-12));
    }
  });
});
