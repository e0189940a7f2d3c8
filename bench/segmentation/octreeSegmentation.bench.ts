/**
 * Segmentation of a streamed octree at the default point budget: a lasso over the loaded nodes'
 * points, selected in a worker thread as the app's selection worker does (OctreeSelectionState),
 * while this thread keeps a 1 ms timer running to show it stays free; then the main thread's share
 * of the stroke (labels of the selection read from the patches, the patch painted, its record's
 * base64, the per-node label cache advanced and the touched nodes recoloured) and of its undo.
 *
 * The octree is built here by the LOD builder from a synthetic terrain. "Loaded at the default
 * budget" is the top levels of the octree, level by level, until 2M points: what a view of the
 * whole cloud loads.
 *
 *   nice -n 10 npx tsx bench/segmentation/octreeSegmentation.bench.ts [--points 8000000] [--budget 2000000] [--runs 5]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { labelPatchRecord } from '../../src/core/annotations/labelPatch/record';
import { labelColours } from '../../src/core/segmentation/labelColours';
import { labelWord } from '../../src/core/segmentation/labelWord';
import { OctreeLabelCache, paintSelected } from '../../src/core/segmentation/octreeLabels';
import { octreePointOrder, readWholeHierarchy } from '../../src/core/segmentation/octreePointOrder';
import { OctreeSelectionState, type OctreeSelectionReply, type OctreeSelectionRequest } from '../../src/core/segmentation/octreeSelection';
import { LodBuilder } from '../../src/main/services/lod/lodBuilder';
import { rng, terrainBatch } from '../../src/main/services/lod/testing/synthetic';

if (!isMainThread) {
  const state = new OctreeSelectionState(() => performance.now());
  parentPort!.on('message', (m: OctreeSelectionRequest) => {
    const reply = state.handle(m);
    if (reply) parentPort!.postMessage(reply, reply.type === 'selected' ? [reply.indices.buffer as ArrayBuffer] : []);
  });
} else {
  void main();
}

async function main() {
  const arg = (name: string, fallback: number) => {
    const at = process.argv.indexOf(`--${name}`);
    return at >= 0 ? Number(process.argv[at + 1]) : fallback;
  };
  const N = arg('points', 8_000_000);
  const BUDGET = arg('budget', 2_000_000);
  const RUNS = arg('runs', 5);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const FRAME = '5b3c2d1e-0f9a-4b8c-9d7e-6f5a4b3c2d1e';
  const SIZE = 400;

  const work = mkdtempSync(path.join(os.tmpdir(), 'cairn-octree-seg-bench-'));
  try {
    const t0 = performance.now();
    const builder = LodBuilder.create({ outDir: path.join(work, 'octree'), tmpDir: work, sampling: 'poisson', memoryBytes: 512 << 20 });
    const random = rng(5);
    for (let first = 0; first < N; first += 500_000) await builder.add(terrainBatch(Math.min(500_000, N - first), first, random, SIZE));
    await builder.finish();
    const outDir = path.join(work, 'octree');
    const meta = JSON.parse(readFileSync(path.join(outDir, 'metadata.json'), 'utf8'));
    const hierarchy = new Uint8Array(readFileSync(path.join(outDir, 'hierarchy.bin')));
    const octree = readFileSync(path.join(outDir, 'octree.bin'));
    const t1 = performance.now();
    const entries = readWholeHierarchy(hierarchy, meta.hierarchy.firstChunkSize);
    const order = octreePointOrder(entries);
    const orderMs = performance.now() - t1;
    const recordSize = (meta.attributes as { size: number }[]).reduce((n, a) => n + a.size, 0);

    // The loaded nodes: top levels first (level = name length − 1), then by name, up to the budget.
    const byLevel = entries.filter((e) => e.numPoints > 0).sort((a, b) => a.name.length - b.name.length || (a.name < b.name ? -1 : 1));
    const loaded: { name: string; first: number; positions: Float32Array; matrix: number[] }[] = [];
    let loadedPoints = 0;
    for (const e of byLevel) {
      if (loadedPoints + e.numPoints > BUDGET) break;
      const positions = new Float32Array(3 * e.numPoints);
      const corner = [0, 1, 2].map((a) => octree.readInt32LE(e.byteOffset + 4 * a) * meta.scale[a] + meta.offset[a]);
      for (let i = 0; i < e.numPoints; i++) for (let a = 0; a < 3; a++) positions[3 * i + a] = octree.readInt32LE(e.byteOffset + i * recordSize + 4 * a) * meta.scale[a] + meta.offset[a] - corner[a];
      // The view's frame is centred on the cloud, as the app rebases it.
      loaded.push({ name: e.name, first: order.nodes.get(e.name)!.first, positions, matrix: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, corner[0] - SIZE / 2, corner[1] - SIZE / 2, corner[2] - 5, 1] });
      loadedPoints += e.numPoints;
    }
    console.log(`octree: ${N.toLocaleString('en-US')} points, ${order.nodes.size} nodes (built in ${((t1 - t0) / 1000).toFixed(1)} s); point order from the whole hierarchy (${hierarchy.length.toLocaleString('en-US')} bytes): ${orderMs.toFixed(1)} ms`);
    console.log(`loaded at the budget: ${loadedPoints.toLocaleString('en-US')} points in ${loaded.length} nodes (levels 0–${loaded[loaded.length - 1].name.length - 1})`);

    // The worker runs this file too, through tsx as this thread does.
    const worker = new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(__filename)});`, { eval: true });
    const replies = new Map<number, (r: OctreeSelectionReply) => void>();
    worker.on('message', (r: OctreeSelectionReply) => replies.get(r.requestId)?.(r));
    let send = performance.now();
    for (const n of loaded) worker.postMessage({ type: 'node', ...n } satisfies OctreeSelectionRequest);
    const sendMs = performance.now() - send;
    const names = loaded.map((n) => n.name);

    // Looking straight down at the cloud from 600 m (a 60° frustum), a lasso over the middle of the view.
    const f = 1 / Math.tan(Math.PI / 6);
    const near = 1;
    const far = 2000;
    const viewProjection = [f, 0, 0, 0, 0, f, 0, 0, 0, 0, -(far + near) / (far - near), -1, 0, 0, -(2 * far * near) / (far - near) - ((-(far + near) / (far - near)) * -600), 600];
    const lasso = Array.from({ length: 24 }, (_, k) => [0.3 * Math.cos((k * Math.PI) / 12) + 0.05 * Math.sin(k), 0.3 * Math.sin((k * Math.PI) / 12)]).flat();

    const cache = new OctreeLabelCache(FRAME, order, 2 * BUDGET);
    const colours = new Map([[40, '#ff00ff']]);
    const colour = (name: string) => labelColours(cache.node(name)!.labels, { colours, hidden: new Set(), colourByLabel: true });
    // Colours of every loaded node, as the app holds them once anything is labelled.
    const drawn = new Map(names.map((n) => [n, cache.node(n)!.version]));
    const recolour = () => {
      let nodes = 0;
      for (const name of names) {
        const v = cache.node(name)!.version;
        if (drawn.get(name) === v) continue;
        drawn.set(name, v);
        colour(name);
        nodes++;
      }
      return nodes;
    };

    // The same timer over an idle wait as long as a selection: the gaps this machine gives a free thread.
    const idleGap = async (ms: number) => {
      let last = performance.now();
      let maxGap = 0;
      const ticker = setInterval(() => {
        const now = performance.now();
        maxGap = Math.max(maxGap, now - last);
        last = now;
      }, 1);
      await new Promise((resolve) => setTimeout(resolve, ms));
      clearInterval(ticker);
      return maxGap;
    };
    const rows: { worker: number; roundTrip: number; maxGap: number; idleGap: number; paint: number; sync: number; recolour: number; undo: number; selected: number; nodes: number }[] = [];
    for (let run = 0; run < RUNS + 1; run++) {
      // A 1 ms timer on this thread: its longest gap while the worker selects is how long this thread was not free.
      let last = performance.now();
      let maxGap = 0;
      const ticker = setInterval(() => {
        const now = performance.now();
        maxGap = Math.max(maxGap, now - last);
        last = now;
      }, 1);
      send = performance.now();
      const reply = await new Promise<OctreeSelectionReply>((resolve) => {
        replies.set(run, resolve);
        worker.postMessage({ type: 'select', requestId: run, nodes: names, shape: { kind: 'viewPolygon', viewProjection, polygon: lasso } } satisfies OctreeSelectionRequest);
      });
      const roundTrip = performance.now() - send;
      clearInterval(ticker);
      if (reply.type !== 'selected') throw new Error(JSON.stringify(reply));
      // The main thread's share of the stroke.
      const a = performance.now();
      const patch = paintSelected(FRAME, reply.indices, cache.labelsAt(reply.indices), labelWord(40 + (run % 2), 0))!;
      const record = labelPatchRecord(patch, { objectId: crypto.randomUUID(), sceneId: FRAME, classId: 'road', label: 40, ordinal: run, ontologyVersion: 1, author: 'bench', at: run });
      const b = performance.now();
      cache.sync([record], new Map([[record.objectId, patch]]));
      const c = performance.now();
      const nodes = recolour();
      const d = performance.now();
      cache.sync([]);
      recolour();
      const e = performance.now();
      const idle = await idleGap(roundTrip);
      if (run > 0) rows.push({ worker: reply.ms, roundTrip, maxGap, idleGap: idle, paint: b - a, sync: c - b, recolour: d - c, undo: e - d, selected: reply.indices.length, nodes });
    }
    await worker.terminate();
    const m = (k: keyof (typeof rows)[number]) => median(rows.map((r) => r[k]));
    console.log(`main thread, sending the loaded nodes to the worker once: ${sendMs.toFixed(1)} ms`);
    console.log(`lasso over ${loadedPoints.toLocaleString('en-US')} loaded points, ${m('selected').toLocaleString('en-US')} selected (median of ${RUNS}):`);
    console.log(`  in the worker: ${m('worker').toFixed(1)} ms (round trip ${m('roundTrip').toFixed(1)} ms); main thread's longest gap between 1 ms ticks meanwhile: ${m('maxGap').toFixed(1)} ms (idle, as long: ${m('idleGap').toFixed(1)} ms)`);
    console.log(`  main thread, apply: labels read + paint + record ${m('paint').toFixed(1)} ms, label cache ${m('sync').toFixed(1)} ms, recolour ${m('nodes')} touched nodes ${m('recolour').toFixed(1)} ms`);
    console.log(`  main thread, undo (cache + recolour): ${m('undo').toFixed(1)} ms`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
