import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Editor } from '../../../../core/editor/editor';
import { FolderStoreWriter } from '../../revisions/folderStore';
import type { SigningKey } from '../../revisions/keyFiles';
import { Workspace } from '../../workspace/workspace';
import { workspaceSigningKey } from '../syncIdentity';

export const SCENE = '00000000-0000-4000-8000-00000000a000';
export const FRAME = '00000000-0000-4000-8000-00000000f001';
export const T0 = 1_700_000_000_000;

export interface Annotator {
  readonly name: string;
  readonly workspace: Workspace;
  readonly key: SigningKey;
  /** An editor over the workspace's scene whose operations are applied to the workspace as the host would. */
  readonly editor: Editor;
}

/**
 * A folder store and annotators, each with a workspace of their own, registered by the first one
 * (the store's root admin). Editors write through the workspace's normal apply path.
 */
export function syncFixture(names: readonly string[]): { root: string; storeDir: string; annotators: Annotator[]; close(): void } {
  const root = mkdtempSync(path.join(tmpdir(), 'cairn-sync-'));
  const storeDir = path.join(root, 'store');
  const annotators = names.map((name) => {
    const workspace = Workspace.open(path.join(root, name));
    const key = workspaceSigningKey(workspace);
    let clock = T0 + 100;
    const editor = new Editor({
      sceneId: SCENE,
      author: name,
      ontologyVersion: 1,
      now: () => ++clock,
      newId: () => randomUUID(),
    });
    editor.onOperation((op) => workspace.annotations.apply(op));
    return { name, workspace, key, editor };
  });
  const store = FolderStoreWriter.create(storeDir, annotators[0].key, { name: names[0], createdAt: T0 });
  for (const a of annotators.slice(1)) {
    store.writeKeyRecord(annotators[0].key, { action: 'register', keyId: a.key.keyId, publicKey: a.key.publicKey, role: 'annotator', name: a.name, validFrom: T0, createdAt: T0 + 1 });
  }
  return {
    root,
    storeDir,
    annotators,
    close: () => {
      for (const a of annotators) a.workspace.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
