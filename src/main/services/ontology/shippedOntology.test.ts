import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testRecord } from '../../../core/ontology/testOntology';
import { Workspace } from '../workspace/workspace';
import { loadOntology, loadShippedOntology, OntologyService } from './ontologyService';

const SHIPPED = resolve(__dirname, '../../../../resources/ontology');
const sizeOf = (ontology: { classes: readonly { classId: string; defaultSize: readonly number[] }[] }, classId: string) =>
  ontology.classes.find((c) => c.classId === classId)!.defaultSize;

let root: string;
let ws: Workspace;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'cairn-shipped-ontology-'));
  ws = Workspace.open(join(root, 'ws'));
});
afterEach(() => {
  ws.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the shipped default ontology', () => {
  it('is version 2, the motorbike at nuScenes’ mean size, after a version 1 that a migration with no steps leads from', () => {
    const chain = loadShippedOntology(SHIPPED);
    expect(chain.map((v) => v.ontology.version)).toEqual([1, 2]);
    expect(chain.map((v) => v.migration)).toEqual([null, { fromVersion: 1, steps: [] }]);
    expect(sizeOf(chain[0].ontology, 'motorcycle')).toEqual([2.2, 0.9, 1.5]);
    expect(sizeOf(chain[1].ontology, 'motorcycle')).toEqual([2.1, 0.76, 1.44]);
    const { $schema: _schema, ...current } = loadOntology(join(SHIPPED, 'default.json'));
    expect(chain[1].ontology).toMatchObject(current);
    // Nothing else changed between the two: a record made under version 1 needs no step.
    const strip = (o: typeof current) => JSON.stringify({ ...o, $schema: undefined, version: 0, classes: o.classes.filter((c) => c.classId !== 'motorcycle') });
    expect(strip(chain[0].ontology)).toBe(strip(chain[1].ontology));
  });

  it('seeds a new workspace with every version, so a record made under version 1 elsewhere migrates on the next publish', () => {
    const service = new OntologyService(ws.ontologies, ws.annotations, loadShippedOntology(SHIPPED), () => 7);
    expect(service.versions().map((v) => [v.ontology.version, v.createdAt])).toEqual([[1, 7], [2, 7]]);
    expect(service.current().version).toBe(2);
    const car = testRecord('traffic_cone', {}, { ontologyVersion: 1 });
    ws.annotations.apply({ opId: crypto.randomUUID(), sceneId: car.sceneId, author: 'elsewhere', at: 1, label: 'create cuboid', changes: [{ objectId: car.objectId, before: null, after: car }] });
    const next = { ...service.current(), version: 3, name: 'Driving scenes, renamed' };
    const result = service.publish({ ontology: next, migration: { fromVersion: 2, steps: [] } }, 'lead');
    expect(result.flagged).toEqual([]);
    expect(ws.annotations.get(car.objectId)).toMatchObject({ classId: 'traffic_cone', ontologyVersion: 3 });
  });

  it('leaves a workspace seeded by an earlier build at the version it holds', () => {
    const [v1] = loadShippedOntology(SHIPPED);
    new OntologyService(ws.ontologies, ws.annotations, v1.ontology).current();
    const reopened = new OntologyService(ws.ontologies, ws.annotations, loadShippedOntology(SHIPPED));
    expect(reopened.versions().map((v) => v.ontology.version)).toEqual([1]);
    expect(sizeOf(reopened.current(), 'motorcycle')).toEqual([2.2, 0.9, 1.5]);
  });

  it('names the history file and the step of a chain that a publish would refuse', () => {
    const dir = join(root, 'resources');
    cpSync(SHIPPED, dir, { recursive: true });
    const file = join(dir, 'default.history.json');
    const history = JSON.parse(readFileSync(file, 'utf8'));
    history.migration = { fromVersion: 1, steps: [{ op: 'renameClass', from: 'lorry', to: 'truck' }] };
    writeFileSync(file, JSON.stringify(history));
    expect(() => loadShippedOntology(dir)).toThrow(`${file}: from version 1 to 2: migration.steps.0.from: no class "lorry"`);
    writeFileSync(file, '{"versions": [');
    expect(() => loadShippedOntology(dir)).toThrow(`${file}: the ontology history`);
    writeFileSync(file, JSON.stringify({ ...history, versions: [] }));
    expect(() => loadShippedOntology(dir)).toThrow(`${file}: invalid ontology history at versions`);
  });

  it('is the shipped file alone where there is no history beside it', () => {
    const dir = join(root, 'alone');
    cpSync(SHIPPED, dir, { recursive: true });
    rmSync(join(dir, 'default.history.json'));
    expect(loadShippedOntology(dir).map((v) => [v.ontology.version, v.migration])).toEqual([[2, null]]);
  });
});
