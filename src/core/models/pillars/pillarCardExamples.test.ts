import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePillarCard } from './pillarCard';
import { gridShape } from './pillarGrid';

const ROOT = path.resolve(__dirname, '../../../..');

describe('the documented 3D detector card', () => {
  it('resources/models/pointpillars-kitti-openpcdet.card.json is valid, maps to ontology classes and is the one docs/models.md shows', () => {
    const text = readFileSync(path.join(ROOT, 'resources/models/pointpillars-kitti-openpcdet.card.json'), 'utf8');
    const card = parsePillarCard(JSON.parse(text), 'pointpillars-kitti-openpcdet.card.json');
    // OpenPCDet's KITTI grid: 432 columns by 496 rows.
    expect(gridShape(card.pillars)).toEqual({ nx: 432, ny: 496 });
    const ontology = JSON.parse(readFileSync(path.join(ROOT, 'resources/ontology/default.json'), 'utf8')) as { classes: { classId: string }[] };
    for (const classId of Object.values(card.classMap)) expect(ontology.classes.map((c) => c.classId)).toContain(classId);
    const docs = readFileSync(path.join(ROOT, 'docs/models.md'), 'utf8');
    const section = docs.slice(docs.indexOf('### The card (`task: "detect3d"`'));
    const shown = section.slice(section.indexOf('```json\n') + 8, section.indexOf('```', section.indexOf('```json\n') + 8));
    expect(JSON.parse(shown)).toEqual(JSON.parse(text));
  });
});
