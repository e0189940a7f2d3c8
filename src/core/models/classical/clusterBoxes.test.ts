import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSyntheticFrame } from '../../assist/syntheticLidar';
import { cuboidBevIou } from '../../geometry/bevIou';
import { modelProvenanceSchema } from '../provenance';
import { clusterBoxes, type ClusterBox } from './clusterBoxes';
import { clusterBoxesParameters, clusterBoxesProvenance, settingsText } from './clusterBoxesProvenance';

const ontology = JSON.parse(readFileSync(path.resolve(__dirname, '../../../../resources/ontology/default.json'), 'utf8')) as {
  classes: { classId: string; defaultSize: [number, number, number] }[];
};
const classes = ontology.classes.map((c) => ({ classId: c.classId, size: c.defaultSize }));

const matches = (box: ClusterBox, truth: ClusterBox['cuboid']) =>
  cuboidBevIou(box.cuboid, truth) >= 0.5 || Math.hypot(box.cuboid.center[0] - truth.center[0], box.cuboid.center[1] - truth.center[1]) <= 0.5;

describe('clusterBoxes on generated 64-beam sweeps', () => {
  it('boxes at least 90 % of the road users seen with 30 points or more (BEV IoU ≥ 0.5 or centre within 0.5 m), most with their class', () => {
    let objects = 0;
    let found = 0;
    let rightClass = 0;
    for (let seed = 1; seed <= 6; seed++) {
      const frame = makeSyntheticFrame({ seed });
      const seen = new Array<number>(frame.objects.length).fill(0);
      for (const o of frame.objectOf) if (o >= 0) seen[o]++;
      const { boxes, groundPoints } = clusterBoxes(frame.points, 4, { frame: 'lidar', classes });
      // The ground is most of a sweep, and is removed: no box stands on the road alone.
      expect(groundPoints).toBeGreaterThan(0.6 * frame.objectOf.length);
      frame.objects.forEach((object, k) => {
        if (seen[k] < 30) return;
        objects++;
        const box = boxes.find((b) => matches(b, object.cuboid));
        if (!box) return;
        found++;
        if (box.classId === object.classId) rightClass++;
        expect(box.cuboid.frame).toBe('lidar');
        expect(box.fit).toBe('class-size');
      });
    }
    expect(objects).toBeGreaterThan(50);
    expect(found / objects).toBeGreaterThanOrEqual(0.9);
    expect(rightClass / found).toBeGreaterThanOrEqual(0.6);
  }, 60_000);

  it('without classes boxes the seen points, with no class or score', () => {
    const frame = makeSyntheticFrame({ seed: 3, objects: 4 });
    const { boxes } = clusterBoxes(frame.points, 4, { frame: 'velo' });
    expect(boxes.length).toBeGreaterThan(0);
    for (const b of boxes) expect(b).toMatchObject({ classId: null, score: null, fit: 'visible-points' });
  });
});

describe('clusterBoxes edge cases', () => {
  it('an empty cloud, one point, and a cloud of only ground give no box', () => {
    expect(clusterBoxes(new Float32Array(0), 3, { frame: 'f', classes }).boxes).toEqual([]);
    expect(clusterBoxes(Float32Array.of(5, 1, -1.7), 3, { frame: 'f', classes }).boxes).toEqual([]);
    const ground: number[] = [];
    for (let x = -20; x <= 20; x += 0.25) for (let y = -20; y <= 20; y += 0.25) ground.push(x, y, -1.7 + 0.01 * Math.sin(7 * x + 3 * y));
    const result = clusterBoxes(Float32Array.from(ground), 3, { frame: 'f', classes });
    expect(result.boxes).toEqual([]);
    expect(result.groundPoints).toBe(ground.length / 3);
  });

  it('drops a cluster of too few points, a long wall and a low kerb, and says so', () => {
    const pts: number[] = [];
    for (let x = -20; x <= 20; x += 0.3) for (let y = -20; y <= 20; y += 0.3) pts.push(x, y, -1.7);
    for (let k = 0; k < 3; k++) pts.push(8, 8, -1 + 0.1 * k); // three points standing up
    for (let x = -18; x <= 18; x += 0.1) for (let z = -1.6; z <= 0.5; z += 0.1) pts.push(x, 15, z); // a 36 m wall
    for (let x = 0; x <= 3; x += 0.05) for (let y = -10; y <= -9.8; y += 0.05) pts.push(x, y, -1.35); // a kerb 0.35 m high
    const { boxes, dropped } = clusterBoxes(Float32Array.from(pts), 3, { frame: 'f', classes });
    expect(boxes).toEqual([]);
    expect(dropped).toMatchObject({ 'too-few-points': 1, 'too-long': 1, 'too-low': 1 });
  });

  it('skips points that are not finite', () => {
    const frame = makeSyntheticFrame({ seed: 5, objects: 3 });
    const points = frame.points.slice();
    for (let i = 0; i < points.length; i += 40) points[i + 2] = NaN;
    expect(() => clusterBoxes(points, 4, { frame: 'lidar', classes })).not.toThrow();
  });
});

describe('cluster-boxes provenance', () => {
  it('has the shape model proposals carry, with every setting, and names equal settings by equal text', () => {
    const provenance = clusterBoxesProvenance({ classes, minPoints: 12 }, { sha256: 'a'.repeat(64), runtimeVersion: '0.1.0', at: '2026-12-06T13:00:00Z' });
    expect(modelProvenanceSchema.parse(provenance)).toMatchObject({
      generator: 'cluster-boxes',
      model: { name: 'cluster-boxes', version: '1' },
      parameters: { minPoints: 12, neighbourDistance: 0.4, groundClearance: 0.2, sensor: '0,0,0' },
    });
    expect(String(provenance.parameters.classes)).toContain('car:4.5x1.9x1.6');
    expect(settingsText(clusterBoxesParameters({ minPoints: 12 }))).toBe(settingsText(clusterBoxesParameters({ minPoints: 12, maxLength: undefined })));
    expect(settingsText(clusterBoxesParameters({ minPoints: 12 }))).not.toBe(settingsText(clusterBoxesParameters({ minPoints: 13 })));
  });
});
