import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CuboidAnnotation } from '../../core/model/annotation';
import { ContractError } from '../../shared/contract';
import { createAppServices, type AppServices } from '../services/appServices';
import { FIXTURE_SCENE_ID, fixtureCuboidRecord, makeFixtureResources, SHIPPED_ONTOLOGY_VERSION } from '../testing/fixtureResources';
import { createDispatcher, serializeError, type Dispatch } from './dispatcher';

let services: AppServices;
let dispatch: Dispatch;
const logged: string[] = [];
const dirs: string[] = [];

beforeAll(() => {
  const fixture = makeFixtureResources();
  const workspaceDir = mkdtempSync(path.join(os.tmpdir(), 'cairn-dispatch-'));
  dirs.push(fixture.dir, workspaceDir);
  services = createAppServices({ workspaceDir, resourcesDir: fixture.dir, shell: 'web', user: 'tester', version: '0.0.0' });
  dispatch = createDispatcher(services.handlers, (m) => logged.push(m));
});

afterAll(() => {
  services.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const ctx = { transport: 'test' } as const;
/** A line of a stack trace: `at fn (file.ts:12:5)`; a client is never sent one. */
const STACK_FRAME = /\n|\bat .*:\d+:\d+/;

function record(over: Record<string, unknown> = {}, cuboid: Record<string, unknown> = {}): CuboidAnnotation {
  const base = fixtureCuboidRecord(randomUUID());
  return { ...base, cuboid: { ...base.cuboid, ...cuboid }, ...over } as CuboidAnnotation;
}

function createOp(after: CuboidAnnotation, over: Record<string, unknown> = {}) {
  return { opId: randomUUID(), sceneId: FIXTURE_SCENE_ID, author: 'tester', at: 1, label: 'create cuboid', changes: [{ objectId: after.objectId, before: null, after }], ...over };
}

async function refusal(input: unknown): Promise<ContractError> {
  const e = await dispatch('annotations.apply', input, ctx).then(
    () => undefined,
    (x: unknown) => x,
  );
  if (!(e instanceof ContractError)) throw new Error(`expected a ContractError, got ${e === undefined ? 'success' : String(e)}`);
  return e;
}

const sceneRecords = () => services.workspace.annotations.listScene(FIXTURE_SCENE_ID).length;

describe('annotations.apply refuses what it must not store, naming the field', () => {
  const cases: Array<[string, () => unknown, string]> = [
    ['a non-unit quaternion', () => ({ clientId: 'c', op: createOp(record({}, { rotation: [0, 0, 0, 2] })) }), 'op.changes.0.after.cuboid.rotation: must be a unit quaternion'],
    ['an edge under 0.01 m', () => ({ clientId: 'c', op: createOp(record({}, { size: [4, 0.001, 1] })) }), 'op.changes.0.after.cuboid.size.1: must be at least 0.01 m'],
    ['a size of 1e308', () => ({ clientId: 'c', op: createOp(record({}, { size: [1e308, 1e308, 1e308] })) }), 'op.changes.0.after.cuboid.size.0: must be at most 1000 m'],
    ['a centre beyond 1e7 m', () => ({ clientId: 'c', op: createOp(record({}, { center: [0, 0, -3e7] })) }), 'op.changes.0.after.cuboid.center.2: must be within ±10000000 m'],
    ['an unknown key in a record', () => ({ clientId: 'c', op: createOp({ ...record(), colour: 'red' } as CuboidAnnotation) }), 'op.changes.0.after.colour: unknown field'],
    ['an unknown key in a cuboid', () => ({ clientId: 'c', op: createOp(record({}, { skew: 0 })) }), 'op.changes.0.after.cuboid.skew: unknown field'],
    ['an unknown key in the operation', () => ({ clientId: 'c', op: createOp(record(), { priority: 1 }) }), 'op.priority: unknown field'],
    ['an unknown key beside the operation', () => ({ clientId: 'c', op: createOp(record()), sudo: true }), 'sudo: unknown field'],
    ['a frameId not in the scene', () => ({ clientId: 'c', op: createOp(record({ frameId: FIXTURE_SCENE_ID })) }), `op.changes.0.after.frameId: no frame ${FIXTURE_SCENE_ID} in scene ${FIXTURE_SCENE_ID}`],
    ['a classId not in the ontology', () => ({ clientId: 'c', op: createOp(record({ classId: 'unicorn' })) }), 'op.changes.0.after.classId: no class "unicorn" in ontology'],
    ['an ontology version the host does not serve', () => ({ clientId: 'c', op: createOp(record({ ontologyVersion: 7 })) }), `op.changes.0.after.ontologyVersion: is 7, but records are made under version ${SHIPPED_ONTOLOGY_VERSION} of ontology`],
    ['an empty attribute key', () => ({ clientId: 'c', op: createOp(record({ attributes: { '': 'x' } })) }), 'op.changes.0.after.attributes: key "" must not be empty'],
    ['a NUL in a frame name', () => ({ clientId: 'c', op: createOp(record({}, { frame: 'lidar_top\0' })) }), 'op.changes.0.after.cuboid.frame: must not contain a NUL character'],
    ['a lone surrogate in an attribute', () => ({ clientId: 'c', op: createOp(record({ attributes: { note: 'a\ud800b' } })) }), 'op.changes.0.after.attributes.note: must be valid Unicode'],
    ['a lone surrogate in the label', () => ({ clientId: 'c', op: createOp(record(), { label: '\udc00' }) }), 'op.label: must be valid Unicode'],
  ];

  it.each(cases)('%s: invalid-input with the path, no stack, nothing written', async (_name, input, message) => {
    const e = await refusal(input());
    expect(e.code).toBe('invalid-input');
    expect(e.message).toContain(`annotations.apply: invalid input: ${message}`);
    const wire = serializeError(e);
    expect(wire).toEqual({ code: 'invalid-input', message: e.message });
    expect(wire.message).not.toMatch(STACK_FRAME);
    expect(sceneRecords()).toBe(0);
  });

  it('a well-formed operation is stored, a stale one is a conflict, a reused opId with other content is invalid-input', async () => {
    const good = createOp(record());
    await expect(dispatch('annotations.apply', { clientId: 'c', op: good }, ctx)).resolves.toMatchObject({ duplicate: false });
    expect(sceneRecords()).toBe(1);
    await expect(dispatch('annotations.apply', { clientId: 'c', op: { ...good, opId: randomUUID() } }, ctx)).rejects.toMatchObject({ code: 'conflict' });
    const reused = await refusal({ clientId: 'c', op: { ...good, label: 'other' } });
    expect(reused.code).toBe('invalid-input');
    expect(reused.message).toContain('different content');
  });

  it('an object whose frame or class is no longer known can still be deleted', async () => {
    const orphan = record({ classId: 'retired' });
    // Written straight to the workspace: as if the ontology had dropped the class since.
    services.workspace.annotations.apply(createOp(orphan));
    const remove = { ...createOp(orphan), changes: [{ objectId: orphan.objectId, before: orphan, after: null }] };
    await expect(dispatch('annotations.apply', { clientId: 'c', op: remove }, ctx)).resolves.toMatchObject({ duplicate: false });
  });
});

describe('errors that are bugs', () => {
  it('answer internal with a short message; the stack and the message stay in the host log', async () => {
    const broken = createDispatcher(
      {
        ...services.handlers,
        'app.info': async () => {
          throw new Error('cannot parse /secret/file: Unexpected token "INTERNAL-A"');
        },
      },
      (m) => logged.push(m),
    );
    const e = (await broken('app.info', {}, ctx).catch((x: unknown) => x)) as ContractError;
    expect(e).toBeInstanceOf(ContractError);
    expect(e.code).toBe('internal');
    expect(e.message).toBe('app.info failed: an internal error on the host (its log has the details)');
    expect(logged.at(-1)).toContain('INTERNAL-A');
    expect(logged.at(-1)).toMatch(STACK_FRAME);
  });

  it('serializeError never sends a stack or the message of an error that is not a ContractError', () => {
    const plain = new Error('at /home/me/.ssh/id_rsa:1:1');
    expect(serializeError(plain)).toEqual({ code: 'internal', message: 'an internal error on the host' });
    expect(serializeError('a string')).toEqual({ code: 'internal', message: 'an internal error on the host' });
    const contract = new ContractError('not-found', 'no scene x');
    expect(serializeError(contract)).toEqual({ code: 'not-found', message: 'no scene x' });
    expect(Object.keys(serializeError(contract))).toEqual(['code', 'message']);
  });
});
