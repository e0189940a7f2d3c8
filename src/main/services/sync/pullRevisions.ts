import { checkRevision, headBodySchema, headPath, openSigned, revisionPath, type Finding, type KeyRegistry, type RevisionBody, type RevisionCrypto } from '../../../core/revisions';
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
  options: { signal?: AbortSignal; onProgress?: (fetched: number) => void } = {},
): Promise<PullResult> {
  const writers = [...registry.keys.values()].filter((k) => k.role !== 'reviewer').map((k) => k.keyId).sort();
  const excluded: Finding[] = [];
  let bytes = 0;
  const wanted: { address: string; hint: string }[] = [];
  await mapLimit(writers, 8, async (writer) => {
    const data = await store.get(headPath(writer), options.signal);
    if (!data) return;
    bytes += data.length;
    const opened = openSigned(textOf(data));
    const head = opened.ok ? headBodySchema.safeParse(opened.body) : null;
    // A head only says where to look: every revision it leads to is verified on its own.
    if (!head?.success || head.data.author.keyId !== writer) {
      excluded.push({ path: headPath(writer), kind: 'head', address: null, status: 'malformed', message: 'not a head this writer signed; its revisions are looked for anyway' });
      return;
    }
    for (const address of head.data.heads) if (!log.has(address)) wanted.push({ address, hint: writer });
  });

  const fetched = new Map<string, Fetched>();
  const refused = new Set<string>();
  const missing = new Set<string>();
  const seen = new Set<string>();
  let queue = wanted.filter((w) => !seen.has(w.address) && seen.add(w.address));
  while (queue.length > 0) {
    options.signal?.throwIfAborted();
    const found = await mapLimit(queue, 8, async ({ address, hint }) => {
      for (const writer of [hint, ...writers.filter((w) => w !== hint)]) {
        const path = revisionPath(writer, address);
        const data = await store.get(path, options.signal);
        if (!data) continue;
        bytes += data.length;
        const text = textOf(data);
        const check = checkRevision({ path, text }, registry, crypto);
        if (!check.revision) {
          excluded.push(check.finding);
          refused.add(address);
          return null;
        }
        return { address, writer, text, body: check.revision };
      }
      missing.add(address);
      return null;
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
