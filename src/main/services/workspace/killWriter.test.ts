import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnnotationChange } from '../../../core/editor/changes';
import { canonicalJson } from '../../../core/model/annotation';
import { Workspace } from './workspace';

const SCENE = '33333333-3333-4333-8333-333333333333';
const here = fileURLToPath(new URL('.', import.meta.url));
const fixture = join(here, 'killWriter.fixture.ts');
const repoRoot = resolve(here, '../../../..');
const LINES_BEFORE_KILL = 50;
const WAIT_MS = 20_000;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cairn-kill-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

interface Committed {
  readonly opId: string;
  readonly hash: string;
}

/**
 * Runs the writer until it has reported `lines` commits, then SIGKILLs it and waits for it to be
 * gone. The child is killed in every path, including timeouts and failures.
 */
async function runAndKill(lines: number): Promise<Committed[]> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', fixture, dir], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    child.once('exit', (code, signal) => res({ code, signal })),
  );
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => {
    stderr += d;
  });
  const committed: Committed[] = [];
  let timer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((res, rej) => {
      timer = setTimeout(() => rej(new Error(`writer reported only ${committed.length} commits in ${WAIT_MS} ms; stderr:\n${stderr}`)), WAIT_MS);
      const rl = createInterface({ input: child.stdout! });
      rl.on('line', (line) => {
        const m = /^committed (\S+) ([0-9a-f]{64})$/.exec(line);
        if (!m) return rej(new Error(`unexpected line from writer: ${line}`));
        committed.push({ opId: m[1], hash: m[2] });
        if (committed.length >= lines) res();
      });
      void exited.then(({ code, signal }) => rej(new Error(`writer exited early (code ${code}, signal ${signal}); stderr:\n${stderr}`)));
    });
  } finally {
    clearTimeout(timer);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  const { signal } = await exited;
  expect(signal).toBe('SIGKILL');
  return committed;
}

/** Every reported commit is in the log, unchanged, and its state is what the store holds. */
function verify(allCommitted: readonly Committed[]): number {
  const ws = Workspace.open(dir);
  try {
    const log = ws.annotations.operationsSince(0, 10_000_000);
    const bySeq = new Map(log.map((o) => [o.opId, o] as const));
    expect(log.map((o) => o.seq)).toEqual(log.map((_, i) => i + 1)); // no holes
    for (const c of allCommitted) {
      const stored = bySeq.get(c.opId);
      expect(stored, `committed op ${c.opId} missing from the log`).toBeDefined();
      const { seq: _seq, ...op } = stored!;
      expect(createHash('sha256').update(canonicalJson(op)).digest('hex')).toBe(c.hash);
    }
    // The state each committed op left is present unless a later logged op changed that object.
    const lastChange = new Map<string, AnnotationChange>();
    for (const o of log) for (const ch of o.changes) lastChange.set(ch.objectId, ch);
    for (const c of allCommitted) {
      for (const ch of bySeq.get(c.opId)!.changes) {
        if (lastChange.get(ch.objectId) !== ch) continue;
        expect(canonicalJson(ws.annotations.get(ch.objectId))).toBe(canonicalJson(ch.after));
      }
    }
    expect(canonicalJson(ws.annotations.rebuildFromLog(SCENE))).toBe(canonicalJson(ws.annotations.listScene(SCENE)));
    return log.length;
  } finally {
    ws.close();
  }
}

describe('killed writer', () => {
  it('every edit reported as committed survives SIGKILL, over three kill/reopen rounds', async () => {
    const all: Committed[] = [];
    let logLength = 0;
    for (let round = 0; round < 3; round++) {
      const got = await runAndKill(LINES_BEFORE_KILL);
      expect(got.length).toBeGreaterThanOrEqual(LINES_BEFORE_KILL);
      all.push(...got);
      const n = verify(all);
      expect(n).toBeGreaterThanOrEqual(all.length);
      expect(n).toBeGreaterThan(logLength);
      logLength = n;
    }
  }, 90_000);
});
