import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { automergeConflicts, buildAutomerge, mergeAutomergeChanges, mergeAutomergeSaves } from './automergeLog';
import { buildOwnLog, mergeOwnLog } from './ownLog';
import { DEFAULT_WORKLOAD, makeWorkload, type WorkloadOptions } from './workload';

/**
 * Automerge 3 against our own revision log, on one multi-writer workload (workload.ts). Each
 * engine's store is built in one process and written to a temp folder; the merge is then measured
 * cold in a fresh process per engine (files read, then merged), so neither sees the other's heap
 * or the build's. Run: nice -n 10 npx tsx bench/merge/merge.bench.ts [--frames 100 ...]
 */

const { values } = parseArgs({
  options: {
    frames: { type: 'string' },
    objects: { type: 'string' },
    writers: { type: 'string' },
    revisions: { type: 'string' },
    edits: { type: 'string' },
    conflicts: { type: 'string' },
    deletes: { type: 'string' },
    'sync-every': { type: 'string' },
    engines: { type: 'string', default: 'own,automerge' },
    dir: { type: 'string' },
    keep: { type: 'boolean', default: false },
    phase: { type: 'string' },
    engine: { type: 'string' },
  },
});

const num = (v: string | undefined, fallback: number) => (v === undefined ? fallback : Number(v));
const workloadOptions: WorkloadOptions = {
  ...DEFAULT_WORKLOAD,
  frames: num(values.frames, DEFAULT_WORKLOAD.frames),
  objects: num(values.objects, DEFAULT_WORKLOAD.objects),
  writers: num(values.writers, DEFAULT_WORKLOAD.writers),
  revisions: num(values.revisions, DEFAULT_WORKLOAD.revisions),
  edits: num(values.edits, DEFAULT_WORKLOAD.edits),
  conflicts: num(values.conflicts, DEFAULT_WORKLOAD.conflicts),
  deletes: num(values.deletes, DEFAULT_WORKLOAD.deletes),
  syncEvery: num(values['sync-every'], DEFAULT_WORKLOAD.syncEvery),
};

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const mb = (bytes: number) => bytes / 2 ** 20;
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

interface Measured {
  engine: string;
  revisions: number;
  storeBytes: number;
  extraBytes?: number;
  readMs: number;
  mergeMs: number;
  /** CPU time of the merge: on a shared, busy machine the wall time says more about the neighbours. */
  mergeCpuMs: number;
  altMergeMs?: number;
  heapMb: number;
  rssMb: number;
  peakRssMb: number;
  records: number;
  conflicts: string;
  conflictDetail: string;
  findConflictsMs: number;
}

function filesOf(dir: string): { name: string; bytes: number }[] {
  return readdirSync(dir)
    .sort()
    .map((name) => ({ name, bytes: statSync(path.join(dir, name)).size }));
}

function build(engine: string, dir: string): void {
  const workload = makeWorkload(workloadOptions);
  if (engine === 'own') {
    const out = path.join(dir, 'own');
    mkdirSync(out, { recursive: true });
    buildOwnLog(workload).forEach((text, i) => writeFileSync(path.join(out, `${String(i).padStart(6, '0')}.json`), text));
  } else {
    const store = buildAutomerge(workload);
    mkdirSync(path.join(dir, 'automerge', 'changes'), { recursive: true });
    mkdirSync(path.join(dir, 'automerge', 'saves'), { recursive: true });
    store.changes.forEach((c, i) => writeFileSync(path.join(dir, 'automerge', 'changes', `${String(i).padStart(6, '0')}.bin`), c));
    store.saves.forEach((s, i) => writeFileSync(path.join(dir, 'automerge', 'saves', `${i}.bin`), s));
  }
}

function measure(engine: string, dir: string): Measured {
  const workload = makeWorkload(workloadOptions);
  const planted = workload.planted;
  if (engine === 'own') {
    const folder = path.join(dir, 'own');
    const files = filesOf(folder);
    const t0 = performance.now();
    const texts = files.map((f) => readFileSync(path.join(folder, f.name), 'utf8'));
    const readMs = performance.now() - t0;
    gc();
    const m0 = process.memoryUsage();
    const t1 = performance.now();
    const c1 = process.cpuUsage();
    const state = mergeOwnLog(texts);
    const mergeMs = performance.now() - t1;
    const mergeCpuMs = cpuMs(process.cpuUsage(c1));
    const m1 = process.memoryUsage();
    const same = state.conflicts.filter((c) => c.field === 'classId' && planted.sameField.includes(c.id));
    const deleteEdit = state.conflicts.filter((c) => c.kind === 'delete-edit');
    const kept = planted.deleted.filter((id) => state.records.has(id)).length;
    const merged = planted.differentField.filter((id) => Object.keys(state.records.get(id)?.attributes ?? {}).length === workloadOptions.writers).length;
    const sample = same[0] ? same[0].values.map((v) => `${JSON.stringify(v.value)} by ${v.author.slice(0, 8)}… in ${v.revision.slice(0, 8)}… at ${v.createdAt}`).join('; ') : '';
    return {
      engine: 'own log',
      revisions: files.length,
      storeBytes: files.reduce((s, f) => s + f.bytes, 0),
      readMs,
      mergeMs,
      mergeCpuMs,
      heapMb: mb(m1.heapUsed - m0.heapUsed),
      rssMb: mb(m1.rss - m0.rss),
      peakRssMb: mb(process.resourceUsage().maxRSS * 1024 - m0.rss),
      records: state.records.size,
      conflicts: `${state.conflicts.length} listed`,
      conflictDetail: `same field ${same.length}/${workload.expected.sameFieldConflicts} (${same.reduce((s, c) => s + c.values.length, 0)} values, each with author, revision, time, provenance); delete-vs-edit ${deleteEdit.length}/${workload.expected.deleteEditConflicts} (records kept: ${kept}); different fields merged ${merged}/${workload.expected.differentFieldMerges}; e.g. ${sample}`,
      findConflictsMs: 0,
    };
  }
  const changesDir = path.join(dir, 'automerge', 'changes');
  const savesDir = path.join(dir, 'automerge', 'saves');
  const files = filesOf(changesDir);
  const saves = filesOf(savesDir);
  const t0 = performance.now();
  const changes = files.map((f) => new Uint8Array(readFileSync(path.join(changesDir, f.name))));
  const readMs = performance.now() - t0;
  gc();
  const m0 = process.memoryUsage();
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  const doc = mergeAutomergeChanges(changes);
  const records = Object.keys(doc.objects).length;
  const mergeMs = performance.now() - t1;
  const mergeCpuMs = cpuMs(process.cpuUsage(c1));
  const m1 = process.memoryUsage();
  const peak = process.resourceUsage().maxRSS * 1024;
  const found = automergeConflicts(doc, workload);
  const t2 = performance.now();
  const fromSaves = mergeAutomergeSaves(saves.map((f) => new Uint8Array(readFileSync(path.join(savesDir, f.name)))));
  const altMergeMs = performance.now() - t2;
  if (Object.keys(fromSaves.objects).length !== records) throw new Error('Automerge: the merge of saves differs from the merge of changes');
  return {
    engine: 'Automerge 3',
    revisions: files.length,
    storeBytes: files.reduce((s, f) => s + f.bytes, 0),
    extraBytes: saves.reduce((s, f) => s + f.bytes, 0),
    readMs,
    mergeMs,
    mergeCpuMs,
    altMergeMs,
    heapMb: mb(m1.heapUsed - m0.heapUsed),
    rssMb: mb(m1.rss - m0.rss),
    peakRssMb: mb(peak - m0.rss),
    records,
    conflicts: `${found.conflictedProperties} found by scanning`,
    conflictDetail: `same field ${found.sameFieldReported}/${workload.expected.sameFieldConflicts} (${found.sameFieldValues} values keyed by op id, no time or change); delete-vs-edit ${found.deleteEditReported}/${workload.expected.deleteEditConflicts} (records kept: ${planted.deleted.length - found.deletedButEdited}: the concurrent edits are dropped silently); different fields merged ${found.differentFieldMerged}/${workload.expected.differentFieldMerges}; e.g. ${found.sample}`,
    findConflictsMs: found.scanMs,
  };
}

function main(): void {
  if (values.phase) {
    const dir = values.dir as string;
    if (values.phase === 'build') build(values.engine as string, dir);
    else process.stdout.write(`${JSON.stringify(measure(values.engine as string, dir))}\n`);
    return;
  }
  const dir = values.dir ?? mkdtempSync(path.join(tmpdir(), 'cairn-merge-bench-'));
  const o = workloadOptions;
  process.stderr.write(`workload: ${o.frames} frames × ${o.objects} objects, ${o.writers} writers × ${o.revisions} revisions × ${o.edits} edits, ${o.conflicts} same-field + ${o.conflicts} other-field overlaps, ${o.deletes} deletes per writer; store in ${dir}\n`);
  const passOn = Object.entries(values).flatMap(([k, v]) => (['frames', 'objects', 'writers', 'revisions', 'edits', 'conflicts', 'deletes', 'sync-every'].includes(k) && v !== undefined ? [`--${k}`, String(v)] : []));
  const run = (args: string[]) => {
    const r = spawnSync(process.execPath, [...process.execArgv, __filename, ...passOn, '--dir', dir, ...args], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] });
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status ?? r.signal})`);
    return r.stdout;
  };
  const results: Measured[] = [];
  try {
    for (const engine of (values.engines as string).split(',')) {
      const t0 = performance.now();
      run(['--phase', 'build', '--engine', engine]);
      process.stderr.write(`${engine}: store built in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
      results.push(JSON.parse(run(['--phase', 'measure', '--engine', engine])) as Measured);
    }
  } finally {
    if (!values.keep && !values.dir) rmSync(dir, { recursive: true, force: true });
  }
  const rows = results.map((r) => [
    r.engine,
    String(r.revisions),
    `${mb(r.storeBytes).toFixed(1)} MB${r.extraBytes !== undefined ? ` (saved docs: ${mb(r.extraBytes).toFixed(1)} MB)` : ''}`,
    r.readMs.toFixed(0),
    `${r.mergeMs.toFixed(0)}${r.altMergeMs !== undefined ? ` (from saved docs: ${r.altMergeMs.toFixed(0)})` : ''}`,
    r.mergeCpuMs.toFixed(0),
    r.heapMb.toFixed(0),
    r.rssMb.toFixed(0),
    r.peakRssMb.toFixed(0),
    String(r.records),
    `${r.conflicts}${r.findConflictsMs ? ` (${r.findConflictsMs.toFixed(0)} ms)` : ''}`,
  ]);
  const head = ['engine', 'revisions / changes', 'bytes on the store', 'read ms', 'cold merge ms', 'merge CPU ms', 'heap Δ MB', 'RSS Δ MB', 'peak RSS Δ MB', 'records', 'conflicts'];
  console.log(`| ${head.join(' | ')} |`);
  console.log(`| ${head.map(() => '---').join(' | ')} |`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  console.log('');
  for (const r of results) console.log(`${r.engine}: ${r.conflictDetail}`);
}

main();
