import { ContractError } from '../../../shared/contract';
import { HISTORY_MAX } from '../../../shared/syncContract';
import type { Handlers } from '../../../shared/handlers';
import type { Provenance } from '../../../core/revisions';
import { editRefusal, type Permissions } from '../access/permissions';
import { StoreCapabilityError } from '../sharedStore/sharedStore';
import { SyncRefusal, type SyncEngine } from './syncEngine';
import type { SyncLoop } from './syncLoop';

type SyncCalls = Pick<Handlers, 'sync.status' | 'sync.connect' | 'sync.disconnect' | 'sync.now' | 'sync.createStore' | 'sync.registerKey' | 'sync.conflicts' | 'sync.resolve' | 'sync.history' | 'sync.revert' | 'sync.release'>;

/** The most conflicts one answer lists (the contract's limit). */
const MAX_CONFLICTS = 10_000;

/** The host's sync calls over the workspace's engine and its background loop. */
export function syncHandlers(engine: SyncEngine, loop: SyncLoop, permissions: Permissions): SyncCalls {
  const writable = (what: string) => {
    if (!permissions.canChangeWorkspace) throw new ContractError('forbidden', `${what} is not possible on this host (${permissions.mode} mode)`);
  };
  /** Calls that write annotation revisions of this workspace's own. */
  const editing = (what: string) => {
    if (!permissions.canEditAnnotations) throw new ContractError('forbidden', editRefusal(permissions, what));
  };
  const guarded = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (e) {
      if (e instanceof SyncRefusal) throw new ContractError('forbidden', e.message);
      if (e instanceof StoreCapabilityError) throw new ContractError('unsupported', e.message);
      throw e;
    }
  };
  const settle = async (status: ReturnType<SyncEngine['status']> | Promise<ReturnType<SyncEngine['status']>>) => {
    const s = await status;
    loop.ran(s.state);
    return s;
  };
  return {
    'sync.status': async () => engine.status(),
    'sync.connect': async ({ location }) => {
      writable('connecting to a shared store');
      try {
        return await settle(engine.connect(location));
      } catch (e) {
        throw new ContractError('invalid-input', `sync.connect: ${(e as Error).message}`);
      }
    },
    'sync.disconnect': async () => {
      writable('disconnecting from a shared store');
      return settle(engine.disconnect());
    },
    'sync.now': async () => settle(engine.syncNow()),
    'sync.createStore': async ({ name }) => {
      writable('creating a store');
      return guarded(() => settle(engine.createStore(name)));
    },
    'sync.registerKey': async (input) => {
      writable('registering a key');
      return guarded(() => settle(engine.registerKey(input)));
    },
    'sync.conflicts': async ({ sceneId }) =>
      engine
        .conflicts(sceneId)
        .slice(0, MAX_CONFLICTS)
        .map((c) => ({
          entity: c.entity,
          id: c.id,
          kind: c.kind,
          field: c.field,
          values: c.values.map((v) => ({
            revision: v.revision,
            author: v.author,
            authorName: engine.authorName(v.author),
            createdAt: v.createdAt,
            provenance: v.provenance,
            value: (v.value ?? null) as never,
          })),
          provisional: (c.provisional ?? null) as never,
        })),
    'sync.resolve': async (input) => {
      editing('resolving a conflict');
      return guarded(() => settle(engine.resolve(input)));
    },
    'sync.history': async ({ sceneId, objectId }) => {
      const { touches, blame } = engine.history(sceneId, objectId);
      const who = (w: { revision: string; author: string; createdAt: number; provenance: Provenance }) => ({
        revision: w.revision,
        author: w.author,
        authorName: engine.authorName(w.author),
        createdAt: w.createdAt,
        provenance: w.provenance,
      });
      return {
        touches: touches.slice(-HISTORY_MAX).map((t) => ({
          ...who(t),
          role: engine.roleOf(t.author),
          message: t.message,
          label: t.label,
          at: t.at,
          lane: t.lane,
          rawData: t.rawData,
          before: t.before,
          after: t.after,
          fields: t.fields,
        })),
        blame: blame.map((b) => ({ field: b.field, value: (b.value ?? null) as never, conflicted: b.conflicted, writes: b.writes.map(who) })),
      };
    },
    'sync.release': async ({ message }) => {
      writable('publishing a release');
      const published = await guarded(() => engine.publishRelease(message));
      loop.ran(engine.status().state);
      return { number: published.number, address: published.address, heads: published.heads };
    },
    'sync.revert': async (input) => {
      editing('reverting an object');
      return guarded(() => settle(engine.revert(input)));
    },
  };
}
