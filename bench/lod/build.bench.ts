/**
 * LOD build: Cairn's Potree 2.0 builder against PotreeConverter 2.1, side by side, on the same
 * inputs, the same machine, in the same run. Each conversion runs as a child process and is
 * measured the same way (bench/lod/potreeConverter.ts, `measureChild`): wall time, and peak RSS.
 *
 *   npx tsx bench/lod/build.bench.ts
 *     [--input <file.las|laz>]...    inputs (repeatable); default: the synthetic LAS below, then every
 *                                    *.laz in <repo>/../shared/data/las_laz when that folder exists
 *     [--synthetic <file>]           default /tmp/cairn-bench/20M.las; generated when missing
 *     [--points 20M]                 size of the synthetic file when it has to be generated
 *     [--no-synthetic] [--no-laz]
 *     [--methods poisson,random]     sampling methods
 *     [--repeat 1]                   runs per input, method and tool (the median is shown)
 *     [--small-repeat 3]             runs for inputs under 1M points (start-up dominates them)
 *     [--work /tmp/cairn-bench/out]  output folders (emptied before each run, removed after)
 *     [--keep]                       keep the outputs
 *     [--cpus 0-1]                   pin both tools to these CPUs (taskset)
 *     [--cairn auto|off]             auto: use Cairn's converter when `cairn convert` exists
 *     [--cairn-cli <file>]           the CLI to call as `<file> convert ...` (default bin/cairn.js;
 *                                    also $CAIRN_CLI); skips the `--help` probe
 *     [--json <file>]                also write every run as JSON
 *
 * Environment: POTREE_CONVERTER (binary; default /work/tools/PotreeConverter/build/PotreeConverter).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { readLasHeader, writeSyntheticLas } from './las';
import {
  findPotreeConverter,
  measureChild,
  potreeConverterSource,
  readPotreeMetadata,
  runPotreeConverter,
  type SamplingMethod,
} from './potreeConverter';

const REPO = resolve(__dirname, '..', '..');

// ---------------------------------------------------------------------------------------------
// EXTENSION POINT: Cairn's LOD builder.
//
// A `LodBuilderRun` converts `input` into a Potree 2.0 folder at `outDir` with the given sampling
// method, as a child process, and returns its wall time and peak RSS as `measureChild` measures
// them (so both tools are measured alike). `outDir` is emptied before the call and removed after.
//
// `resolveCairnBuilder` returns the builder to use, or the reason there is none. As shipped it
// looks for a `convert` command in the built CLI's help (`node bin/cairn.js --help`) and, if
// found, runs `node bin/cairn.js convert <in> -o <outDir> --sampling <method>`. If the CLI's
// flags end up different, change `cairnCliBuilder` only; the table and ratios follow.
// ---------------------------------------------------------------------------------------------
export type LodBuilderRun = (
  input: string,
  method: SamplingMethod,
  outDir: string,
) => Promise<{ seconds: number; peakRssMB: number; cpuSeconds?: number | null }>;

/**
 * `cairn convert <in> -o <outDir> --sampling <method>`, through bin/cairn.js (or the CLI named by
 * --cairn-cli / $CAIRN_CLI: a .js file run with this Node, or an executable), measured as a child.
 */
export const cairnCliBuilder: LodBuilderRun = async (input, method, outDir) => {
  const cli = options.cairnCli ?? join(REPO, 'bin', 'cairn.js');
  const [cmd, pre] = cli.endsWith('.js') ? [process.execPath, [cli]] : [cli, []];
  const m = await measureChild(cmd, [...pre, 'convert', input, '-o', outDir, '--sampling', method], {
    cpus: options.cpus,
    logFile: `${outDir}.log`,
  });
  if (m.exitCode !== 0) throw new Error(`cairn convert exited with ${m.exitCode ?? m.signal}; log: ${m.logFile}`);
  return { seconds: m.seconds, peakRssMB: m.peakRssMB, cpuSeconds: m.cpuSeconds };
};

export function resolveCairnBuilder(mode: string): { run: LodBuilderRun | null; why: string } {
  if (mode === 'off') return { run: null, why: 'disabled with --cairn off' };
  if (options.cairnCli) return { run: cairnCliBuilder, why: `${options.cairnCli} convert (from --cairn-cli / $CAIRN_CLI)` };
  if (!existsSync(join(REPO, 'out', 'main', 'cli.js'))) return { run: null, why: 'the app is not built (out/main/cli.js missing; run `npm run build`)' };
  let help = '';
  try {
    help = execFileSync(process.execPath, [join(REPO, 'bin', 'cairn.js'), '--help'], { encoding: 'utf8', timeout: 30_000 });
  } catch (e) {
    return { run: null, why: `\`cairn --help\` failed: ${(e as Error).message.split('\n')[0]}` };
  }
  if (!/^\s*cairn convert\b/m.test(help)) return { run: null, why: 'the built CLI has no `convert` command yet (`cairn --help` does not list it)' };
  return { run: cairnCliBuilder, why: 'cairn convert (bin/cairn.js)' };
}

// ---------------------------------------------------------------------------------------------

function args(name: string): string[] {
  const out: string[] = [];
  process.argv.forEach((a, i) => {
    if (a === `--${name}` && process.argv[i + 1] !== undefined) out.push(process.argv[i + 1]);
  });
  return out;
}
const arg = (name: string, fallback: string): string => args(name).at(-1) ?? fallback;
const flag = (name: string): boolean => process.argv.includes(`--${name}`);

function parseCount(s: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(s.trim());
  if (!m) throw new Error(`not a count: "${s}"`);
  return Math.round(Number(m[1]) * (m[2] === '' ? 1 : m[2].toLowerCase() === 'k' ? 1e3 : 1e6));
}

const options = {
  synthetic: resolve(arg('synthetic', '/tmp/cairn-bench/20M.las')),
  points: parseCount(arg('points', '20M')),
  methods: arg('methods', 'poisson,random').split(',').map((s) => s.trim()) as SamplingMethod[],
  repeat: Number(arg('repeat', '1')),
  smallRepeat: Number(arg('small-repeat', '3')),
  work: resolve(arg('work', '/tmp/cairn-bench/out')),
  keep: flag('keep'),
  cpus: args('cpus').at(-1),
  cairn: arg('cairn', 'auto'),
  json: args('json').at(-1),
  cairnCli: args('cairn-cli').at(-1) ?? (process.env.CAIRN_CLI || undefined),
};

function inputs(): string[] {
  const explicit = args('input').map((p) => resolve(p));
  if (explicit.length > 0) return explicit;
  const list: string[] = [];
  if (!flag('no-synthetic')) {
    if (!existsSync(options.synthetic)) {
      process.stderr.write(`generating ${options.synthetic} (${options.points.toLocaleString('en-US')} points)...\n`);
      mkdirSync(dirname(options.synthetic), { recursive: true });
      const r = writeSyntheticLas({ points: options.points, out: options.synthetic });
      process.stderr.write(`  done in ${r.seconds.toFixed(1)} s\n`);
    }
    list.push(options.synthetic);
  }
  const lazDir = resolve(REPO, '..', 'shared', 'data', 'las_laz');
  if (!flag('no-laz') && existsSync(lazDir)) {
    for (const f of readdirSync(lazDir).sort()) if (/\.laz$/i.test(f)) list.push(join(lazDir, f));
  }
  return list;
}

interface Run {
  seconds: number;
  peakRssMB: number;
  cpuSeconds?: number | null;
  ok: boolean;
  note?: string;
}
interface Row {
  input: string;
  points: number;
  method: SamplingMethod;
  runs: number;
  potree: Run;
  cairn: Run | null;
  /** Every run, for the JSON output. */
  potreeRuns: Run[];
  cairnRuns: Run[];
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function summarise(runs: Run[]): Run {
  const failed = runs.find((r) => !r.ok);
  if (failed) return failed;
  const notes = [...new Set(runs.map((r) => r.note).filter((n): n is string => !!n))];
  const cpu = runs.map((r) => r.cpuSeconds);
  return {
    seconds: median(runs.map((r) => r.seconds)),
    peakRssMB: median(runs.map((r) => r.peakRssMB)),
    cpuSeconds: cpu.every((c): c is number => typeof c === 'number') ? median(cpu) : null,
    ok: true,
    note: notes.join('; ') || undefined,
  };
}

async function main(): Promise<void> {
  const potree = findPotreeConverter();
  const cairn = resolveCairnBuilder(options.cairn);
  const list = inputs();
  mkdirSync(options.work, { recursive: true });

  const date = new Date().toISOString().slice(0, 10);
  process.stdout.write(
    `LOD build benchmark, ${date}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), Node ${process.version}` +
      `${options.cpus ? `, pinned to CPUs ${options.cpus}` : ''}, load average ${load()}\n` +
      `PotreeConverter: ${potree} (${potreeConverterSource(potree)})\n` +
      (cairn.run
        ? `Cairn: ${cairn.why}\n`
        : `Cairn: NOT MEASURED: ${cairn.why}. Only PotreeConverter runs below; the Cairn columns read "n/a".\n`) +
      `inputs: ${list.length}, methods: ${options.methods.join(', ')}, repeat ${options.repeat} (inputs under 1M points: ${Math.max(options.repeat, options.smallRepeat)})\n\n`,
  );

  const rows: Row[] = [];
  for (const input of list) {
    let points: number;
    try {
      points = readLasHeader(input).points;
    } catch (e) {
      process.stderr.write(`skip ${input}: ${(e as Error).message}\n`);
      continue;
    }
    const n = points < 1_000_000 ? Math.max(options.repeat, options.smallRepeat) : options.repeat;
    for (const method of options.methods) {
      const pRuns: Run[] = [];
      const cRuns: Run[] = [];
      for (let i = 0; i < n; i++) {
        const outDir = join(options.work, `${basename(input)}.${method}.potree`);
        const r = await runPotreeConverter(input, { method, outDir, binary: potree, logFile: `${outDir}.log`, cpus: options.cpus });
        // A run counts when the tool exits 0 and leaves a metadata.json with a point count; a
        // metadata.json that is not valid JSON is timed but flagged.
        const ok = r.exitCode === 0 && r.outputPoints !== null;
        let note: string | undefined;
        if (!ok) note = `failed: exit ${r.exitCode ?? r.signal}${r.error ? `, "${r.error}"` : ''}${r.metadataProblem ? `, ${r.metadataProblem}` : ''} (log ${r.logFile})`;
        else if (r.metadataProblem) note = r.metadataProblem;
        else if (r.outputPoints !== points) note = `output has ${r.outputPoints} points`;
        pRuns.push({ seconds: r.seconds, peakRssMB: r.peakRssMB, cpuSeconds: r.cpuSeconds, ok, note });
        if (!options.keep) rmSync(outDir, { recursive: true, force: true });

        if (cairn.run) {
          const cOut = join(options.work, `${basename(input)}.${method}.cairn`);
          rmSync(cOut, { recursive: true, force: true });
          try {
            const c = await cairn.run(input, method, cOut);
            const meta = readPotreeMetadata(cOut);
            const note = meta.problem ?? (meta.points !== points ? `output has ${meta.points} points` : undefined);
            cRuns.push({ ...c, ok: meta.points !== null, note });
          } catch (e) {
            cRuns.push({ seconds: NaN, peakRssMB: NaN, ok: false, note: `failed: ${(e as Error).message}` });
          }
          if (!options.keep) rmSync(cOut, { recursive: true, force: true });
        }
      }
      const row: Row = {
        input,
        points,
        method,
        runs: n,
        potree: summarise(pRuns),
        cairn: cairn.run ? summarise(cRuns) : null,
        potreeRuns: pRuns,
        cairnRuns: cRuns,
      };
      rows.push(row);
      const c = row.cairn;
      process.stderr.write(
        `${basename(input)} ${method}: PotreeConverter ${row.potree.ok ? `${row.potree.seconds.toFixed(2)} s, ${row.potree.peakRssMB.toFixed(0)} MB` : row.potree.note}` +
          (c ? `; Cairn ${c.ok ? `${c.seconds.toFixed(2)} s, ${c.peakRssMB.toFixed(0)} MB` : c.note}` : '') +
          '\n',
      );
    }
  }

  process.stdout.write(`\n${table(rows)}\n\nload average at the end: ${load()}\n`);
  const notes = rows.flatMap((r) => [
    ...(r.potree.note ? [`- ${basename(r.input)} ${r.method}, PotreeConverter: ${r.potree.note}`] : []),
    ...(r.cairn?.note ? [`- ${basename(r.input)} ${r.method}, Cairn: ${r.cairn.note}`] : []),
  ]);
  if (notes.length > 0) process.stdout.write(`\nNotes:\n${notes.join('\n')}\n`);
  if (!cairn.run) process.stdout.write(`\nCairn was not measured (${cairn.why}); no ratio can be given yet.\n`);
  if (options.json) {
    writeFileSync(options.json, JSON.stringify({ date, cpus: cpus().length, potreeConverter: potree, cairn: cairn.why, rows }, null, 2));
  }
}

const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');

function table(rows: Row[]): string {
  const f = (v: number, d: number) => (Number.isFinite(v) ? v.toFixed(d) : 'n/a');
  const head = [
    'input', 'points', 'method', 'runs',
    'PotreeConverter s', 'Mpts/s', 'CPU s', 'peak RSS MB',
    'Cairn s', 'Mpts/s', 'CPU s', 'peak RSS MB',
    'time Cairn/PC', 'RSS Cairn/PC',
  ];
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map((h, i) => (i < 3 ? '---' : '---:')).join(' | ')} |`];
  for (const r of rows) {
    const p = r.potree;
    const c = r.cairn;
    const cells = (x: Run) => [f(x.seconds, 2), f(r.points / x.seconds / 1e6, 2), f(x.cpuSeconds ?? NaN, 2), f(x.peakRssMB, 0)];
    const pCells = p.ok ? cells(p) : ['failed', '', '', ''];
    const cCells = !c ? ['n/a', 'n/a', 'n/a', 'n/a'] : c.ok ? cells(c) : ['failed', '', '', ''];
    const ratio = c && c.ok && p.ok ? [f(c.seconds / p.seconds, 2), f(c.peakRssMB / p.peakRssMB, 2)] : ['n/a', 'n/a'];
    lines.push(`| ${[basename(r.input), r.points.toLocaleString('en-US'), r.method, String(r.runs), ...pCells, ...cCells, ...ratio].join(' | ')} |`);
  }
  return lines.join('\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
