import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { STORE_FILE, type StoreConfig } from '../../../core/revisions';
import type { SigningKey } from './keyFiles';
import { headObject, keyRecordObject, revisionObject, type NewKeyRecord, type NewRevision, type SignedObject } from './signedObjects';

export type { NewKeyRecord, NewRevision } from './signedObjects';

/** store.json's text: pretty-printed, unsigned, naming the root admin (docs/store-layout.md). */
export function storeConfigText(rootKeyId: string): string {
  const config: StoreConfig = { format: 'cairn.store', version: 1, rootKeyId };
  return `${JSON.stringify(config, null, 2)}\n`;
}

/**
 * Writes into a folder store (docs/store-layout.md), synchronously: tests, benches and fixtures
 * that write thousands of objects. Every file appears whole or not at all (written beside, then
 * renamed), so a killed writer leaves no half object under a real name. StoreWriter writes the
 * same objects to any SharedStore.
 */
export class FolderStoreWriter {
  constructor(readonly dir: string) {}

  /** A new store whose root admin is `root`: store.json and the root's self-signed registration. */
  static create(dir: string, root: SigningKey, at: { name: string; createdAt: number }): FolderStoreWriter {
    if (existsSync(path.join(dir, STORE_FILE))) throw new Error(`${path.join(dir, STORE_FILE)}: a store is already there`);
    const store = new FolderStoreWriter(dir);
    store.put(STORE_FILE, storeConfigText(root.keyId));
    store.writeKeyRecord(root, { action: 'register', keyId: root.keyId, publicKey: root.publicKey, role: 'admin', name: at.name, validFrom: at.createdAt, createdAt: at.createdAt });
    return store;
  }

  /** An admin's registration or revocation of a key; returns its address. */
  writeKeyRecord(admin: SigningKey, record: NewKeyRecord): string {
    return this.putAddressed(keyRecordObject(admin, record));
  }

  /** A revision signed by its author, under the author's own prefix; returns its address. */
  writeRevision(author: SigningKey, revision: NewRevision): string {
    return this.putAddressed(revisionObject(author, revision));
  }

  /** The author's head: the revisions its next one builds on. Replaced whole. */
  writeHead(author: SigningKey, heads: readonly string[], createdAt: number): void {
    const head = headObject(author, heads, createdAt);
    this.put(head.path, head.text);
  }

  private putAddressed(object: SignedObject): string {
    // Content-addressed: the same body is the same object, already written.
    if (!existsSync(path.join(this.dir, object.path))) this.put(object.path, object.text);
    return object.address;
  }

  private put(relative: string, text: string): void {
    const file = path.join(this.dir, ...relative.split('/'));
    mkdirSync(path.dirname(file), { recursive: true });
    // Dot-named while written: a reader skips such names, so a leftover from a crash is never read as an object.
    const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
    writeFileSync(temp, text);
    renameSync(temp, file);
  }
}
