import { describe, expect, it } from 'vitest';
import { nextSyncDelay, type SyncLoopTiming } from './syncLoop';

const timing: SyncLoopTiming = { intervalMs: 30_000, afterEditMs: 3_000, backoffMs: 2_000, maxBackoffMs: 60_000 };

describe('nextSyncDelay', () => {
  it('waits the interval while all is well and stops when there is nothing to sync with', () => {
    expect(nextSyncDelay('idle', 0, timing)).toBe(30_000);
    expect(nextSyncDelay('unregistered', 0, timing)).toBe(30_000);
    expect(nextSyncDelay('off', 0, timing)).toBeNull();
    expect(nextSyncDelay('no-store', 0, timing)).toBeNull();
  });

  it('backs off exponentially while the store is unreachable, up to a ceiling', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => nextSyncDelay('offline', n, timing))).toEqual([2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000]);
    expect(nextSyncDelay('error', 2, timing)).toBe(4_000);
  });
});
