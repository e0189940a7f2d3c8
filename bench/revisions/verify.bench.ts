import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { listStoreFiles, verifyFolderStore } from '../../src/main/services/revisions/verifyFolder';
import { verifyStore } from '../../src/main/services/revisions/verifyStore';
import { FolderSharedStore } from '../../src/main/services/sharedStore/folderSharedStore';
import { makeRevisionStore } from './makeStore';

/**
 * Verifies a folder store of 100,000 small signed revisions (what `cairn verify` does) and, in the
 * same run, the floor: reading every file of that store and hashing it with SHA-256, nothing else.
 * Runs are interleaved (reference, verify, reference, ...) so both see the same page cache and load.
 * `--threads 0,auto` verifies each way in every run (0: all on the main thread; auto: a worker
 * thread per core; or a count), for a side-by-side comparison.
 * `--via store` verifies through the shared-store interface (FolderSharedStore, async reads run
 * ahead), as `cairn verify` does for S3 and HTTP, instead of the folder reader `cairn verify` uses
 * for a folder.
 */
const { values } = parseArgs({
  options: {
    revisions: { type: 'string', default: '100000' },
    writers: { type: 'string', default: '5' },
    repeat: { type: 'string', default: '3' },
    dir: { type: 'string' },
    keep: { type: 'boolean', default: false },
    via: { type: 'string', default: 'folder' },
    threads: { type: 'string', default: 'auto' },
  },
});
if (values.via !== 'folder' && values.via !== 'store') throw new Error(`--via ${values.via}: expected folder or store`);
const revisions = Number(values.revisions);
const writers = Number(values.writers);
const repeat = Number(values.repeat);
const modes = values.threads.split(',').map((t) => (t === 'auto' ? undefined : Number(t)));
const parent = path.resolve(values.dir ?? path.join(os.tmpdir(), 'cairn-bench-revisions'));
const dir = path.join(parent, `store-${revisions}-${writers}`);
mkdirSync(parent, { recursive: true });
const log = (s: string) => process.stderr.write(s);

makeRevisionStore(dir, revisions, writers, log);

/** Wall seconds, and CPU seconds of this process (all its threads): the CPU figure says what the work costs whatever else the machine runs. */
interface Timing {
  readonly wall: number;
  readonly cpu: number;
}

function timed<T>(started: number, cpu0: NodeJS.CpuUsage, value: T): Timing & { value: T } {
  const cpu = process.cpuUsage(cpu0);
  return { wall: (performance.now() - started) / 1000, cpu: (cpu.user + cpu.system) / 1e6, value };
}

function reference(): Timing {
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  let bytes = 0;
  for (const file of listStoreFiles(dir)) {
    const data = readFileSync(path.join(dir, ...file.split('/')));
    createHash('sha256').update(data).digest('hex');
    bytes += data.length;
  }
  if (bytes === 0) throw new Error('read nothing');
  return timed(started, cpu0, bytes);
}

async function verify(threads: number | undefined): Promise<Timing> {
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const result = values.via === 'store' ? await verifyStore(new FolderSharedStore(dir), { threads }) : await verifyFolderStore(dir, { threads });
  const timing = timed(started, cpu0, result);
  const bad = result.findings.filter((f) => f.status !== 'ok');
  if (bad.length || result.usable.size !== revisions) throw new Error(`the bench store did not verify: ${JSON.stringify(bad.slice(0, 3))}`);
  return timing;
}

async function main(): Promise<void> {
  const rows: Array<{ run: number; threads: string; verify: Timing; reference: Timing }> = [];
  for (let run = 1; run <= repeat; run++) {
    for (const threads of modes) {
      const ref = reference();
      const ver = await verify(threads);
      rows.push({ run, threads: threads === undefined ? 'auto' : String(threads), verify: ver, reference: ref });
      log(`run ${run}, threads ${threads ?? 'auto'}: verify ${ver.wall.toFixed(2)} s (CPU ${ver.cpu.toFixed(2)} s), reference ${ref.wall.toFixed(2)} s (CPU ${ref.cpu.toFixed(2)} s)\n`);
    }
  }
  const line = (r: (typeof rows)[number]) =>
    `| ${r.run} | ${r.threads} | ${r.verify.wall.toFixed(1)} | ${Math.round(revisions / r.verify.wall).toLocaleString('en-US')} | ${r.verify.cpu.toFixed(1)} | ${r.reference.wall.toFixed(1)} | ${r.reference.cpu.toFixed(1)} | ${(r.verify.wall / r.reference.wall).toFixed(1)} | ${(r.verify.cpu / r.reference.cpu).toFixed(1)} |`;
  process.stdout.write(`${revisions.toLocaleString('en-US')} revisions, ${writers} writers, verified via the ${values.via} reader, ${os.cpus().length} cores, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  process.stdout.write('| run | threads | verify s | revisions/s | verify CPU s | reference s | reference CPU s | ratio wall | ratio CPU |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n');
  for (const r of rows) process.stdout.write(`${line(r)}\n`);
  if (!values.keep) rmSync(parent, { recursive: true, force: true });
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
