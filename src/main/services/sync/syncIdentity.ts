import { generateSigningKey, loadSigningKey, saveSigningKey, type SigningKey } from '../revisions/keyFiles';
import type { Workspace } from '../workspace/workspace';

/**
 * The key this workspace signs its revisions with: made on first use and kept in the workspace
 * (`keys/<keyId>.pem`, owner-only). One workspace, one writer prefix in every store it joins.
 */
export function workspaceSigningKey(workspace: Workspace): SigningKey {
  const known = workspace.sync.keyId();
  if (known) return loadSigningKey(workspace.dir, known);
  const key = generateSigningKey();
  saveSigningKey(workspace.dir, key);
  workspace.sync.setKeyId(key.keyId);
  return key;
}
