import { statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FINDING_STATUSES, type Finding, type FindingTotals } from '../core/revisions';
import { parseCommandArgs, type Writer } from './commandArgs';
import { verifyFolderStore } from './services/revisions/verifyFolder';

export const VERIFY_HELP = `  cairn verify <store folder> [--root KEYID] [--json <report.json>]
      Check every object of a shared store: each revision's hash (its address), its author's
      Ed25519 signature, that an admin registered the key with a role that may write there and
      had not revoked it, and that its parents are present and sound; key records and heads too.
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
  readonly totals: FindingTotals & { readonly objects: number; readonly usableRevisions: number };
  readonly findings: readonly Finding[];
}

const HEX64 = /^[0-9a-f]{64}$/;

/** `cairn verify`: returns the exit status. */
export async function runVerify(args: string[], out: Writer = process.stdout, err: Writer = process.stderr): Promise<number> {
  const parsed = parseCommandArgs('verify', VERIFY_HELP, args, { json: { type: 'string' }, root: { type: 'string' } }, err);
  if (!parsed) return 2;
  const { values, positionals, usage } = parsed;
  if (positionals.length !== 1) return usage('give exactly one store folder');
  if (values.root !== undefined && !HEX64.test(values.root)) return usage(`--root takes a key id (64 lowercase hex digits), got "${values.root}"`);
  const dir = path.resolve(positionals[0]);
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a folder');
  } catch (e) {
    const message = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such folder' : (e as Error).message;
    err.write(`cairn verify: ${dir}: ${message}\n`);
    return 1;
  }

  let result: Awaited<ReturnType<typeof verifyFolderStore>>;
  const started = performance.now();
  try {
    result = await verifyFolderStore(dir, {
      rootKeyId: values.root,
      onProgress: (p) => err.write(p.phase === 'list' ? `${p.total.toLocaleString('en-US')} files in ${dir}\n` : `${p.phase}: ${p.done.toLocaleString('en-US')}/${p.total.toLocaleString('en-US')}\n`),
    });
  } catch (e) {
    err.write(`cairn verify: ${dir}: ${(e as Error).message}\n`);
    return 1;
  }
  const seconds = (performance.now() - started) / 1000;
  const problems = result.findings.filter((f) => f.status !== 'ok');
  for (const f of problems) out.write(`${f.status}\t${f.path}\t${f.message}\n`);
  const counts = FINDING_STATUSES.filter((s) => result.totals[s] > 0).map((s) => `${result.totals[s].toLocaleString('en-US')} ${s}`);
  out.write(
    `${result.findings.length.toLocaleString('en-US')} objects: ${counts.join(', ') || 'none'}; ${result.usable.size.toLocaleString('en-US')} revisions usable; root key ${result.rootKeyId ?? 'none'} (${seconds.toFixed(1)} s)\n`,
  );

  if (values.json) {
    const doc: VerifyDocument = {
      format: 'cairn-verify',
      version: 1,
      store: dir,
      rootKeyId: result.rootKeyId,
      totals: { ...result.totals, objects: result.findings.length, usableRevisions: result.usable.size },
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
