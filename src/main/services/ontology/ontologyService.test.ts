import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnnotationRecord } from '../../../core/model/annotation';
import { parseOntology, type Ontology } from '../../../core/ontology/schema';
import { testOntology, testRecord } from '../../../core/ontology/testOntology';
import type { AnnotationRepository } from '../workspace/annotationRepository';
import { Workspace } from '../workspace/workspace';
import { InvalidPublishError, MIGRATION_CHANGES_PER_OPERATION, OntologyService } from './ontologyService';

let root: string;
let ws: Workspace;
const v1 = testOntology();
const SCENE_B = '20000000-0000-4000-8000-00000000000b';

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'cairn-ontology-'));
  ws = Workspace.open(root);
});
afterEach(() => {
  ws.close();
  rmSync(root, { recursive: true, force: true });
});

function seed(records: AnnotationRecord[]): void {
  for (const r of records) {
    ws.annotations.apply({ opId: crypto.randomUUID(), sceneId: r.sceneId, author: 'ann', at: 1, label: 'create cuboid', changes: [{ objectId: r.objectId, before: null, after: r }] });
  }
}

/** Version 2 of the test ontology: truck renamed lorry. */
function renamed(from: Ontology = v1): Ontology {
  const body = JSON.parse(JSON.stringify(from));
  body.classes.find((c: { classId: string }) => c.classId === 'truck').classId = 'lorry';
  return parseOntology({ ...body, version: from.version + 1 });
}
const renameStep = { fromVersion: 1, steps: [{ op: 'renameClass' as const, from: 'truck', to: 'lorry' }] };

describe('OntologyService', () => {
  it('seeds a new workspace with the shipped version once, and keeps what the workspace holds after that', () => {
    const service = new OntologyService(ws.ontologies, ws.annotations, v1, () => 5);
    expect(service.current()).toEqual(v1);
    const shippedLater = parseOntology({ ...JSON.parse(JSON.stringify(v1)), name: 'Renamed in a later build' });
    const again = new OntologyService(ws.ontologies, ws.annotations, shippedLater);
    expect(again.current().name).toBe('Test');
    expect(again.versions().map((v) => [v.ontology.version, v.createdAt, v.migration])).toEqual([[1, 5, null]]);
  });

  it('publishes a version: every record of every scene migrated through the operation log, flagged ones listed, kept across a reopen', () => {
    const truck = testRecord('truck');
    const car = testRecord('car'); // no occlusion, which car requires
    const other = testRecord('truck', {}, { sceneId: SCENE_B });
    seed([truck, car, other]);
    const service = new OntologyService(ws.ontologies, ws.annotations, v1, () => 1_900_000_000_000);
    const result = service.publish({ ontology: renamed(), migration: renameStep }, 'lead');

    expect(result.version).toBe(2);
    expect(result.migrated).toBe(3);
    expect(result.flagged).toEqual([{ objectId: car.objectId, sceneId: car.sceneId, reason: 'v2: Occlusion is required' }]);
    expect(result.operations.map(({ op }) => [op.sceneId, op.label, op.author, op.changes.length]).sort()).toEqual(
      [
        [truck.sceneId, 'Migrate to ontology version 2', 'lead', 2],
        [SCENE_B, 'Migrate to ontology version 2', 'lead', 1],
      ].sort(),
    );
    expect(ws.annotations.get(truck.objectId)).toMatchObject({ classId: 'lorry', ontologyVersion: 2 });
    expect(ws.annotations.get(other.objectId)).toMatchObject({ classId: 'lorry', ontologyVersion: 2 });
    expect(ws.annotations.get(car.objectId)).toMatchObject({ classId: 'car', ontologyVersion: 2 });
    // The log replays to the working copy: the migration is an ordinary operation.
    expect(ws.annotations.rebuildFromLog(truck.sceneId)).toEqual(ws.annotations.listScene(truck.sceneId));

    ws.close();
    ws = Workspace.open(root);
    const reopened = new OntologyService(ws.ontologies, ws.annotations, v1);
    expect(reopened.current().version).toBe(2);
    expect(reopened.get(1)).toEqual(v1);
    expect(reopened.versions()[1].migration).toEqual(renameStep);
  });

  it('splits a large scene into operations of bounded size', () => {
    const many = Array.from({ length: MIGRATION_CHANGES_PER_OPERATION + 1 }, () => testRecord('pedestrian'));
    ws.annotations.apply({ opId: crypto.randomUUID(), sceneId: many[0].sceneId, author: 'ann', at: 1, label: 'bulk', changes: many.map((r) => ({ objectId: r.objectId, before: null, after: r })) });
    const result = new OntologyService(ws.ontologies, ws.annotations, v1).publish({ ontology: renamed(), migration: renameStep }, 'lead');
    expect(result.operations.map(({ op }) => op.changes.length)).toEqual([MIGRATION_CHANGES_PER_OPERATION, 1]);
  });

  it('a dry run reports what would migrate and writes nothing', () => {
    const truck = testRecord('truck');
    seed([truck]);
    const service = new OntologyService(ws.ontologies, ws.annotations, v1);
    const head = ws.annotations.headSeq();
    expect(service.publish({ ontology: renamed(), migration: renameStep, dryRun: true }, 'lead')).toMatchObject({ version: 2, migrated: 1, flagged: [], operations: [] });
    expect(ws.annotations.headSeq()).toBe(head);
    expect(ws.annotations.get(truck.objectId)).toEqual(truck);
    expect(service.current().version).toBe(1);
  });

  it('refuses a version its migration does not reach, naming the problem, and writes nothing', () => {
    const service = new OntologyService(ws.ontologies, ws.annotations, v1);
    expect(() => service.publish({ ontology: renamed(), migration: { fromVersion: 1, steps: [] } }, 'lead')).toThrow(InvalidPublishError);
    expect(() => service.publish({ ontology: renamed(), migration: { fromVersion: 1, steps: [] } }, 'lead')).toThrow(
      'migration.steps: class "truck" of version 1 has no place in version 2: rename, merge or split it',
    );
    expect(service.versions()).toHaveLength(1);
  });

  it('stores neither the version nor any migrated record when a write fails part way', () => {
    const a = testRecord('truck');
    const b = testRecord('truck', {}, { sceneId: SCENE_B });
    seed([a, b]);
    let calls = 0;
    const failing = new Proxy(ws.annotations, {
      get(target, key) {
        if (key === 'apply') {
          return (op: Parameters<AnnotationRepository['apply']>[0]) => {
            if (++calls === 2) throw new Error('disk full');
            return target.apply(op);
          };
        }
        const value = Reflect.get(target, key) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const service = new OntologyService(ws.ontologies, failing, v1);
    expect(() => service.publish({ ontology: renamed(), migration: renameStep }, 'lead')).toThrow('disk full');
    expect(ws.annotations.get(a.objectId)).toEqual(a);
    expect(ws.annotations.get(b.objectId)).toEqual(b);
    expect(new OntologyService(ws.ontologies, ws.annotations, v1).current().version).toBe(1);
  });

  it('flags, and leaves as it was, a record of a version the workspace never held', () => {
    const stray = testRecord('truck', {}, { ontologyVersion: 7 });
    seed([stray]);
    const result = new OntologyService(ws.ontologies, ws.annotations, v1).publish({ ontology: renamed(), migration: renameStep }, 'lead');
    expect(result.flagged).toEqual([{ objectId: stray.objectId, sceneId: stray.sceneId, reason: 'made under ontology version 7, which this workspace does not hold; left as it was' }]);
    expect(ws.annotations.get(stray.objectId)).toEqual(stray);
  });

  it('chains: records of version 1 reach version 3 through both migrations', () => {
    const truck = testRecord('truck');
    seed([truck]);
    const service = new OntologyService(ws.ontologies, ws.annotations, v1);
    const v2 = renamed();
    service.publish({ ontology: v2, migration: renameStep }, 'lead');
    const body = JSON.parse(JSON.stringify(v2));
    body.classes.find((c: { classId: string }) => c.classId === 'lorry').classId = 'heavy_goods';
    service.publish({ ontology: parseOntology({ ...body, version: 3 }), migration: { fromVersion: 2, steps: [{ op: 'renameClass', from: 'lorry', to: 'heavy_goods' }] } }, 'lead');
    expect(ws.annotations.get(truck.objectId)).toMatchObject({ classId: 'heavy_goods', ontologyVersion: 3 });
    expect(service.versions().map((v) => v.ontology.version)).toEqual([1, 2, 3]);
  });
});
