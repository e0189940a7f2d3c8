import type { RevisionCrypto } from './revisionCrypto';
import { countFindings, type Finding, type FindingStatus, type FindingTotals, type StoredObject } from './findings';
import { buildKeyRegistry, keyStatusAt, type KeyRegistry, type KeyRegistryOptions, type RegisteredKey } from './keyRegistry';
import { classifyStorePath } from './layout';
import { mayWrite } from './roles';
import { headBodySchema, revisionBodySchema, type HeadBody, type RevisionBody } from './schema';
import { firstIssue, openSigned } from './signed';

/** A revision's own verdict (before its parents are looked at) and what the parent check needs. */
export interface RevisionCheck {
  readonly finding: Finding;
  /** The parsed revision when the object passed every check of its own. */
  readonly revision: RevisionBody | null;
}

/** The signature check a signed object still needs: the host runs it (in a thread pool if it likes) and hands back the answer. */
export interface PendingSignature {
  readonly publicKey: string;
  readonly message: string;
  readonly signature: string;
}

type Signed<B> = { ok: true; body: B; key: RegisteredKey } | { ok: false; status: FindingStatus; message: string };
type Prechecked<B> = { done: Signed<B> } | { pending: PendingSignature; finish: (signatureOk: boolean) => Signed<B> };

/**
 * The checks every signed object in a writer's prefix shares: canonical form, (for addressed
 * objects) the hash, the body's schema, a registered key; then, once the signature is checked, its
 * validity when the object was made, and that the author owns the prefix and has a role that may
 * write annotations.
 */
function precheckSigned<B extends { readonly author: { readonly keyId: string }; readonly createdAt: number }>(
  text: string,
  address: string | null,
  writer: string,
  parse: (body: unknown) => { success: true; data: B } | { success: false; error: Parameters<typeof firstIssue>[0] },
  registry: KeyRegistry,
  crypto: Pick<RevisionCrypto, 'sha256Hex'>,
): Prechecked<B> {
  const fail = (status: FindingStatus, message: string) => ({ done: { ok: false as const, status, message } });
  const opened = openSigned(text);
  if (!opened.ok) return fail('malformed', opened.message);
  if (address !== null) {
    const hash = crypto.sha256Hex(opened.bodyText);
    if (hash !== address) return fail('hash-mismatch', `its body hashes to ${hash}`);
  }
  const parsed = parse(opened.body);
  if (!parsed.success) return fail('malformed', firstIssue(parsed.error));
  const body = parsed.data;
  const keyId = body.author.keyId;
  const key = registry.keys.get(keyId);
  if (!key) return fail('unknown-key', `signed by ${keyId}, which no admin of this store registered`);
  const finish = (signatureOk: boolean): Signed<B> => {
    if (!signatureOk) return { ok: false, status: 'bad-signature', message: `the signature is not ${keyId}'s (${key.name})` };
    const valid = keyStatusAt(key, body.createdAt);
    if (valid.status !== 'ok') return { ok: false, ...valid };
    if (keyId !== writer) return { ok: false, status: 'role-not-allowed', message: `made by ${keyId} (${key.name}) but stored under ${writer}'s prefix` };
    if (!mayWrite(key.role, 'annotations')) {
      return { ok: false, status: 'role-not-allowed', message: `made by ${keyId} (${key.name}), a ${key.role}: only annotators and admins write annotations` };
    }
    return { ok: true, body, key };
  };
  return { pending: { publicKey: key.publicKey, message: opened.bodyText, signature: opened.signature }, finish };
}

function settle<B>(pre: Prechecked<B>, crypto: RevisionCrypto): Signed<B> {
  return 'done' in pre ? pre.done : pre.finish(crypto.verify(pre.pending.publicKey, pre.pending.message, pre.pending.signature));
}

/** A revision's checks up to its signature, which the caller checks and hands to `finish`. Never throws. */
export type RevisionPrecheck = { readonly done: RevisionCheck } | { readonly pending: PendingSignature; readonly finish: (signatureOk: boolean) => RevisionCheck };

export function precheckRevision(object: StoredObject, registry: KeyRegistry, crypto: Pick<RevisionCrypto, 'sha256Hex'>): RevisionPrecheck {
  const where = classifyStorePath(object.path);
  if (where?.kind !== 'revision') {
    return { done: { finding: { path: object.path, kind: 'revision', address: null, status: 'malformed', message: 'not a revision path (annotations/<keyId>/revisions/<sha256>.json)' }, revision: null } };
  }
  const base = { path: object.path, kind: 'revision' as const, address: where.address };
  const conclude = (result: Signed<RevisionBody>): RevisionCheck => {
    if (!result.ok) return { finding: { ...base, status: result.status, message: result.message }, revision: null };
    const r = result.body;
    const changes = r.operations.reduce((n, op) => n + op.changes.length + (op.trackSettings?.length ?? 0), 0);
    const message = `by ${result.key.name} (${result.key.role}) at ${r.createdAt}: ${r.operations.length} operation(s), ${changes} change(s), ${r.parents.length} parent(s)`;
    return { finding: { ...base, status: 'ok', message }, revision: r };
  };
  const pre = precheckSigned(object.text, where.address, where.writer, (b) => revisionBodySchema.safeParse(b), registry, crypto);
  return 'done' in pre ? { done: conclude(pre.done) } : { pending: pre.pending, finish: (ok) => conclude(pre.finish(ok)) };
}

/** One revision object's own checks. Never throws, whatever the text. */
export function checkRevision(object: StoredObject, registry: KeyRegistry, crypto: RevisionCrypto): RevisionCheck {
  const pre = precheckRevision(object, registry, crypto);
  return 'done' in pre ? pre.done : pre.finish(crypto.verify(pre.pending.publicKey, pre.pending.message, pre.pending.signature));
}

/** Why a revision may not be used, or null when it may. */
export type Ancestry = string | null;

/**
 * The revisions that may be used: those that passed their own checks and whose every ancestor is
 * present and passed too. A revision built on an excluded one is excluded with it (it applies its
 * operations to a state nobody may trust). `parentsOf` holds the revisions that passed their own
 * checks; `present` every address stored, so a parent is told apart as missing or excluded. Walks
 * with its own stack: a history can be 100,000 revisions deep.
 */
export function resolveAncestry(parentsOf: ReadonlyMap<string, readonly string[]>, present: ReadonlySet<string>): Map<string, Ancestry> {
  const verdict = new Map<string, Ancestry>();
  const onStack = new Set<string>();
  const leaf = (p: string) => verdict.set(p, present.has(p) ? 'excluded' : 'missing');
  for (const start of parentsOf.keys()) {
    if (verdict.has(start)) continue;
    const stack = [{ address: start, next: 0, cycle: false }];
    onStack.add(start);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const parents = parentsOf.get(top.address) ?? [];
      if (top.next < parents.length) {
        const p = parents[top.next++];
        if (verdict.has(p)) continue;
        // A hash chain cannot loop (that would take a SHA-256 preimage); refuse one rather than spin.
        if (onStack.has(p)) top.cycle = true;
        else if (!parentsOf.has(p)) leaf(p);
        else {
          stack.push({ address: p, next: 0, cycle: false });
          onStack.add(p);
        }
        continue;
      }
      stack.pop();
      onStack.delete(top.address);
      const bad = parents.find((p) => verdict.get(p) !== null);
      verdict.set(
        top.address,
        top.cycle ? 'its parents form a cycle' : bad === undefined ? null : `parent ${bad} is ${verdict.get(bad) === 'missing' ? 'missing from the store' : 'excluded'}`,
      );
    }
  }
  return verdict;
}

/** A writer's head file: signed by the writer, naming only usable revisions. */
export function checkHead(object: StoredObject, registry: KeyRegistry, usable: (address: string) => 'missing' | 'excluded' | null, crypto: RevisionCrypto): Finding {
  const where = classifyStorePath(object.path);
  const base = { path: object.path, kind: 'head' as const, address: null };
  if (where?.kind !== 'head') return { ...base, status: 'malformed', message: 'not a head path (annotations/<keyId>/head.json)' };
  const result = settle(precheckSigned<HeadBody>(object.text, null, where.writer, (b) => headBodySchema.safeParse(b), registry, crypto), crypto);
  if (!result.ok) return { ...base, status: result.status, message: result.message };
  for (const head of result.body.heads) {
    const why = usable(head);
    if (why !== null) return { ...base, status: 'bad-parent', message: `names ${head}, which is ${why === 'missing' ? 'missing from the store' : 'excluded'}` };
  }
  return { ...base, status: 'ok', message: `${result.body.heads.length} head(s) at ${result.body.createdAt}` };
}

export interface StoreObjects {
  readonly store: StoredObject | null;
  readonly keys: readonly StoredObject[];
  readonly revisions: readonly StoredObject[];
  readonly heads: readonly StoredObject[];
  /** Files the layout has no place for: reported, never read as anything. */
  readonly other?: readonly StoredObject[];
}

export interface StoreVerification {
  readonly rootKeyId: string | null;
  readonly findings: readonly Finding[];
  readonly totals: FindingTotals;
  /** The addresses of the revisions that may be used. */
  readonly usable: ReadonlySet<string>;
}

/** Verifies every object of a store held in memory (tests, small stores); the host streams large ones through the same steps. */
export function verifyStore(objects: StoreObjects, crypto: RevisionCrypto, options: KeyRegistryOptions = {}): StoreVerification {
  const { registry, findings } = buildKeyRegistry(objects.store, objects.keys, crypto, options);
  const checks = objects.revisions.map((o) => {
    const check = checkRevision(o, registry, crypto);
    return { finding: check.finding, parents: check.revision?.parents ?? null };
  });
  const { findings: revisionFindings, usable, verdictOf } = settleRevisions(checks);
  const all = [...findings, ...revisionFindings, ...objects.heads.map((h) => checkHead(h, registry, verdictOf, crypto))];
  for (const o of objects.other ?? []) all.push({ path: o.path, kind: 'unknown', address: null, status: 'malformed', message: 'the store layout has no place for this file' });
  return { rootKeyId: registry.rootKeyId, findings: all, totals: countFindings(all), usable };
}

/** Applies the ancestry check to revisions that passed their own checks. */
export function settleRevisions(checks: readonly { readonly finding: Finding; readonly parents: readonly string[] | null }[]) {
  const parentsOf = new Map<string, readonly string[]>();
  const present = new Set<string>();
  for (const c of checks) {
    if (!c.finding.address) continue;
    present.add(c.finding.address);
    if (c.finding.status === 'ok' && c.parents) parentsOf.set(c.finding.address, c.parents);
  }
  const verdicts = resolveAncestry(parentsOf, present);
  const usable = new Set<string>();
  const findings = checks.map((c): Finding => {
    if (c.finding.status !== 'ok' || !c.finding.address) return c.finding;
    const why = verdicts.get(c.finding.address);
    if (why === null) {
      usable.add(c.finding.address);
      return c.finding;
    }
    return { ...c.finding, status: 'bad-parent', message: why ?? 'excluded' };
  });
  const verdictOf = (address: string): 'missing' | 'excluded' | null => (usable.has(address) ? null : present.has(address) ? 'excluded' : 'missing');
  return { findings, usable, verdictOf };
}
