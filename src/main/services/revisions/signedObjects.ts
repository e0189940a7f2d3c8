import { createHash } from 'node:crypto';
import {
  canonicalText,
  headBodySchema,
  headPath,
  keyRecordBodySchema,
  keyRecordPath,
  releaseBodySchema,
  releasePath,
  revisionBodySchema,
  revisionPath,
  signedText,
  type KeyRecordBody,
  type ReleaseBody,
  type RevisionBody,
} from '../../../core/revisions';
import type { SigningKey } from './keyFiles';

type Unsigned<B> = B extends unknown ? Omit<B, 'format' | 'version' | 'author'> : never;
export type NewRevision = Unsigned<RevisionBody>;
export type NewKeyRecord = Unsigned<KeyRecordBody>;
export type NewRelease = Unsigned<ReleaseBody>;

/** A signed object ready to store: where it goes, its exact text, and its address (the SHA-256 of its canonical body). */
export interface SignedObject {
  readonly path: string;
  readonly text: string;
  readonly address: string;
}

/** Signs a body checked against its schema, so a writer never stores what a reader would refuse as malformed. */
function signed(key: SigningKey, body: object, where: (address: string) => string): SignedObject {
  const bodyText = canonicalText(body);
  const address = createHash('sha256').update(bodyText, 'utf8').digest('hex');
  return { path: where(address), text: signedText(bodyText, key.sign(bodyText)), address };
}

export function keyRecordObject(admin: SigningKey, record: NewKeyRecord): SignedObject {
  return signed(admin, keyRecordBodySchema.parse({ format: 'cairn.key', version: 1, ...record, author: { keyId: admin.keyId } }), keyRecordPath);
}

export function revisionObject(author: SigningKey, revision: NewRevision): SignedObject {
  const body = revisionBodySchema.parse({ format: 'cairn.revision', version: 1, ...revision, author: { keyId: author.keyId } });
  return signed(author, body, (address) => revisionPath(author.keyId, address));
}

export function headObject(author: SigningKey, heads: readonly string[], createdAt: number): SignedObject {
  const body = headBodySchema.parse({ format: 'cairn.head', version: 1, author: { keyId: author.keyId }, heads, createdAt });
  return signed(author, body, () => headPath(author.keyId));
}

export function releaseObject(reviewer: SigningKey, release: NewRelease): SignedObject {
  const body = releaseBodySchema.parse({ format: 'cairn.release', version: 1, ...release, author: { keyId: reviewer.keyId } });
  return signed(reviewer, body, () => releasePath(body.number));
}
