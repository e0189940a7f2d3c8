import type { RevisionCrypto } from './revisionCrypto';
import type { Finding, FindingStatus, StoredObject } from './findings';
import { classifyStorePath, STORE_FILE } from './layout';
import { mayWrite } from './roles';
import { keyRecordBodySchema, storeConfigSchema, type KeyRecordBody, type Role } from './schema';
import { firstIssue, openSigned } from './signed';

export interface RegisteredKey {
  readonly keyId: string;
  readonly publicKey: string;
  readonly role: Role;
  readonly name: string;
  readonly validFrom: number;
  /** Objects made at or after this time are refused; null while the key is not revoked. */
  readonly revokedAt: number | null;
  /** The address of the record that registered it. */
  readonly registeredBy: string;
}

export interface KeyRegistry {
  /** The trust anchor: the pinned root key, else the one store.json names; null when there is none. */
  readonly rootKeyId: string | null;
  readonly keys: ReadonlyMap<string, RegisteredKey>;
}

/** Whether a key may sign an object made at `time`, or which finding it earns. */
export function keyStatusAt(key: RegisteredKey, time: number): { status: FindingStatus; message: string } {
  if (time < key.validFrom) return { status: 'unknown-key', message: `key ${key.keyId} (${key.name}) is valid only from ${key.validFrom}, the object was made at ${time}` };
  if (key.revokedAt !== null && time >= key.revokedAt) {
    return { status: 'key-revoked', message: `key ${key.keyId} (${key.name}) was revoked at ${key.revokedAt}, the object was made at ${time}` };
  }
  return { status: 'ok', message: '' };
}

interface Candidate {
  readonly object: StoredObject;
  readonly address: string;
  readonly body: KeyRecordBody;
  readonly bodyText: string;
  readonly signature: string;
}

export interface KeyRegistryOptions {
  /** A root key id the reader trusts (pinned); without it the store's own store.json names the root. */
  readonly rootKeyId?: string;
}

/**
 * The store's registered keys, from its store.json and its key records, with a finding for each
 * of those objects. The root admin registers itself (the record's author is its own key); every
 * other record must be signed by an admin valid when the record was made. Records are applied in
 * the order they were made (then by address), so an admin exists before what it signs.
 *
 * A revocation validly signed by any admin stands, whatever becomes of that admin later, and it is
 * applied before registrations are checked: revoking an admin from a time refuses the keys it
 * registered from then on. Erring this way only ever excludes more.
 */
export function buildKeyRegistry(
  storeFile: StoredObject | null,
  keyObjects: readonly StoredObject[],
  crypto: RevisionCrypto,
  options: KeyRegistryOptions = {},
): { registry: KeyRegistry; findings: Finding[] } {
  const findings: Finding[] = [];
  const store = readStoreFile(storeFile, options.rootKeyId);
  const rootKeyId = store.rootKeyId;

  const candidates: Candidate[] = [];
  const refuse = (object: StoredObject, address: string | null, status: FindingStatus, message: string) =>
    findings.push({ path: object.path, kind: 'key', address, status, message });
  for (const object of keyObjects) {
    const where = classifyStorePath(object.path);
    if (where?.kind !== 'key') {
      refuse(object, null, 'malformed', 'not a key record path (keys/<sha256>.json)');
      continue;
    }
    const opened = openSigned(object.text);
    if (!opened.ok) {
      refuse(object, where.address, 'malformed', opened.message);
      continue;
    }
    const hash = crypto.sha256Hex(opened.bodyText);
    if (hash !== where.address) {
      refuse(object, where.address, 'hash-mismatch', `its body hashes to ${hash}`);
      continue;
    }
    const parsed = keyRecordBodySchema.safeParse(opened.body);
    if (!parsed.success) {
      refuse(object, where.address, 'malformed', firstIssue(parsed.error));
      continue;
    }
    if (parsed.data.action === 'register' && crypto.keyIdOf(parsed.data.publicKey) !== parsed.data.keyId) {
      refuse(object, where.address, 'malformed', `keyId ${parsed.data.keyId} is not the SHA-256 of its public key`);
      continue;
    }
    candidates.push({ object, address: where.address, body: parsed.data, bodyText: opened.bodyText, signature: opened.signature });
  }
  candidates.sort((a, b) => a.body.createdAt - b.body.createdAt || (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));

  const firstPass = applyKeyRecords(candidates, rootKeyId, new Map(), crypto);
  const revocations = new Map<string, number>();
  for (const c of candidates) {
    if (c.body.action === 'revoke' && firstPass.accepted.has(c.address)) {
      revocations.set(c.body.keyId, Math.min(revocations.get(c.body.keyId) ?? Infinity, c.body.revokedAt));
    }
  }
  const result = applyKeyRecords(candidates, rootKeyId, revocations, crypto);
  let storeVerdict = store.verdict;
  if (storeVerdict.status === 'ok' && rootKeyId && !result.keys.has(rootKeyId)) {
    storeVerdict = { status: 'unknown-key', message: `names the root key ${rootKeyId}, which no self-signed admin registration in keys/ matches` };
  }
  findings.push({ path: STORE_FILE, kind: 'store', address: null, ...storeVerdict });
  for (const c of candidates) {
    const verdict = result.verdicts.get(c.address) ?? { status: 'ok' as const, message: '' };
    refuse(c.object, c.address, verdict.status, verdict.message || describeKeyRecord(c.body));
  }
  return { registry: { rootKeyId, keys: result.keys }, findings };
}

/** The trust anchor and store.json's own finding (before the key records are read). */
function readStoreFile(storeFile: StoredObject | null, pinned: string | undefined): { rootKeyId: string | null; verdict: { status: FindingStatus; message: string } } {
  if (!storeFile) return { rootKeyId: pinned ?? null, verdict: { status: 'malformed', message: 'the store has no store.json naming its root key' } };
  const config = parseStoreConfig(storeFile.text);
  if (typeof config === 'string') return { rootKeyId: pinned ?? null, verdict: { status: 'malformed', message: config } };
  if (pinned && config.rootKeyId !== pinned) return { rootKeyId: pinned, verdict: { status: 'unknown-key', message: `names the root key ${config.rootKeyId}, not the pinned ${pinned}` } };
  const how = pinned ? ' (pinned)' : ' (as the store says: pin it with --root to trust no other)';
  return { rootKeyId: config.rootKeyId, verdict: { status: 'ok', message: `root key ${config.rootKeyId}${how}` } };
}

function parseStoreConfig(text: string) {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return `not JSON: ${(e as Error).message}`;
  }
  const parsed = storeConfigSchema.safeParse(raw);
  if (!parsed.success) return firstIssue(parsed.error);
  if (`${JSON.stringify(parsed.data, null, 2)}\n` !== text) return 'not in the form Cairn writes it (a byte was changed after writing)';
  return parsed.data;
}

function describeKeyRecord(body: KeyRecordBody): string {
  return body.action === 'register'
    ? `registers ${body.keyId} (${body.name}) as ${body.role} from ${body.validFrom}`
    : `revokes ${body.keyId} from ${body.revokedAt}`;
}

function applyKeyRecords(candidates: readonly Candidate[], rootKeyId: string | null, revocations: ReadonlyMap<string, number>, crypto: RevisionCrypto) {
  const keys = new Map<string, RegisteredKey>();
  const verdicts = new Map<string, { status: FindingStatus; message: string }>();
  const accepted = new Set<string>();
  const withRevocation = (key: RegisteredKey): RegisteredKey => {
    const at = revocations.get(key.keyId);
    return at === undefined ? key : { ...key, revokedAt: Math.min(at, key.revokedAt ?? Infinity) };
  };
  for (const c of candidates) {
    const { body } = c;
    const signerId = body.author.keyId;
    const isRoot = body.action === 'register' && signerId === body.keyId && body.keyId === rootKeyId && body.role === 'admin';
    const signer = isRoot && body.action === 'register' ? undefined : keys.get(signerId);
    const signerKey = isRoot && body.action === 'register' ? body.publicKey : signer?.publicKey;
    if (!signerKey) {
      verdicts.set(c.address, { status: 'unknown-key', message: `signed by ${signerId}, which no admin of this store registered before ${body.createdAt}` });
      continue;
    }
    if (!crypto.verify(signerKey, c.bodyText, c.signature)) {
      verdicts.set(c.address, { status: 'bad-signature', message: `the signature is not ${signerId}'s` });
      continue;
    }
    if (signer) {
      if (!mayWrite(signer.role, 'keys')) {
        verdicts.set(c.address, { status: 'role-not-allowed', message: `signed by ${signerId}, a ${signer.role}: only admins register or revoke keys` });
        continue;
      }
      const valid = keyStatusAt(signer, body.createdAt);
      if (valid.status !== 'ok') {
        verdicts.set(c.address, valid);
        continue;
      }
    }
    if (body.action === 'register') {
      const existing = keys.get(body.keyId);
      if (existing) {
        verdicts.set(c.address, { status: 'malformed', message: `key ${body.keyId} is already registered by ${existing.registeredBy}; a key has one role (register a new key for another)` });
        continue;
      }
      keys.set(
        body.keyId,
        withRevocation({ keyId: body.keyId, publicKey: body.publicKey, role: body.role, name: body.name, validFrom: body.validFrom, revokedAt: null, registeredBy: c.address }),
      );
    } else {
      const target = keys.get(body.keyId);
      if (!target) {
        verdicts.set(c.address, { status: 'unknown-key', message: `revokes ${body.keyId}, which is not registered before ${body.createdAt}` });
        continue;
      }
      keys.set(body.keyId, { ...target, revokedAt: Math.min(body.revokedAt, target.revokedAt ?? Infinity) });
    }
    accepted.add(c.address);
  }
  return { keys, verdicts, accepted };
}
