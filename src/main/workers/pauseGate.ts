/**
 * A test hook for the convert worker: it stops as a phase starts until the host lets it go on
 * or cancels it. The worker waits in Atomics.wait, where it takes no messages, so the host's
 * answer travels through shared memory; a cancel is therefore seen before the phase's work.
 */
export interface PauseAt {
  readonly phase: string;
  readonly gate: SharedArrayBuffer;
}

const WAITING = 0;
const RESUME = 1;
const CANCEL = 2;

export function newGate(): SharedArrayBuffer {
  return new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
}

/** Lets a paused (or not yet paused) worker go on, or cancels it; the first answer counts. */
export function releaseGate(gate: SharedArrayBuffer, cancel: boolean): void {
  const flag = new Int32Array(gate);
  Atomics.compareExchange(flag, 0, WAITING, cancel ? CANCEL : RESUME);
  Atomics.notify(flag, 0);
}

/** Blocks the calling thread until the gate is released; true when the answer was cancel. */
export function waitAtGate(gate: SharedArrayBuffer): boolean {
  const flag = new Int32Array(gate);
  Atomics.wait(flag, 0, WAITING);
  return Atomics.load(flag, 0) === CANCEL;
}
