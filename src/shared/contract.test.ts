import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../main/host/dispatcher';
import { MAX_INCOMING_MESSAGE_BYTES } from '../main/webhost/wsTransport';
import { ANNOTATION_PAGE_MAX_RECORDS, ContractError, parseCallInput } from './contract';
import type { Handlers } from './handlers';

const sceneId = '6f1c2b9e-3d4a-4e5f-8a6b-7c8d9e0f1a2b';
const objectId = '0b7d1c3e-5f6a-4b8c-9d0e-1f2a3b4c5d6e';
const record = {
  kind: 'cuboid',
  objectId,
  trackId: objectId,
  sceneId,
  frameId: objectId,
  classId: 'car',
  cuboid: { frame: 'lidar_top', center: [1, 2, 3], size: [4, 2, 1.5], rotation: [0, 0, 0, 1] },
  attributes: {},
  ontologyVersion: 1,
  author: 'a',
  createdAt: 1,
  updatedAt: 1,
};

function errorOf(fn: () => unknown): ContractError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ContractError);
    return e as ContractError;
  }
  throw new Error('expected a ContractError');
}

describe('contract validation', () => {
  it('accepts a well-formed operation', () => {
    const op = { opId: objectId, sceneId, author: 'a', at: 5, label: 'create', changes: [{ objectId, before: null, after: record }] };
    expect(parseCallInput('annotations.apply', { clientId: 'c1', op }).op.changes).toHaveLength(1);
  });

  it('names the call and the bad field', () => {
    const bad = { ...record, cuboid: { ...record.cuboid, center: [1, 'x', 3] } };
    const op = { opId: objectId, sceneId, author: 'a', at: 5, label: 'x', changes: [{ objectId, before: null, after: bad }] };
    const e = errorOf(() => parseCallInput('annotations.apply', { clientId: 'c1', op }));
    expect(e.code).toBe('invalid-input');
    expect(e.message).toContain('annotations.apply');
    expect(e.message).toContain('op.changes.0.after.cuboid.center.1');
  });

  it('rejects non-finite numbers, bad UUIDs, unknown keys and non-objects', () => {
    const nan = { ...record, cuboid: { ...record.cuboid, size: [Number.NaN, 1, 1] } };
    expect(errorOf(() => parseCallInput('annotations.apply', { clientId: 'c', op: { opId: objectId, sceneId, author: 'a', at: 1, label: 'l', changes: [{ objectId, before: null, after: nan }] } })).code).toBe('invalid-input');
    expect(errorOf(() => parseCallInput('annotations.list', { sceneId: 'not-a-uuid' })).message).toContain('sceneId');
    expect(errorOf(() => parseCallInput('app.info', { extra: 1 })).code).toBe('invalid-input');
    expect(errorOf(() => parseCallInput('annotations.list', 'string payload')).code).toBe('invalid-input');
    expect(errorOf(() => parseCallInput('annotations.apply', { clientId: 'c', op: { opId: objectId, sceneId, author: 'a', at: 1, label: 'l', changes: [] } })).code).toBe('invalid-input');
  });
});

describe('error messages', () => {
  it('clip a key a client sent and never quote its values', () => {
    const key = 'k'.repeat(100_000) + '\0';
    const op = { opId: objectId, sceneId, author: 'a', at: 5, label: 'x', changes: [{ objectId, before: null, after: { ...record, [key]: 'secret value' } }] };
    const e = errorOf(() => parseCallInput('annotations.apply', { clientId: 'c1', op }));
    expect(e.message).toBe(`annotations.apply: invalid input: op.changes.0.after.${'k'.repeat(64)}…: unknown field`);
    const many = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`x${i}`, 'secret value']));
    const e2 = errorOf(() => parseCallInput('app.info', many));
    expect(e2.message).toBe('app.info: invalid input: x0: unknown field; x1: unknown field; x2: unknown field; x3: unknown field; x4: unknown field; and 995 more');
    expect(e2.message).not.toContain('secret');
  });
});

describe('annotations.list paging input', () => {
  it('takes an optional cursor and a limit up to the page cap, and nothing else', () => {
    expect(parseCallInput('annotations.list', { sceneId, cursor: 'abc', limit: ANNOTATION_PAGE_MAX_RECORDS })).toEqual({ sceneId, cursor: 'abc', limit: ANNOTATION_PAGE_MAX_RECORDS });
    expect(errorOf(() => parseCallInput('annotations.list', { sceneId, limit: ANNOTATION_PAGE_MAX_RECORDS + 1 })).message).toContain('limit:');
    expect(errorOf(() => parseCallInput('annotations.list', { sceneId, limit: 0 })).message).toContain('limit:');
    expect(errorOf(() => parseCallInput('annotations.list', { sceneId, cursor: '' })).message).toContain('cursor: must not be empty');
    expect(errorOf(() => parseCallInput('annotations.list', { sceneId, offset: 5 })).message).toBe('annotations.list: invalid input: offset: unknown field');
  });
});

describe('an operation of 10,000 changes', () => {
  it('is valid and fits in one WebSocket message', () => {
    const changes = Array.from({ length: 10_000 }, (_, i) => {
      const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      const before = { ...record, objectId: id, cuboid: { ...record.cuboid, center: [Math.PI * i, -Math.E * i, 1.0000000001] }, attributes: { occluded: true, truncation: 0.25, note: 'parked' }, createdAt: 1_700_000_000_000, updatedAt: 1_700_000_000_000 };
      const after = { ...before, cuboid: { ...before.cuboid, center: [Math.PI * i + 0.123456789, -Math.E * i, 1.0000000001] }, updatedAt: 1_700_000_000_001 };
      return { objectId: id, before, after };
    });
    const op = { opId: objectId, sceneId, author: 'annotator@example.org', at: 1_700_000_000_001, label: 'move 10000 boxes', changes };
    const message = JSON.stringify({ id: 1, call: 'annotations.apply', input: { clientId: 'c1', op } });
    expect(parseCallInput('annotations.apply', { clientId: 'c1', op }).op.changes).toHaveLength(10_000);
    expect(Buffer.byteLength(message)).toBeLessThan(MAX_INCOMING_MESSAGE_BYTES / 2);
  });
});

describe('dispatcher', () => {
  const handlers = {
    'app.info': async () => {
      throw new Error('disk on fire');
    },
    'annotations.list': async () => [],
  } as unknown as Handlers;
  const dispatch = createDispatcher(handlers, () => undefined);

  it('refuses unknown calls with a clear error', async () => {
    await expect(dispatch('files.delete', {}, { transport: 'test' })).rejects.toMatchObject({ code: 'unknown-call' });
    await expect(dispatch(42, {}, { transport: 'test' })).rejects.toMatchObject({ code: 'unknown-call' });
    await expect(dispatch('__proto__', {}, { transport: 'test' })).rejects.toMatchObject({ code: 'unknown-call' });
  });

  it('validates before calling the handler and wraps handler failures', async () => {
    await expect(dispatch('annotations.list', { sceneId: 7 }, { transport: 'test' })).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(dispatch('annotations.list', { sceneId }, { transport: 'test' })).resolves.toEqual([]);
    const e = await dispatch('app.info', {}, { transport: 'test' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ContractError);
    expect((e as ContractError).code).toBe('internal');
    expect((e as ContractError).message).toBe('app.info failed: an internal error on the host (its log has the details)');
  });
});
