/**
 * Shared plumbing of the streaming benchmarks (ttff.bench.ts, flythrough.bench.ts): the real web
 * host (`cairn serve`), headless Chromium through Playwright, opening an octree folder through
 * the Open dialog, the /data/ request log, and in-page instrumentation installed with an init
 * script (no renderer change needed):
 *
 * - `window.__THREE_DEVTOOLS__`: three.js announces every Scene and WebGLRenderer it constructs to
 *   this EventTarget (the hook of the three.js devtools extension). The bench keeps weak
 *   references and reads, from outside the app: the streamed layer (`potree-cloud`), potree-core's
 *   LRU (`potree.lru.numPoints`: points loaded), the node geometry bytes, `renderer.info.memory`.
 * - WebGL buffer accounting: `bufferData`/`deleteBuffer` of WebGL1/2 contexts are wrapped to keep
 *   the bytes of live GPU buffers (what the app asked the GPU to hold; the driver may pad).
 * - the points each frame drew (WebGLRenderer.render wrapped, renderer.info.render.points) and
 *   the status bar's `cloud-stats` `data-visible` on every change, from the submit of the Open
 *   dialog on, with page-clock (epoch ms) timestamps; milestones of the open (RPC reply, viewport
 *   mounted, WebGL context created).
 * The script itself is bench/stream/inpage.js (plain JS, injected as text).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Browser, type Page, type Request } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../../e2e/support/browser';

export const repoRoot = path.resolve(__dirname, '..', '..');

// ---------------------------------------------------------------------------------------------
// Arguments

export function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}
export function flag(name: string): boolean {
  return process.argv.includes(`--${name}`);
}
export function numArg(name: string, fallback: number): number {
  const v = arg(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`--${name} wants a number, got "${v}"`);
  return n;
}

// ---------------------------------------------------------------------------------------------
// The octree

export interface OctreeInfo {
  readonly dir: string;
  readonly points: number;
  readonly octreeBytes: number;
  readonly hierarchyBytes: number;
}

/** Checks that `dir` is a Potree 2.0 folder and reads its point count; clear error otherwise. */
export function checkOctree(dir: string): OctreeInfo {
  const abs = path.resolve(dir);
  const missing = ['metadata.json', 'hierarchy.bin', 'octree.bin'].filter((f) => !existsSync(path.join(abs, f)));
  if (missing.length) {
    throw new Error(
      `${abs} is not a Potree 2.0 octree folder (missing ${missing.join(', ')}). Build it once with:\n` +
        `  npx tsx bench/lod/makeLas.ts --points 100000000 --out /tmp/cairn-bench/100M.las\n` +
        `  node bin/cairn.js convert /tmp/cairn-bench/100M.las -o /tmp/cairn-bench/100M-octree --sampling poisson\n` +
        `or pass another folder with --octree <dir>.`,
    );
  }
  const text = readFileSync(path.join(abs, 'metadata.json'), 'utf8');
  const m = /"points"\s*:\s*(\d+)/.exec(text);
  if (!m) throw new Error(`${abs}/metadata.json has no "points" count`);
  return {
    dir: abs,
    points: Number(m[1]),
    octreeBytes: statSync(path.join(abs, 'octree.bin')).size,
    hierarchyBytes: statSync(path.join(abs, 'hierarchy.bin')).size,
  };
}

// ---------------------------------------------------------------------------------------------
// The web host

export interface RunningHost {
  readonly url: string;
  readonly pid: number;
  readonly stderr: () => string;
  stop(): Promise<void>;
}

/**
 * Starts `node <cli> serve --port 0 --workspace <dir> --no-open` and reads the URL line.
 * `cli` defaults to this checkout's bin/cairn.js (which needs `npm run build`).
 */
export async function startHost(cli: string, workspaceDir: string, timeoutMs = 30_000): Promise<RunningHost> {
  if (!existsSync(cli)) throw new Error(`no Cairn CLI at ${cli}`);
  const built = path.join(path.dirname(cli), '..', 'out', 'renderer', 'index.html');
  if (!existsSync(built)) throw new Error(`the renderer is not built (${built} is missing): run \`npm run build\` first`);
  const child: ChildProcess = spawn(process.execPath, [cli, 'serve', '--port', '0', '--workspace', workspaceDir, '--no-open'], {
    cwd: path.dirname(path.dirname(cli)),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errText = '';
  child.stderr!.on('data', (d: Buffer) => {
    errText += d.toString();
    if (errText.length > 100_000) errText = errText.slice(-50_000);
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
    });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`cairn serve printed no URL within ${timeoutMs / 1000} s; stderr:\n${errText}`)), timeoutMs);
      const lines = createInterface({ input: child.stdout! });
      lines.once('line', (line) => {
        clearTimeout(timer);
        resolve(line.trim());
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`cairn serve exited with ${code}; stderr:\n${errText}`));
      });
    });
    if (!/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/.test(url)) throw new Error(`unexpected URL line from cairn serve: ${url}`);
    return { url, pid: child.pid!, stderr: () => errText, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// The browser

export interface BenchEnv {
  readonly host: RunningHost;
  readonly browser: Browser;
  readonly chromiumPath: string;
  readonly workspace: string;
  readonly octree: OctreeInfo;
  close(): Promise<void>;
}

/** Host + browser, torn down by close() (also on SIGINT/SIGTERM). */
export async function setUp(opts: { octreeDir: string; cli: string; extraArgs?: string[]; keepWorkspace?: boolean }): Promise<BenchEnv> {
  const octree = checkOctree(opts.octreeDir);
  const chromiumPath = findChromium();
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'cairn-bench-stream-ws-'));
  let host: RunningHost | null = null;
  let browser: Browser | null = null;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await browser?.close().catch(() => undefined);
    await host?.stop().catch(() => undefined);
    if (!opts.keepWorkspace) rmSync(workspace, { recursive: true, force: true });
  };
  const onSignal = (sig: NodeJS.Signals) => {
    process.stderr.write(`\n${sig}: closing the browser and the host\n`);
    void close().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    host = await startHost(opts.cli, workspace);
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [...CHROMIUM_ARGS, '--enable-precise-memory-info', ...(opts.extraArgs ?? [])],
      timeout: 60_000,
    });
    return { host, browser, chromiumPath, workspace, octree, close };
  } catch (e) {
    await close();
    throw e;
  }
}

export function chromiumVersion(browser: Browser): string {
  return browser.version();
}

export interface PageSnapshot {
  t: number;
  visible: number | null;
  statsText: string | null;
  loadedPoints: number | null;
  lruNodes: number | null;
  nodeGeometryBytes: number | null;
  nodesLoading: number | null;
  /** Octree hierarchy nodes potree-core knows of (read and not yet folded back by the layer). */
  hierarchyNodes: number | null;
  gpuBufferBytes: number;
  gpuBuffers: number;
  /** renderer.info of the last frame (points: drawn in it) and the render calls so far. */
  three: { geometries: number; textures: number; calls: number; points: number; renders: number } | null;
  usedJSHeapSize: number | null;
  totalJSHeapSize: number | null;
}

export interface PageOptions {
  geometryMaxLoading?: number;
  /** CSS pixels of the window (default 1280 × 720) and device pixel ratio (default 1). */
  width?: number;
  height?: number;
  dpr?: number;
}

/** The window options from --width, --height, --dpr, --geometry-max-loading. */
export function pageOptionsFromArgs(): PageOptions {
  return { width: numArg('width', 1280), height: numArg('height', 720), dpr: numArg('dpr', 1), geometryMaxLoading: numArg('geometry-max-loading', 0) };
}

export async function newBenchPage(browser: Browser, opts: PageOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: opts.width ?? 1280, height: opts.height ?? 720 }, deviceScaleFactor: opts.dpr ?? 1 });
  // Plain JS from a file (not a function serialized by Playwright: tsx would wrap it in helpers
  // that do not exist in the page).
  const content = `${readFileSync(path.join(__dirname, 'inpage.js'), 'utf8')}\n;__cairnBenchInit(${JSON.stringify({ geometryMaxLoading: opts.geometryMaxLoading ?? 0 })});`;
  await context.addInitScript({ content });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  return page;
}

export function snapshot(page: Page): Promise<PageSnapshot> {
  return page.evaluate(() => (window as unknown as { __bench: { snapshot(): PageSnapshot } }).__bench.snapshot());
}

/** Loads the app and waits until it says it is ready. */
export async function openApp(page: Page, url: string): Promise<void> {
  await page.goto(url, { timeout: 60_000 });
  await page.locator('[data-testid="app"][data-status="ready"]').waitFor({ timeout: 60_000 });
}

/**
 * Opens the Open dialog, types the folder, arms the in-page sampler, and submits. Returns the
 * moment of the submit event (page clock, epoch ms); the sampler records from there.
 */
export async function submitOpen(page: Page, location: string, thresholds: number[]): Promise<number> {
  await page.getByTestId('open-cloud').first().click();
  await page.getByTestId('open-location').fill(location);
  await page.evaluate((th) => (window as unknown as { __bench: { arm(t: number[]): void } }).__bench.arm(th), thresholds);
  const nodeBefore = performance.timeOrigin + performance.now();
  await page.getByTestId('open-submit').click();
  const t0 = await page.evaluate(() => (window as unknown as { __bench: { t0: number | null } }).__bench.t0);
  return t0 ?? nodeBefore;
}

// ---------------------------------------------------------------------------------------------
// /data/ requests

export interface DataRequest {
  url: string;
  file: string;
  range: string | null;
  /** Page clock, epoch ms (Playwright's request timing), or the node clock as a fallback. */
  start: number;
  end: number | null;
  bytes: number | null;
  status: number | null;
  failed: string | null;
}

/** Records every request under /data/ (store files: metadata.json, hierarchy.bin, octree.bin). */
export class RequestLog {
  readonly requests: DataRequest[] = [];
  private readonly byRequest = new Map<Request, DataRequest>();
  private inFlight = 0;
  /** Max in flight as seen by the events (late by the event delivery; the timing-based figure is better). */
  maxInFlightEvents = 0;
  private readonly pending: Promise<void>[] = [];

  constructor(private readonly page: Page) {
    page.on('request', this.onRequest);
    page.on('requestfinished', this.onFinished);
    page.on('requestfailed', this.onFailed);
  }

  private readonly onRequest = (r: Request) => {
    if (!new URL(r.url()).pathname.startsWith('/data/')) return;
    const entry: DataRequest = {
      url: r.url(),
      file: decodeURIComponent(new URL(r.url()).pathname.split('/').pop() ?? ''),
      range: r.headers()['range'] ?? null,
      start: performance.timeOrigin + performance.now(),
      end: null,
      bytes: null,
      status: null,
      failed: null,
    };
    this.requests.push(entry);
    this.byRequest.set(r, entry);
    this.inFlight++;
    this.maxInFlightEvents = Math.max(this.maxInFlightEvents, this.inFlight);
  };

  private readonly onFinished = (r: Request) => {
    const entry = this.byRequest.get(r);
    if (!entry) return;
    this.inFlight--;
    const nodeEnd = performance.timeOrigin + performance.now();
    const timing = r.timing();
    if (timing.startTime > 0 && timing.responseEnd >= 0) {
      entry.start = timing.startTime;
      entry.end = timing.startTime + timing.responseEnd;
    } else {
      entry.end = nodeEnd;
    }
    this.pending.push(
      r
        .response()
        .then((res) => {
          if (!res) return;
          entry.status = res.status();
          const len = res.headers()['content-length'];
          if (len !== undefined) entry.bytes = Number(len);
        })
        .catch(() => undefined),
    );
  };

  private readonly onFailed = (r: Request) => {
    const entry = this.byRequest.get(r);
    if (!entry) return;
    this.inFlight--;
    entry.end = performance.timeOrigin + performance.now();
    entry.failed = r.failure()?.errorText ?? 'failed';
  };

  /** Waits (bounded) for the response headers still being read. */
  async settle(timeoutMs = 5_000): Promise<void> {
    await Promise.race([Promise.all(this.pending), new Promise((r) => setTimeout(r, timeoutMs))]);
  }

  /** Forgets what was recorded so far (the next open starts from zero). */
  reset(): void {
    this.requests.length = 0;
    this.maxInFlightEvents = 0;
  }

  detach(): void {
    this.page.off('request', this.onRequest);
    this.page.off('requestfinished', this.onFinished);
    this.page.off('requestfailed', this.onFailed);
  }
}

export interface RequestSummary {
  total: number;
  ranged: number;
  octreeBin: number;
  hierarchyBin: number;
  metadata: number;
  failed: number;
  bytes: number;
  maxInFlight: number;
  maxInFlightOctree: number;
  meanInFlightOctree: number;
  meanMs: number;
  p95Ms: number;
}

/** Max concurrency from [start, end] intervals; the mean is time-weighted while any is in flight. */
function concurrency(intervals: [number, number][]): { max: number; mean: number } {
  const ev: [number, number][] = [];
  for (const [s, e] of intervals) {
    ev.push([s, 1], [e, -1]);
  }
  ev.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let cur = 0;
  let max = 0;
  let area = 0;
  let busy = 0;
  let last = ev.length ? ev[0][0] : 0;
  for (const [t, d] of ev) {
    if (cur > 0) {
      area += cur * (t - last);
      busy += t - last;
    }
    last = t;
    cur += d;
    max = Math.max(max, cur);
  }
  return { max, mean: busy > 0 ? area / busy : 0 };
}

export function summarizeRequests(reqs: DataRequest[], until = Infinity): RequestSummary {
  const within = reqs.filter((r) => r.start <= until);
  const done = within.filter((r) => r.end !== null) as (DataRequest & { end: number })[];
  const all = concurrency(done.map((r) => [r.start, r.end]));
  const oct = concurrency(done.filter((r) => r.file === 'octree.bin').map((r) => [r.start, r.end]));
  const durations = done.map((r) => r.end - r.start).sort((a, b) => a - b);
  return {
    total: within.length,
    ranged: within.filter((r) => r.range).length,
    octreeBin: within.filter((r) => r.file === 'octree.bin').length,
    hierarchyBin: within.filter((r) => r.file === 'hierarchy.bin').length,
    metadata: within.filter((r) => r.file === 'metadata.json').length,
    failed: within.filter((r) => r.failed).length,
    bytes: within.reduce((s, r) => s + (r.bytes ?? 0), 0),
    maxInFlight: all.max,
    maxInFlightOctree: oct.max,
    meanInFlightOctree: oct.mean,
    meanMs: durations.length ? durations.reduce((s, d) => s + d, 0) / durations.length : 0,
    p95Ms: durations.length ? durations[Math.min(durations.length - 1, Math.floor(durations.length * 0.95))] : 0,
  };
}

// ---------------------------------------------------------------------------------------------
// Processes: RSS from /proc of this bench's process tree (Chromium's browser, renderer and GPU
// processes; the host), Linux only.

interface ProcInfo {
  pid: number;
  ppid: number;
  kind: string;
  rssKB: number;
}

function readProc(pid: number): ProcInfo | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    const rssKB = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    let cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((a) => a !== '');
    // Chromium's child processes rewrite their title: one string, arguments separated by spaces.
    if (cmd.length === 1) cmd = cmd[0].split(' ');
    let kind: string;
    if (/chrom/i.test(path.basename(cmd[0] ?? ''))) {
      const typeArg = cmd.find((a) => a.startsWith('--type='));
      const sub = cmd.find((a) => a.startsWith('--utility-sub-type='));
      kind = `chromium ${typeArg ? typeArg.slice(7) : 'browser'}${sub ? `:${sub.split('.').pop()}` : ''}`;
    } else if (cmd.some((a) => a.endsWith('cairn.js')) && cmd.includes('serve')) kind = 'host';
    else kind = path.basename(cmd[0] ?? '?');
    return { pid, ppid, kind, rssKB };
  } catch {
    return null;
  }
}

/** RSS (MiB) of the descendants of `rootPid` (default: this process), summed by kind. */
export function treeRss(rootPid = process.pid): Record<string, number> | null {
  if (process.platform !== 'linux') return null;
  let all: ProcInfo[];
  try {
    all = readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .map((d) => readProc(Number(d)))
      .filter((p): p is ProcInfo => p !== null);
  } catch {
    return null;
  }
  const tree = new Set<number>([rootPid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of all) {
      if (!tree.has(p.pid) && tree.has(p.ppid)) {
        tree.add(p.pid);
        grew = true;
      }
    }
  }
  const out: Record<string, number> = {};
  for (const p of all) if (tree.has(p.pid) && p.pid !== rootPid) out[p.kind] = (out[p.kind] ?? 0) + p.rssKB / 1024;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Formatting

export const ms = (v: number | null | undefined) => (v === null || v === undefined ? 'n/a' : `${Math.round(v)}`);
export const mib = (b: number | null | undefined) => (b === null || b === undefined ? 'n/a' : (b / 2 ** 20).toFixed(1));
export const int = (n: number | null | undefined) => (n === null || n === undefined ? 'n/a' : Math.round(n).toLocaleString('en-US'));

export function median(xs: number[]): number | null {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

export function table(head: string[], rows: (string | number)[][]): string {
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

export function defaultCli(): string {
  return path.resolve(arg('cli', process.env.CAIRN_CLI ?? path.join(repoRoot, 'bin', 'cairn.js'))!);
}
