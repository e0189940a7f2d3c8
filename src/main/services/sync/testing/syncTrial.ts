import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Editor } from '../../../../core/editor/editor';
import { testCuboid } from '../../../../core/editor/testEditor';
import { canonicalJson } from '../../../../core/model/annotation';
import { seededRandom } from '../../../../core/random/seededRandom';
import { blame, objectHistory } from '../../../../core/sync';
import { saveSigningKey, signingKeyFromSeed, type SigningKey } from '../../revisions/keyFiles';
import { createNodeRevisionCrypto } from '../../revisions/nodeCrypto';
import { StoreWriter } from '../../revisions/storeWriter';
import type { SharedStore } from '../../sharedStore/sharedStore';
import { Workspace } from '../../workspace/workspace';
import { SyncEngine } from '../syncEngine';
import { FlakyStore, type Interruption } from './flakyStore';

const SCENE = '00000000-0000-4000-8000-00000000a000';
const FRAME = '00000000-0000-4000-8000-00000000f001';
const CLASSES = ['car', 'truck', 'bus', 'pedestrian'];
const crypto = createNodeRevisionCrypto();

export interface TrialStore {
  /** A fresh, empty store for one trial (a folder, or a prefix of an S3 bucket), and its location. */
  make(trial: number): { location: string; open(): SharedStore; dispose(): Promise<void> };
}

export interface TrialOutcome {
  readonly seed: number;
  readonly edits: number;
  readonly syncs: number;
  readonly interruptions: number;
  readonly conflicts: number;
  readonly revisions: number;
}

interface Writer {
  readonly name: string;
  readonly workspace: Workspace;
  readonly key: SigningKey;
  readonly editor: Editor;
  engine: SyncEngine;
}

/**
 * One randomised trial: annotators edit one scene offline and sync in a random order, some syncs
 * cut off (a dropped connection, a torn write, then the process "restarts" with a new engine on
 * the same workspace). At the end everyone syncs until quiet, and the trial checks that all
 * replicas hold the same records, that nobody has anything left to push, that nothing was refused,
 * and that no edit was lost: every field any revision wrote is shown, superseded by a later write
 * that saw it, or listed in a conflict. Throws (naming the seed) on the first broken promise.
 */
export async function runSyncTrial(store: TrialStore, options: { seed: number; annotators: number; steps: number; trial?: number }): Promise<TrialOutcome> {
  const rng = seededRandom(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rng() * list.length)];
  const root = mkdtempSync(path.join(tmpdir(), 'cairn-trial-'));
  const target = store.make(options.trial ?? options.seed);
  let clock = 1_700_000_000_000;
  const now = () => (clock += 1 + Math.floor(rng() * 5));
  const writers: Writer[] = [];
  const fail = (message: string): never => {
    throw new Error(`sync trial seed ${options.seed}: ${message}`);
  };
  const engineFor = (w: Omit<Writer, 'engine'>, open: () => SharedStore) =>
    new SyncEngine(w.workspace, {
      key: w.key,
      crypto,
      open,
      now,
      ontologyVersion: () => 1,
      onApplied: (applied) => {
        for (const { op } of applied) w.editor.applyRemote(op.changes, op.trackSettings);
      },
    });
  let edits = 0;
  let syncs = 0;
  let interruptions = 0;
  try {
    for (let i = 0; i < options.annotators; i++) {
      const workspace = Workspace.open(path.join(root, `w${i}`));
      // Keys and ids from the seed too, so a failing seed replays exactly (addresses order ties).
      const key = signingKeyFromSeed(Uint8Array.from({ length: 32 }, () => Math.floor(rng() * 256)));
      saveSigningKey(workspace.dir, key);
      workspace.sync.setKeyId(key.keyId);
      const editor = new Editor({ sceneId: SCENE, author: `w${i}`, ontologyVersion: 1, now, newId: () => seededUuid(rng) });
      editor.onOperation((op) => workspace.annotations.apply(op));
      const base = { name: `w${i}`, workspace, key, editor };
      writers.push({ ...base, engine: engineFor(base, target.open) });
    }
    const admin = await StoreWriter.create(target.open(), writers[0].key, { name: 'w0', createdAt: now() });
    // Registered after the root admin registered itself: a record is applied only once its signer is an admin.
    const registeredAt = now();
    for (const w of writers.slice(1)) await admin.writeKeyRecord(writers[0].key, { action: 'register', keyId: w.key.keyId, publicKey: w.key.publicKey, role: 'annotator', name: w.name, validFrom: registeredAt, createdAt: registeredAt });
    for (const w of writers) await w.engine.connect(target.location);

    for (let step = 0; step < options.steps; step++) {
      const w = pick(writers);
      const r = rng();
      if (r < 0.55) {
        randomEdit(w.editor, rng, pick);
        edits++;
      } else if (r < 0.85) {
        await w.engine.syncNow();
        syncs++;
      } else {
        const interruption: Interruption = { kind: rng() < 0.5 ? 'drop' : 'torn', after: 1 + Math.floor(rng() * 12) };
        const cut = engineFor(w, () => new FlakyStore(target.open(), interruption));
        await cut.connect(target.location);
        await cut.close();
        // The process that was cut off is gone; a new one starts on the same workspace.
        await w.engine.close();
        w.engine = engineFor(w, target.open);
        await w.engine.connect(target.location);
        interruptions++;
      }
    }

    // Quiet: everyone syncs until a round brings nothing new.
    for (let round = 0; round < 4; round++) for (const w of writers) await w.engine.syncNow();
    const reference = writers[0];
    const states = writers.map((w) => w.workspace.annotations.listScene(SCENE).map(canonicalJson).join('\n'));
    for (const [i, s] of states.entries()) if (s !== states[0]) fail(`replica ${writers[i].name} holds other records than ${reference.name}`);
    for (const w of writers) {
      const status = w.engine.status();
      if (status.state !== 'idle') fail(`${w.name} ended ${status.state}: ${status.message}`);
      if (status.ahead.operations || status.ahead.revisions) fail(`${w.name} still has ${status.ahead.operations} edit(s) and ${status.ahead.revisions} revision(s) to push`);
      if (status.excluded) fail(`${w.name} refused ${status.excluded} object(s): ${status.findings.map((f) => f.message).join('; ')}`);
    }
    checkNothingLost(reference, fail);
    const merged = reference.engine.merged(SCENE);
    return { seed: options.seed, edits, syncs, interruptions, conflicts: merged.conflicts.length, revisions: reference.workspace.sync.totals().revisions };
  } finally {
    for (const w of writers) {
      await w.engine.close();
      w.workspace.close();
    }
    await target.dispose();
    rmSync(root, { recursive: true, force: true });
  }
}

function seededUuid(rng: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rng() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function randomEdit(editor: Editor, rng: () => number, pick: <T>(l: readonly T[]) => T): void {
  const objects = editor.all();
  const r = rng();
  if (objects.length === 0 || r < 0.25) {
    editor.createCuboid({ frameId: FRAME, classId: pick(CLASSES), cuboid: testCuboid(Math.round(rng() * 40), Math.round(rng() * 20), 0) });
    return;
  }
  const target = pick(objects);
  if (r < 0.5) editor.updateCuboid(target.objectId, { classId: pick(CLASSES) });
  else if (r < 0.75) editor.updateCuboid(target.objectId, { cuboid: { center: [Math.round(rng() * 40), Math.round(rng() * 20), 0.8] } });
  else if (r < 0.9) editor.setAttribute(target.objectId, 'occluded', rng() < 0.5, { scope: 'object' });
  else editor.deleteObjects([target.objectId]);
}

/** Every field every revision wrote is on show, superseded by a write that descends from it, or one side of a conflict. */
function checkNothingLost(w: Writer, fail: (message: string) => never): void {
  const merger = w.engine.merger(SCENE);
  const parents = new Map(w.workspace.sync.sceneRevisions(SCENE).map((k) => [k.address, w.engine.findRevision(SCENE, k.address).body.parents]));
  const ancestors = new Map<string, Set<string>>();
  const ancestorsOf = (a: string): Set<string> => {
    let set = ancestors.get(a);
    if (set) return set;
    set = new Set([a]);
    for (const p of parents.get(a) ?? []) for (const x of ancestorsOf(p)) set.add(x);
    ancestors.set(a, set);
    return set;
  };
  const objectIds = new Set<string>();
  for (const k of w.workspace.sync.sceneRevisions(SCENE)) for (const op of w.engine.findRevision(SCENE, k.address).body.operations) for (const c of op.changes) objectIds.add(c.objectId);
  for (const objectId of objectIds) {
    const current = new Map(blame(merger, objectId).map((b) => [b.field, b.writes.map((x) => x.revision)]));
    // A revision applies atomically: what it wrote is its net change (first before, last after).
    const net = new Map<string, { revision: string; before: unknown; after: unknown }>();
    for (const t of objectHistory(merger, objectId)) {
      const seen = net.get(t.revision);
      if (seen) seen.after = t.after;
      else net.set(t.revision, { revision: t.revision, before: t.before, after: t.after });
    }
    for (const touch of net.values()) {
      const fields = touch.after === null ? ['existence'] : [...current.keys()].filter((f) => f !== 'existence' && wrote(touch, f));
      for (const field of fields) {
        const writes = current.get(field) ?? [];
        if (!writes.some((x) => ancestorsOf(x).has(touch.revision))) fail(`the write of ${field} of object ${objectId} by revision ${touch.revision.slice(0, 12)} was lost`);
      }
    }
  }
}

/** Whether a change wrote a field (as the merge names it: 'classId', 'cuboid.center', 'attributes.occluded'). */
function wrote(touch: { before: unknown; after: unknown }, field: string): boolean {
  const at = (v: unknown) => field.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), v);
  if (touch.before === null) return at(touch.after) !== undefined;
  return JSON.stringify(at(touch.before)) !== JSON.stringify(at(touch.after));
}
