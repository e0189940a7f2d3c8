/**
 * PotreeConverter 2.x as the reference of the LOD builder benchmark, and the child-process
 * measurement both sides share (`measureChild`), so Cairn's converter and PotreeConverter are
 * timed and their memory read the same way.
 *
 * PotreeConverter is not part of Cairn and is never copied into the project: it is built apart,
 * by default in /work/tools/PotreeConverter (see bench/README.md, "LOD builder"), or found
 * through $POTREE_CONVERTER.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLasHeader } from './las';

export type SamplingMethod = 'poisson' | 'random' | 'poisson_average';

export const DEFAULT_POTREE_CONVERTER = '/work/tools/PotreeConverter/build/PotreeConverter';
const GNU_TIME = '/usr/bin/time';

/**
 * The PotreeConverter binary: $POTREE_CONVERTER, else /work/tools/PotreeConverter/build/PotreeConverter.
 * Throws, saying how to build it, when neither is an executable file.
 */
export function findPotreeConverter(): string {
  const fromEnv = process.env.POTREE_CONVERTER;
  const candidate = fromEnv && fromEnv.trim() !== '' ? fromEnv : DEFAULT_POTREE_CONVERTER;
  try {
    accessSync(candidate, constants.X_OK);
    return candidate;
  } catch {
    throw new Error(
      `PotreeConverter not found at ${candidate}${fromEnv ? ' ($POTREE_CONVERTER)' : ''}. ` +
        'Build it outside the repository (bench/README.md, "LOD builder"), or set POTREE_CONVERTER to the binary.',
    );
  }
}

export interface ChildMeasure {
  /** Wall time from spawn to exit, seconds. */
  seconds: number;
  /**
   * Peak resident memory, MB (2^20 bytes): the larger of (a) the kernel's exact peak of the
   * largest single process in the tree (getrusage ru_maxrss via GNU time, when /usr/bin/time is
   * there; else the last /proc VmHWM seen), and (b) the sampled peak of the tree's summed RSS
   * (which only matters for a tool that forks workers).
   */
  peakRssMB: number;
  /** Exact peak RSS of the largest single process (ru_maxrss), MB; null without /usr/bin/time. */
  maxrssMB: number | null;
  /** Sampled peak of the summed VmRSS of all processes in the tree, MB. */
  treeRssMB: number;
  /** User + system CPU time of the child and its waited-for descendants, seconds; null without /usr/bin/time. */
  cpuSeconds: number | null;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Where the child's stdout and stderr went. */
  logFile: string;
}

export interface MeasureOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** File receiving the child's stdout+stderr (default: a temp file). */
  logFile?: string;
  /** /proc sampling period, ms (default 100). */
  pollMs?: number;
  /** Pin the child to these CPUs through taskset (e.g. "0-1"); default: no pinning. */
  cpus?: string;
}

function readStatusKB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(s);
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** pid and all its descendants, through /proc/<pid>/task/<tid>/children. */
function processTree(root: number): number[] {
  const out: number[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    out.push(pid);
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      try {
        const kids = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
        if (kids) for (const k of kids.split(/\s+/)) stack.push(Number(k));
      } catch {
        // thread gone
      }
    }
  }
  return out;
}

/**
 * Run a command as a child and measure its wall time and peak RSS (see `ChildMeasure`).
 * Resolves when the child exits, whatever its exit code.
 */
export function measureChild(command: string, args: string[], opts: MeasureOptions = {}): Promise<ChildMeasure> {
  const scratch = mkdtempSync(join(tmpdir(), 'cairn-measure-'));
  const logFile = opts.logFile ?? join(scratch, 'child.log');
  const timeFile = join(scratch, 'time.txt');
  const useTime = existsSync(GNU_TIME);
  let argv = [command, ...args];
  if (opts.cpus) argv = ['taskset', '-c', opts.cpus, ...argv];
  if (useTime) argv = [GNU_TIME, '-f', '%M %U %S', '-o', timeFile, ...argv];
  const logFd = openSync(logFile, 'w');
  const t0 = process.hrtime.bigint();
  const child = spawn(argv[0], argv.slice(1), { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  let treeKB = 0;
  let hwmKB = 0;
  const sample = () => {
    if (child.pid === undefined) return;
    const pids = processTree(child.pid);
    // Leave GNU time itself out: its few MB are not the tool's.
    const measured = useTime ? pids.slice(1) : pids;
    let sum = 0;
    for (const p of measured) {
      sum += readStatusKB(p, 'VmRSS');
      hwmKB = Math.max(hwmKB, readStatusKB(p, 'VmHWM'));
    }
    treeKB = Math.max(treeKB, sum);
  };
  const timer = setInterval(sample, opts.pollMs ?? 100);
  return new Promise<ChildMeasure>((resolve, reject) => {
    child.once('error', (e) => {
      clearInterval(timer);
      reject(e);
    });
    child.once('exit', (code, signal) => {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      clearInterval(timer);
      let maxrssKB: number | null = null;
      let cpuSeconds: number | null = null;
      if (useTime) {
        // GNU time writes "Command exited with non-zero status N" before the format line when N != 0.
        const lines = (existsSync(timeFile) ? readFileSync(timeFile, 'utf8') : '').trim().split('\n');
        const [rss, user, sys] = (lines[lines.length - 1] ?? '').trim().split(/\s+/).map(Number);
        if (Number.isFinite(rss) && rss > 0) maxrssKB = rss;
        if (Number.isFinite(user) && Number.isFinite(sys)) cpuSeconds = user + sys;
      }
      rmSync(opts.logFile ? scratch : timeFile, { recursive: true, force: true });
      const exactOrHwm = maxrssKB ?? hwmKB;
      resolve({
        seconds,
        peakRssMB: Math.max(exactOrHwm, treeKB) / 1024,
        maxrssMB: maxrssKB === null ? null : maxrssKB / 1024,
        treeRssMB: treeKB / 1024,
        cpuSeconds,
        exitCode: code,
        signal,
        logFile,
      });
    });
  });
}

export interface ConverterRun extends ChildMeasure {
  /** Points in the input (from its LAS/LAZ header). */
  points: number;
  /** Input points per second of wall time. */
  pointsPerSecond: number;
  /** Points reported in the output's metadata.json (Potree 2.0), null when absent. */
  outputPoints: number | null;
  /** What is wrong with the output's metadata.json, if anything (missing, not valid JSON). */
  metadataProblem: string | null;
  /** The tool's last ERROR line, when it wrote one. */
  error: string | null;
  outDir: string;
}

/**
 * The point count in a Potree 2.0 output's metadata.json, and what is wrong with that file if
 * anything. PotreeConverter 2.1 writes `inf` for empty attribute ranges (e.g. wave packet fields
 * of PDRF 4), which is not JSON; the count is then read with a regular expression.
 */
export function readPotreeMetadata(outDir: string): { points: number | null; problem: string | null } {
  let text: string;
  try {
    text = readFileSync(join(outDir, 'metadata.json'), 'utf8');
  } catch {
    return { points: null, problem: 'no metadata.json' };
  }
  try {
    const m = JSON.parse(text) as { points?: unknown };
    return typeof m.points === 'number' ? { points: m.points, problem: null } : { points: null, problem: 'metadata.json has no "points"' };
  } catch (e) {
    const m = /"points"\s*:\s*(\d+)/.exec(text);
    return { points: m ? Number(m[1]) : null, problem: `metadata.json is not valid JSON (${(e as Error).message.split('\n')[0].slice(0, 60)})` };
  }
}

/** Points in a Potree 2.0 output's metadata.json, or null. */
export function potreeOutputPoints(outDir: string): number | null {
  return readPotreeMetadata(outDir).points;
}

/** The last line of a log that reports an error (PotreeConverter prints "ERROR..."), or null. */
export function lastErrorLine(logFile: string): string | null {
  try {
    const lines = readFileSync(logFile, 'utf8').split('\n').filter((l) => /\bERROR\b|terminate called|exception/i.test(l));
    return lines.length > 0 ? lines[lines.length - 1].trim() : null;
  } catch {
    return null;
  }
}

export interface PotreeConverterOptions {
  method: SamplingMethod;
  /** Output directory; emptied first. */
  outDir: string;
  /** Binary (default: findPotreeConverter()). */
  binary?: string;
  logFile?: string;
  cpus?: string;
  /** Further flags, e.g. ['--encoding', 'BROTLI']. */
  extraArgs?: string[];
}

/**
 * Convert `input` with PotreeConverter (`PotreeConverter <in> -o <outDir> --method <m>`) and
 * measure it. PotreeConverter 2.1 has no thread-count flag: it uses
 * std::thread::hardware_concurrency() threads (pin with `cpus` to restrict it).
 */
export async function runPotreeConverter(input: string, opts: PotreeConverterOptions): Promise<ConverterRun> {
  const binary = opts.binary ?? findPotreeConverter();
  const points = readLasHeader(input).points;
  rmSync(opts.outDir, { recursive: true, force: true });
  const m = await measureChild(binary, [input, '-o', opts.outDir, '--method', opts.method, ...(opts.extraArgs ?? [])], {
    logFile: opts.logFile,
    cpus: opts.cpus,
  });
  const meta = readPotreeMetadata(opts.outDir);
  return {
    ...m,
    points,
    pointsPerSecond: points / m.seconds,
    outputPoints: meta.points,
    metadataProblem: meta.problem,
    error: lastErrorLine(m.logFile),
    outDir: opts.outDir,
  };
}

/** PotreeConverter's version as far as the binary tells (2.1 prints none), plus the source note if any. */
export function potreeConverterSource(binary: string): string {
  const note = join(binary, '..', '..', 'SOURCE_COMMIT');
  return existsSync(note) ? readFileSync(note, 'utf8').trim() : 'unknown source';
}
