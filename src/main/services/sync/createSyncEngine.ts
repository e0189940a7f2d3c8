import { createNodeRevisionCrypto } from '../revisions/nodeCrypto';
import { openSharedStore } from '../sharedStore/openSharedStore';
import type { SharedStore } from '../sharedStore/sharedStore';
import type { Workspace } from '../workspace/workspace';
import { SyncEngine, type SyncEngineDeps } from './syncEngine';
import { workspaceSigningKey } from './syncIdentity';

/** The workspace's sync engine as the host and the `cairn` commands run it: its own key, node's crypto, real stores. */
export function createSyncEngine(
  workspace: Workspace,
  options: Pick<SyncEngineDeps, 'ontologyVersion' | 'onApplied' | 'onStatus' | 'rawData'> & { readonly open?: (location: string) => SharedStore },
): SyncEngine {
  return new SyncEngine(workspace, {
    key: workspaceSigningKey(workspace),
    crypto: createNodeRevisionCrypto(),
    open: options.open ?? ((location) => openSharedStore(location)),
    now: () => Date.now(),
    ontologyVersion: options.ontologyVersion,
    onApplied: options.onApplied,
    onStatus: options.onStatus,
    rawData: options.rawData,
  });
}
