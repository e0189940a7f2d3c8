import { STORE_FILE } from '../../../core/revisions';
import type { SharedStore } from '../sharedStore/sharedStore';
import { storeConfigText } from './folderStore';
import type { SigningKey } from './keyFiles';
import { headObject, keyRecordObject, revisionObject, type NewKeyRecord, type NewRevision } from './signedObjects';

const utf8 = (text: string) => new TextEncoder().encode(text);

/**
 * Writes signed objects into any shared store (folder, S3): the same objects, at the same paths,
 * as FolderStoreWriter. Each put is whole or absent on every backend, so a writer cut off mid-way
 * leaves objects a reader either verifies or never sees.
 */
export class StoreWriter {
  constructor(readonly store: SharedStore) {}

  /** A new store whose root admin is `root`: store.json and the root's self-signed registration. */
  static async create(store: SharedStore, root: SigningKey, at: { name: string; createdAt: number }): Promise<StoreWriter> {
    // Create-only where the store can, so two admins creating one store cannot both win; else checked first.
    const conditional = (await store.capabilities()).conditionalWrite;
    if (!conditional && (await store.get(STORE_FILE)) !== null) throw new Error(`${store.label}: ${STORE_FILE}: a store is already there`);
    if ((await store.put(STORE_FILE, utf8(storeConfigText(root.keyId)), { ifAbsent: conditional })) === 'exists') {
      throw new Error(`${store.label}: ${STORE_FILE}: a store is already there`);
    }
    const writer = new StoreWriter(store);
    await writer.writeKeyRecord(root, { action: 'register', keyId: root.keyId, publicKey: root.publicKey, role: 'admin', name: at.name, validFrom: at.createdAt, createdAt: at.createdAt });
    return writer;
  }

  /** An admin's registration or revocation of a key; returns its address. */
  async writeKeyRecord(admin: SigningKey, record: NewKeyRecord): Promise<string> {
    const object = keyRecordObject(admin, record);
    // Content-addressed and Ed25519 signatures are deterministic: writing it again writes the same bytes.
    await this.store.put(object.path, utf8(object.text));
    return object.address;
  }

  /** A revision signed by its author, under the author's own prefix; returns its address. */
  async writeRevision(author: SigningKey, revision: NewRevision): Promise<string> {
    const object = revisionObject(author, revision);
    await this.store.put(object.path, utf8(object.text));
    return object.address;
  }

  /** The author's head: the revisions its next one builds on. Replaced whole. */
  async writeHead(author: SigningKey, heads: readonly string[], createdAt: number): Promise<void> {
    const object = headObject(author, heads, createdAt);
    await this.store.put(object.path, utf8(object.text));
  }
}
