import { statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FINDING_STATUSES, type Finding, type FindingTotals } from '../core/revisions';
import { parseCommandArgs, type Writer } from './commandArgs';
import { verifyFolderStore, type VerifyProgress } from './services/revisions/verifyFolder';
import { verifyStore } from './services/revisions/verifyStore';
import { openSharedStore } from './services/sharedStore/openSharedStore';
import { locationKind } from './services/stores/storeFactory';

export const VERIFY_HELP = `  cairn verify <store> [--root KEYID] [--json <report.json>]
      Check every object of a shared store (a folder, s3://bucket/prefix, or an http(s):// URL
      whose server has the store's index.json): each revision's hash (its address), its author's
      Ed25519 signature, that an admin registered the key with a role that may write there and
      had not revoked it, and that its parents are present and sound; key records, heads and
      releases too (a release must be signed by a reviewer or an admin and follow the one before),
      and assignments (admins), verdicts (reviewers and admins, never on their own work) and
      comments (anyone registered), each with the records it names.
      S3 settings come from CAIRN_S3_ENDPOINT, CAIRN_S3_REGION, CAIRN_S3_FORCE_PATH_STYLE and the
      usual AWS credentials chain.
      Prints each problem and the totals; exit status 0 when everything verified, 1 when anything
      failed (or the store cannot be read), 2 on usage errors.
      --root KEYID     trust only this root admin key (else the one the store's store.json names)
      --json FILE      write every object's finding and the totals as JSON
`;

/** report.json. */
export interface VerifyDocument {
  readonly format: 'cairn-verify';
  readonly version: 1;
  readonly store: string;
  readonly rootKeyId: string | null;
  readonly totals: FindingTotals & { readonly objects: number; readonly usableRevisions: number; readonly soundReleases: number };
  readonly findings: readonly Finding[];
}

const HEX64 = /^[0-9a-f]{64}$/;

/** `cairn verify`: returns the exit status. */
export async function runVerify(args: string[], out: Writer = process.stdout, err: Writer = process.stderr): Promise<number> {
  const parsed = parseCommandArgs('verify', VERIFY_HELP, args, { json: { type: 'string' }, root: { type: 'string' } }, err);
  if (!parsed) return 2;
  const { values, positionals, usage } = parsed;
  if (positionals.length !== 1) return usage('give exactly one store (a folder, s3:// or http(s):// location)');
  if (values.root !== undefined && !HEX64.test(values.root)) return usage(`--root takes a key id (64 lowercase hex digits), got "${values.root}"`);
  let kind: ReturnType<typeof locationKind>;
  try {
    kind = locationKind(positionals[0]);
  } catch (e) {
    return usage((e as Error).message);
  }
  const where = kind === 'local' ? path.resolve(positionals[0]) : positionals[0];
  if (kind === 'local') {
    try {
      if (!statSync(where).isDirectory()) throw new Error('not a folder');
    } catch (e) {
      const message = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such folder' : (e as Error).message;
      err.write(`cairn verify: ${where}: ${message}\n`);
      return 1;
    }
  }

  let result: Awaited<ReturnType<typeof verifyFolderStore>>;
  let label = where;
  const started = performance.now();
  const onProgress = (p: VerifyProgress) => {
    if (p.phase === 'list') err.write(`${p.total.toLocaleString('en-US')} files in ${label}\n`);
    else if (p.phase !== 'releases' || p.total > 0) err.write(`${p.phase}: ${p.done.toLocaleString('en-US')}/${p.total.toLocaleString('en-US')}\n`);
  };
  try {
    if (kind === 'local') {
      // Read directly: the fastest way through a folder of 100,000 small files.
      result = await verifyFolderStore(where, { rootKeyId: values.root, onProgress });
    } else {
      const store = openSharedStore(where);
      label = store.label;
      try {
        result = await verifyStore(store, { rootKeyId: values.root, onProgress });
      } finally {
        await store.close();
      }
    }
  } catch (e) {
    // Shared-store errors already start with the store's name.
    const message = (e as Error).message;
    err.write(`cairn verify: ${message.startsWith(label) ? message : `${label}: ${message}`}\n`);
    return 1;
  }
  const seconds = (performance.now() - started) / 1000;
  const problems = result.findings.filter((f) => f.status !== 'ok');
  for (const f of problems) out.write(`${f.status}\t${f.path}\t${f.message}\n`);
  const counts = FINDING_STATUSES.filter((s) => result.totals[s] > 0).map((s) => `${result.totals[s].toLocaleString('en-US')} ${s}`);
  out.write(
    `${result.findings.length.toLocaleString('en-US')} objects: ${counts.join(', ') || 'none'}; ${result.usable.size.toLocaleString('en-US')} revisions usable${result.releases.length ? `, ${result.releases.length.toLocaleString('en-US')} release(s) sound` : ''}; root key ${result.rootKeyId ?? 'none'} (${seconds.toFixed(1)} s)\n`,
  );

  if (values.json) {
    const doc: VerifyDocument = {
      format: 'cairn-verify',
      version: 1,
      store: label,
      rootKeyId: result.rootKeyId,
      totals: { ...result.totals, objects: result.findings.length, usableRevisions: result.usable.size, soundReleases: result.releases.length },
      findings: result.findings,
    };
    try {
      await writeFile(values.json, `${JSON.stringify(doc, null, 1)}\n`);
    } catch (e) {
      err.write(`cairn verify: ${values.json}: ${(e as Error).message}\n`);
      return 1;
    }
    err.write(`wrote ${values.json}\n`);
  }
  return problems.length ? 1 : 0;
}
