import type { RevisionCrypto } from './revisionCrypto';
import { countFindings, type Finding, type FindingStatus, type FindingTotals, type StoredObject } from './findings';
import { buildKeyRegistry, keyStatusAt, type KeyRegistry, type KeyRegistryOptions, type RegisteredKey } from './keyRegistry';
import { classifyStorePath } from './layout';
import { mayWrite, type StoreArea } from './roles';
import { headBodySchema, releaseBodySchema, revisionBodySchema, type HeadBody, type ReleaseBody, type RevisionBody } from './schema';
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

export type Signed<B> = { ok: true; body: B; key: RegisteredKey } | { ok: false; status: FindingStatus; message: string };
export type Prechecked<B> = { done: Signed<B> } | { pending: PendingSignature; finish: (signatureOk: boolean) => Signed<B> };

/** What a role-not-allowed finding says of each area. */
const WHO_MAY_WRITE: Record<StoreArea, string> = {
  annotations: 'only annotators and admins write annotations',
  keys: 'only admins register or revoke keys',
  releases: 'only reviewers and admins publish releases',
  assignments: 'only admins assign work',
  reviews: 'only reviewers and admins give verdicts',
  comments: 'only registered keys comment',
};

/**
 * The checks every signed object in a writer's prefix (or the release log) shares: canonical form,
 * (for addressed objects) the hash, the body's schema, a registered key; then, once the signature
 * is checked, its validity when the object was made, and that the author owns the prefix (when
 * there is one) and has a role that may write that area.
 */
export function precheckSigned<B extends { readonly author: { readonly keyId: string }; readonly createdAt: number }>(
  text: string,
  address: string | null,
  writer: string | null,
  parse: (body: unknown) => { success: true; data: B } | { success: false; error: Parameters<typeof firstIssue>[0] },
  registry: KeyRegistry,
  crypto: Pick<RevisionCrypto, 'sha256Hex'>,
  area: StoreArea = 'annotations',
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
    if (writer !== null && keyId !== writer) return { ok: false, status: 'role-not-allowed', message: `made by ${keyId} (${key.name}) but stored under ${writer}'s prefix` };
    if (!mayWrite(key.role, area)) {
      const who = WHO_MAY_WRITE[area];
      return { ok: false, status: 'role-not-allowed', message: `made by ${keyId} (${key.name}), ${/^[aeiou]/.test(key.role) ? 'an' : 'a'} ${key.role}: ${who}` };
    }
    return { ok: true, body, key };
  };
  return { pending: { publicKey: key.publicKey, message: opened.bodyText, signature: opened.signature }, finish };
}

export function settle<B>(pre: Prechecked<B>, crypto: RevisionCrypto): Signed<B> {
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
  // Each frame holds its parents, looked up once when pushed rather than at every step.
  for (const [start, startParents] of parentsOf) {
    if (verdict.has(start)) continue;
    const stack = [{ address: start, parents: startParents, next: 0, cycle: false }];
    onStack.add(start);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const parents = top.parents;
      if (top.next < parents.length) {
        const p = parents[top.next++];
        if (verdict.has(p)) continue;
        // A hash chain cannot loop (that would take a SHA-256 preimage); refuse one rather than spin.
        if (onStack.has(p)) {
          top.cycle = true;
          continue;
        }
        const grandparents = parentsOf.get(p);
        if (grandparents === undefined) leaf(p);
        else {
          stack.push({ address: p, parents: grandparents, next: 0, cycle: false });
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
  readonly releases?: readonly StoredObject[];
  /** Files the layout has no place for: reported, never read as anything. */
  readonly other?: readonly StoredObject[];
}

export interface StoreVerification {
  readonly rootKeyId: string | null;
  readonly findings: readonly Finding[];
  readonly totals: FindingTotals;
  /** The addresses of the revisions that may be used. */
  readonly usable: ReadonlySet<string>;
  /** The releases that passed, in number order (a prefix of the log: it stops at the first one excluded). */
  readonly releases: readonly VerifiedRelease[];
}

/** Verifies every object of a store held in memory (tests, small stores); the host streams large ones through the same steps. */
export function verifyStore(objects: StoreObjects, crypto: RevisionCrypto, options: KeyRegistryOptions = {}): StoreVerification {
  const { registry, findings } = buildKeyRegistry(objects.store, objects.keys, crypto, options);
  const checks = objects.revisions.map((o) => {
    const check = checkRevision(o, registry, crypto);
    return { finding: check.finding, parents: check.revision?.parents ?? null };
  });
  const { findings: revisionFindings, usable, verdictOf } = settleRevisions(checks);
  const releases = checkReleases(objects.releases ?? [], registry, verdictOf, crypto);
  const all = [...findings, ...revisionFindings, ...objects.heads.map((h) => checkHead(h, registry, verdictOf, crypto)), ...releases.findings];
  for (const o of objects.other ?? []) all.push({ path: o.path, kind: 'unknown', address: null, status: 'malformed', message: 'the store layout has no place for this file' });
  return { rootKeyId: registry.rootKeyId, findings: all, totals: countFindings(all), usable, releases: releases.verified };
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

/** A release that passed every check: its number, its address (what the next release names) and what it snapshots. */
export interface VerifiedRelease {
  readonly number: number;
  readonly address: string;
  readonly body: ReleaseBody;
}

/**
 * The release log, in number order: each release signed by a reviewer or an admin, stored under
 * its own number, naming the address of the release before it (which must itself have passed) and
 * only usable revisions. A release after a gap or after an excluded one is excluded: the log is a
 * chain, and a link nobody can check breaks it. Returns the findings and the releases that passed.
 */
export function checkReleases(
  objects: readonly StoredObject[],
  registry: KeyRegistry,
  usable: (address: string) => 'missing' | 'excluded' | null,
  crypto: RevisionCrypto,
): { findings: Finding[]; verified: VerifiedRelease[] } {
  const numbered = objects.map((o) => ({ o, where: classifyStorePath(o.path) })).sort((a, b) => (a.where?.kind === 'release' ? a.where.number : 0) - (b.where?.kind === 'release' ? b.where.number : 0));
  const passed = new Map<number, string>();
  const present = new Set(numbered.map(({ where }) => (where?.kind === 'release' ? where.number : 0)));
  const verified: VerifiedRelease[] = [];
  const findings: Finding[] = numbered.map(({ o, where }) => {
    if (where?.kind !== 'release') return { path: o.path, kind: 'release', address: null, status: 'malformed', message: 'not a release path (releases/<number, 6 digits or more>.json)' };
    const opened = openSigned(o.text);
    const address = opened.ok ? crypto.sha256Hex(opened.bodyText) : null;
    const base = { path: o.path, kind: 'release' as const, address };
    const result = settle(precheckSigned<ReleaseBody>(o.text, null, null, (b) => releaseBodySchema.safeParse(b), registry, crypto, 'releases'), crypto);
    if (!result.ok) return { ...base, status: result.status, message: result.message };
    const body = result.body;
    if (body.number !== where.number) return { ...base, status: 'malformed', message: `says it is release ${body.number} but is stored as release ${where.number}` };
    if (body.number > 1) {
      const before = passed.get(body.number - 1);
      if (before === undefined) {
        const why = present.has(body.number - 1) ? 'excluded' : 'missing from the store';
        return { ...base, status: 'bad-parent', message: `release ${body.number - 1}, which it follows, is ${why}` };
      }
      if (body.previous !== before) return { ...base, status: 'bad-parent', message: `names ${body.previous} as release ${body.number - 1}, which is ${before}` };
    }
    for (const head of body.heads) {
      const why = usable(head);
      if (why !== null) return { ...base, status: 'bad-parent', message: `snapshots ${head}, which is ${why === 'missing' ? 'missing from the store' : 'excluded'}` };
    }
    passed.set(body.number, address!);
    verified.push({ number: body.number, address: address!, body });
    return { ...base, status: 'ok', message: `release ${body.number} by ${result.key.name} (${result.key.role}) at ${body.createdAt}: ${body.heads.length} head(s)` };
  });
  return { findings, verified };
}
