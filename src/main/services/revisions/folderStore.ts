import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  canonicalText,
  headBodySchema,
  headPath,
  keyRecordBodySchema,
  keyRecordPath,
  revisionBodySchema,
  revisionPath,
  signedText,
  STORE_FILE,
  type HeadBody,
  type KeyRecordBody,
  type RevisionBody,
  type StoreConfig,
} from '../../../core/revisions';
import type { SigningKey } from './keyFiles';

type Unsigned<B> = B extends unknown ? Omit<B, 'format' | 'version' | 'author'> : never;
export type NewRevision = Unsigned<RevisionBody>;
export type NewKeyRecord = Unsigned<KeyRecordBody>;

/**
 * Writes into a folder store (docs/store-layout.md). Every file appears whole or not at all (written
 * beside, then renamed), so a killed writer leaves no half object under a real name.
 */
export class FolderStoreWriter {
  constructor(readonly dir: string) {}

  /** A new store whose root admin is `root`: store.json and the root's self-signed registration. */
  static create(dir: string, root: SigningKey, at: { name: string; createdAt: number }): FolderStoreWriter {
    if (existsSync(path.join(dir, STORE_FILE))) throw new Error(`${path.join(dir, STORE_FILE)}: a store is already there`);
    const store = new FolderStoreWriter(dir);
    const config: StoreConfig = { format: 'cairn.store', version: 1, rootKeyId: root.keyId };
    store.put(STORE_FILE, `${JSON.stringify(config, null, 2)}\n`);
    store.writeKeyRecord(root, { action: 'register', keyId: root.keyId, publicKey: root.publicKey, role: 'admin', name: at.name, validFrom: at.createdAt, createdAt: at.createdAt });
    return store;
  }

  /** An admin's registration or revocation of a key; returns its address. */
  writeKeyRecord(admin: SigningKey, record: NewKeyRecord): string {
    const body = keyRecordBodySchema.parse({ format: 'cairn.key', version: 1, ...record, author: { keyId: admin.keyId } });
    return this.putSigned(admin, body, keyRecordPath);
  }

  /** A revision signed by its author, under the author's own prefix; returns its address. */
  writeRevision(author: SigningKey, revision: NewRevision): string {
    const body = revisionBodySchema.parse({ format: 'cairn.revision', version: 1, ...revision, author: { keyId: author.keyId } });
    return this.putSigned(author, body, (address) => revisionPath(author.keyId, address));
  }

  /** The author's head: the revisions its next one builds on. Replaced whole. */
  writeHead(author: SigningKey, heads: readonly string[], createdAt: number): void {
    const body: HeadBody = headBodySchema.parse({ format: 'cairn.head', version: 1, author: { keyId: author.keyId }, heads, createdAt });
    const bodyText = canonicalText(body);
    this.put(headPath(author.keyId), signedText(bodyText, author.sign(bodyText)));
  }

  private putSigned(key: SigningKey, body: object, where: (address: string) => string): string {
    const bodyText = canonicalText(body);
    const address = createHash('sha256').update(bodyText, 'utf8').digest('hex');
    const file = where(address);
    // Content-addressed: the same body is the same object, already written.
    if (!existsSync(path.join(this.dir, file))) this.put(file, signedText(bodyText, key.sign(bodyText)));
    return address;
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
