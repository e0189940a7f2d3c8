import type { SyncEngine } from './syncEngine';
import type { SyncState } from './syncStatus';

export interface SyncLoopTiming {
  /** Between cycles while all is well. */
  readonly intervalMs: number;
  /** After a local edit: soon, so work reaches the team, but not on every keystroke. */
  readonly afterEditMs: number;
  /** The first retry after a failure; each further failure doubles it, up to maxBackoffMs. */
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
}

export const DEFAULT_SYNC_TIMING: SyncLoopTiming = { intervalMs: 30_000, afterEditMs: 3_000, backoffMs: 2_000, maxBackoffMs: 5 * 60_000 };

/** How long to wait before the next cycle, from how the last ended and how many failed in a row. */
export function nextSyncDelay(state: SyncState, failures: number, timing: SyncLoopTiming = DEFAULT_SYNC_TIMING): number | null {
  if (state === 'off' || state === 'no-store') return null;
  if (state === 'offline' || state === 'error') return Math.min(timing.maxBackoffMs, timing.backoffMs * 2 ** Math.max(0, failures - 1));
  return timing.intervalMs;
}

interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // A pending sync must not keep a CLI or test process alive.
    t.unref?.();
    return t;
  },
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * Runs the engine in the background while a store is connected: every interval, soon after an
 * edit, and with exponential backoff while the store is unreachable. Stopping cancels the cycle
 * in flight.
 */
export class SyncLoop {
  private handle: unknown = null;
  private failures = 0;
  private stopped = false;
  private readonly abort = new AbortController();

  constructor(
    private readonly engine: SyncEngine,
    private readonly timing: SyncLoopTiming = DEFAULT_SYNC_TIMING,
    private readonly timers: Timers = realTimers,
  ) {}

  /** Schedules the first cycle (now) if a store is connected. */
  start(): void {
    if (this.engine.status().location) this.schedule(0);
  }

  /** A local edit was committed: sync soon (an earlier pending cycle stays earlier). */
  edited(): void {
    if (this.engine.status().location && this.failures === 0) this.schedule(this.timing.afterEditMs, true);
  }

  /** A store was connected or a cycle was run by hand: continue from its outcome. */
  ran(state: SyncState): void {
    this.failures = state === 'offline' || state === 'error' ? this.failures + 1 : 0;
    const delay = nextSyncDelay(state, this.failures, this.timing);
    if (delay === null) this.cancel();
    else this.schedule(delay);
  }

  stop(): void {
    this.stopped = true;
    this.cancel();
    this.abort.abort();
  }

  private dueAt = Infinity;

  private schedule(ms: number, onlyIfSooner = false): void {
    if (this.stopped) return;
    const due = Date.now() + ms;
    if (onlyIfSooner && due >= this.dueAt) return;
    this.cancel();
    this.dueAt = due;
    this.handle = this.timers.set(() => void this.tick(), ms);
  }

  private cancel(): void {
    if (this.handle !== null) this.timers.clear(this.handle);
    this.handle = null;
    this.dueAt = Infinity;
  }

  private async tick(): Promise<void> {
    this.handle = null;
    this.dueAt = Infinity;
    const status = await this.engine.syncNow(this.abort.signal);
    if (!this.stopped) this.ran(status.state);
  }
}
