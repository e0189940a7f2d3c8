import { FormatError } from '../../io/byteSource';

const CASE_MS = 5000;

/** Core is typed without Node or DOM; the test runner has timers all the same. */
const timers = globalThis as unknown as { setTimeout(run: () => void, ms: number): unknown; clearTimeout(id: unknown): void };

/** Runs one fuzz case: resolves with 'ok' or the error it threw, or rejects when it takes too long. */
export async function attempt(run: () => Promise<unknown>): Promise<unknown> {
  let timer: unknown;
  const timeout = new Promise((_, reject) => {
    timer = timers.setTimeout(() => reject(new Error(`hung for more than ${CASE_MS} ms`)), CASE_MS);
  });
  try {
    return await Promise.race([run().then(() => 'ok', (e: unknown) => e), timeout]);
  } finally {
    timers.clearTimeout(timer);
  }
}

export function expectParsedOrFormatError(outcome: unknown, what: string): void {
  if (outcome === 'ok') return;
  if (!(outcome instanceof FormatError)) throw new Error(`${what}: expected a FormatError, got ${String(outcome)}${outcome instanceof Error ? `\n${outcome.stack}` : ''}`);
}
