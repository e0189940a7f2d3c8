import { checkRevision, headBodySchema, headPath, openSigned, revisionPath, verifiedBody, type Finding, type KeyRegistry, type RevisionBody, type RevisionCrypto } from '../../../core/revisions';
import { packObjects, RevisionCheckPool } from '../../workers/revisionCheckPool';
import { decodeObject, isFinding, type RevisionVerdict } from '../revisions/revisionVerdict';
import type { SharedStore } from '../sharedStore/sharedStore';
import { mapLimit } from './mapLimit';
import { textOf } from './storeRegistry';
import type { KeptRevision, SyncLog } from './syncLog';

export interface PullResult {
  /** Revisions accepted and kept, parents first. */
  readonly accepted: readonly { readonly address: string; readonly body: RevisionBody }[];
  /** Objects refused (changed bytes, unregistered key, a role not allowed) or built on a refused one: never used. */
  readonly excluded: readonly Finding[];
  /** Revisions named by a head or a parent that no writer's prefix holds (yet): the sync tries again later. */
  readonly missing: readonly string[];
  readonly bytes: number;
}

/** Bytes of revisions fetched in one round above which their checks go to worker threads: below it, starting them costs more. */
export const POOL_MIN_BYTES = 8 * 1024 * 1024;

export interface PullOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (fetched: number) => void;
  /** Worker threads for the checks; 0 checks on this thread. Default: one per core once a round fetches POOL_MIN_BYTES. */
  readonly threads?: number;
}

interface Fetched {
  readonly address: string;
  readonly writer: string;
  readonly text: string;
  readonly body: RevisionBody;
}

/**
 * Fetches what the store holds that this workspace does not: each registered writer's head, then
 * the revisions it names and their ancestors, walking parents until it reaches revisions already
 * kept. Each object is checked on arrival (hash, signature, a registered key valid then, a role
 * allowed to write, under its author's prefix); a revision is kept only when every ancestor was
 * kept too, so nothing refused is ever applied or built on. Needs no listing beyond the key records.
 */
export async function pullRevisions(
  store: SharedStore,
  log: SyncLog,
  registry: KeyRegistry,
  crypto: RevisionCrypto,
  options: PullOptions = {},
): Promise<PullResult> {
  let pool: RevisionCheckPool | null = null;
  try {
    return await pull(store, log, registry, crypto, options, (threads) => (pool ??= new RevisionCheckPool(registry, threads)));
  } finally {
    await (pool as RevisionCheckPool | null)?.close();
  }
}

async function pull(
  store: SharedStore,
  log: SyncLog,
  registry: KeyRegistry,
  crypto: RevisionCrypto,
  options: PullOptions,
  poolOf: (threads: number | undefined) => RevisionCheckPool,
): Promise<PullResult> {
  const writers = [...registry.keys.values()].filter((k) => k.role !== 'reviewer').map((k) => k.keyId).sort();
  const excluded: Finding[] = [];
  let bytes = 0;
  // Each writer's answer is taken in writer order, not as reads end: the pull's findings and the
  // order it fetches in are then the same on every run.
  const heads = await mapLimit(writers, 8, async (writer) => ({ writer, data: await store.get(headPath(writer), options.signal) }));
  const wanted: { address: string; hint: string }[] = [];
  for (const { writer, data } of heads) {
    if (!data) continue;
    bytes += data.length;
    const opened = openSigned(textOf(data));
    const head = opened.ok ? headBodySchema.safeParse(opened.body) : null;
    // A head only says where to look: every revision it leads to is verified on its own.
    if (!head?.success || head.data.author.keyId !== writer) {
      excluded.push({ path: headPath(writer), kind: 'head', address: null, status: 'malformed', message: 'not a head this writer signed; its revisions are looked for anyway' });
      continue;
    }
    for (const address of head.data.heads) if (!log.has(address)) wanted.push({ address, hint: writer });
  }

  const fetched = new Map<string, Fetched>();
  const refused = new Set<string>();
  const missing = new Set<string>();
  const seen = new Set<string>();
  let queue = wanted.filter((w) => !seen.has(w.address) && seen.add(w.address));
  while (queue.length > 0) {
    options.signal?.throwIfAborted();
    const got = await mapLimit(queue, 8, async ({ address, hint }) => {
      for (const writer of [hint, ...writers.filter((w) => w !== hint)]) {
        const path = revisionPath(writer, address);
        const data = await store.get(path, options.signal);
        if (data) return { address, writer, path, data };
      }
      missing.add(address);
      return null;
    });
    const present = got.filter((g) => g !== null);
    const roundBytes = present.reduce((n, g) => n + g.data.byteLength, 0);
    bytes += roundBytes;
    const threads = options.threads ?? (roundBytes >= POOL_MIN_BYTES ? undefined : 0);
    // Checked on worker threads, each object on its own so large ones spread over the workers; the
    // verdicts come back in this round's order whichever worker ends first.
    const verdicts: Checked[] =
      threads === 0
        ? present.map((g) => checkHere(g.path, g.data, registry, crypto))
        : await Promise.all(present.map(async (g) => ({ verdict: (await poolOf(threads).check(packObjects([{ path: g.path, bytes: g.data }])))[0] })));
    const found: (Fetched | null)[] = present.map((g, i) => {
      const v = verdicts[i];
      if (v.verdict.finding.status !== 'ok') {
        excluded.push(v.verdict.finding);
        refused.add(g.address);
        return null;
      }
      const text = v.text ?? textOf(g.data);
      // Verified just now, from these very bytes: parsed, not checked again.
      const body = v.body ?? (verifiedBody(text) as RevisionBody | null);
      if (!body) throw new Error(`revision ${g.address} passed its checks but its body cannot be read back`);
      return { address: g.address, writer: g.writer, text, body };
    });
    const next: { address: string; hint: string }[] = [];
    for (const f of found) {
      if (!f) continue;
      fetched.set(f.address, f);
      for (const p of f.body.parents) {
        if (!log.has(p) && !seen.has(p)) {
          seen.add(p);
          next.push({ address: p, hint: f.writer });
        }
      }
    }
    options.onProgress?.(fetched.size);
    queue = next;
  }

  const accepted = causalOrder(fetched, log, refused, missing, excluded);
  log.add(
    accepted.map(
      (f): KeptRevision & { parents: readonly string[] } => ({
        address: f.address,
        author: f.body.author.keyId,
        sceneId: f.body.sceneId,
        createdAt: f.body.createdAt,
        text: f.text,
        local: false,
        pushed: true,
        parents: f.body.parents,
      }),
    ),
  );
  return { accepted: accepted.map((f) => ({ address: f.address, body: f.body })), excluded, missing: [...missing].sort(), bytes };
}

/** A revision's verdict and, when checked on this thread, the text and body the checks read. */
interface Checked {
  readonly verdict: RevisionVerdict;
  readonly text?: string;
  readonly body?: RevisionBody;
}

function checkHere(path: string, data: Uint8Array, registry: KeyRegistry, crypto: RevisionCrypto): Checked {
  const object = decodeObject(path, data);
  if (isFinding(object)) return { verdict: { finding: object, parents: null } };
  const check = checkRevision(object, registry, crypto);
  return { verdict: { finding: check.finding, parents: check.revision?.parents ?? null }, text: object.text, ...(check.revision ? { body: check.revision } : {}) };
}

/** The fetched revisions whose every ancestor is kept or fetched and sound, parents first; the rest reported. */
function causalOrder(fetched: Map<string, Fetched>, log: SyncLog, refused: Set<string>, missing: Set<string>, excluded: Finding[]): Fetched[] {
  const state = new Map<string, 'ok' | string>();
  const order: Fetched[] = [];
  const verdict = (address: string): 'ok' | string => {
    const stack = [address];
    while (stack.length) {
      const top = stack[stack.length - 1];
      if (state.has(top)) {
        stack.pop();
        continue;
      }
      const f = fetched.get(top);
      if (!f) {
        state.set(top, log.has(top) ? 'ok' : refused.has(top) ? `parent ${top} was refused` : missing.has(top) ? `parent ${top} is missing from the store` : `parent ${top} is unknown`);
        stack.pop();
        continue;
      }
      const pending = f.body.parents.filter((p) => !state.has(p));
      if (pending.length > 0) {
        stack.push(...pending);
        continue;
      }
      const bad = f.body.parents.find((p) => state.get(p) !== 'ok');
      state.set(top, bad === undefined ? 'ok' : `${state.get(bad)!.startsWith('parent') ? state.get(bad)! : `parent ${bad} is excluded`}`);
      if (bad === undefined) order.push(f);
      else excluded.push({ path: revisionPath(f.writer, f.address), kind: 'revision', address: f.address, status: 'bad-parent', message: state.get(top)! });
      stack.pop();
    }
    return state.get(address)!;
  };
  for (const address of [...fetched.keys()].sort()) verdict(address);
  return order;
}
