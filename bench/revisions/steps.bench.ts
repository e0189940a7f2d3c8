import { createHash, verify as edVerify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { canonicalText } from '../../src/core/revisions/canonical';
import { revisionBodySchema, signedEnvelopeSchema } from '../../src/core/revisions/schema';
import { openSigned } from '../../src/core/revisions/signed';
import { listStoreFiles } from '../../src/main/services/revisions/verifyFolder';
import { publicKeyFromHex } from '../../src/main/services/revisions/nodeCrypto';

/**
 * CPU time of each step `cairn verify` takes per revision, on the first `--count` revisions of a
 * bench store (made by verify.bench.ts --keep): says where the verifier's time goes, whatever the
 * machine's load. Run: nice -n 10 npx tsx bench/revisions/steps.bench.ts --store DIR [--count 5000]
 */
const { values } = parseArgs({ options: { store: { type: 'string' }, count: { type: 'string', default: '5000' } } });
if (!values.store) throw new Error('--store DIR (a store made by verify.bench.ts --keep)');
const dir = values.store;
const files = listStoreFiles(dir).filter((f) => f.includes('/revisions/')).slice(0, Number(values.count));

/** Runs a step over every revision twice (the first warms the JIT) and prints the second's CPU time. */
function step<T>(name: string, fn: (i: number) => T): T[] {
  files.forEach((_, i) => fn(i));
  const cpu0 = process.cpuUsage();
  const out = files.map((_, i) => fn(i));
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(`| ${name} | ${(((cpu.user + cpu.system) / files.length) * 1).toFixed(1)} |\n`);
  return out;
}

process.stdout.write(`${files.length} revisions of ${dir}\n| step | CPU µs per revision |\n| --- | --- |\n`);
const data = step('readFileSync', (i) => readFileSync(path.join(dir, ...files[i].split('/'))));
const texts = step('utf8 decode + U+FFFD check', (i) => {
  const t = data[i].toString('utf8');
  if (t.includes('\uFFFD')) throw new Error('x');
  return t;
});
const raws = step('JSON.parse', (i) => JSON.parse(texts[i]) as unknown);
const envs = step('zod envelope', (i) => signedEnvelopeSchema.parse(raws[i]));
const bodies = step('canonicalText(body)', (i) => canonicalText(envs[i].body));
step('openSigned (all of the above after decode)', (i) => openSigned(texts[i]));
step('sha256 of body text', (i) => createHash('sha256').update(bodies[i], 'utf8').digest('hex'));
const parsed = step('zod revision body', (i) => revisionBodySchema.parse(envs[i].body));
const keyOf = new Map<string, string>();
for (const f of listStoreFiles(dir).filter((f) => f.startsWith('keys/'))) {
  const rec = (JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as { body: { keyId?: string; publicKey?: string } }).body;
  if (rec.keyId && rec.publicKey) keyOf.set(rec.keyId, rec.publicKey);
}
const keyObjects = new Map<string, ReturnType<typeof publicKeyFromHex>>();
const keyObject = (hex: string) => keyObjects.get(hex) ?? keyObjects.set(hex, publicKeyFromHex(hex)).get(hex)!;
step('Ed25519 verify (sync)', (i) => {
  const body = parsed[i];
  const key = keyObject(keyOf.get(body.author.keyId)!);
  return edVerify(null, Buffer.from(bodies[i], 'utf8'), key, Buffer.from(envs[i].signature, 'hex'));
});
