import { FormatError } from '../../io/byteSource';

const CASE_MS = 5000;

/** Runs one fuzz case: resolves with 'ok' or the error it threw, or rejects when it takes too long. */
export async function attempt(run: () => Promise<unknown>): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hung for more than ${CASE_MS} ms`)), CASE_MS);
  });
  try {
    return await Promise.race([run().then(() => 'ok', (e: unknown) => e), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function expectParsedOrFormatError(outcome: unknown, what: string): void {
  if (outcome === 'ok') return;
  if (!(outcome instanceof FormatError)) throw new Error(`${what}: expected a FormatError, got ${String(outcome)}${outcome instanceof Error ? `\n${outcome.stack}` : ''}`);
}
