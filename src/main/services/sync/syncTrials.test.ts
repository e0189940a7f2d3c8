import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3rver, type RunningS3rver } from '../sharedStore/testing/s3rver';
import { runSyncTrial, type TrialOutcome, type TrialStore } from './testing/syncTrial';
import { folderTrialStores, s3TrialStores } from './testing/trialStores';

/** Set CAIRN_SYNC_SEED to replay a failing run; each trial's seed is printed when it fails. The bench runs 10,000. */
const SEED = Number(process.env.CAIRN_SYNC_SEED ?? 20261206);
const root = mkdtempSync(path.join(tmpdir(), 'cairn-trials-'));
let s3: RunningS3rver;

beforeAll(async () => {
  s3 = await startS3rver(['cairn-trials']);
});
afterAll(async () => {
  await s3?.stop();
  rmSync(root, { recursive: true, force: true });
});

async function trials(store: TrialStore, count: number, first: number): Promise<TrialOutcome[]> {
  const out: TrialOutcome[] = [];
  for (let t = 0; t < count; t++) out.push(await runSyncTrial(store, { seed: first + t, annotators: 2 + ((first + t) % 3), steps: 24, trial: first + t }));
  return out;
}

/** The trials must have exercised what they claim to: edits, cut-off syncs and conflicts. */
function expectExercised(outcomes: readonly TrialOutcome[]): void {
  const sum = (k: 'edits' | 'interruptions' | 'conflicts') => outcomes.reduce((n, o) => n + o[k], 0);
  expect(sum('edits')).toBeGreaterThan(outcomes.length * 8);
  expect(sum('interruptions')).toBeGreaterThan(outcomes.length);
  expect(sum('conflicts')).toBeGreaterThan(0);
}

describe('randomised sync trials: annotators edit offline and sync in random orders, some syncs cut off (a dropped connection, a torn write, a restart)', () => {
  it('on a folder store, 100 trials: every replica converges and no edit is lost', async () => {
    expectExercised(await trials(folderTrialStores(root), 100, SEED));
  }, 900_000);

  it('on a real S3-compatible server (s3rver on 127.0.0.1), 30 trials: the same', async () => {
    expectExercised(await trials(s3TrialStores(s3, 'cairn-trials'), 30, SEED + 100_000));
  }, 900_000);
});
