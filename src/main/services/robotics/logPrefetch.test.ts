import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { McapIndexedReader } from '@mcap/core';
import { loadDecompressHandlers } from '@mcap/support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ByteSource } from '../../../core/io/byteSource';
import { parseSceneManifest, type SceneManifest } from '../../../core/scene/manifest';
import { mcapReadable, openMcapLog } from '../../import/robotics/mcapLog';
import { importRoboticsLogs } from '../../import/robotics/roboticsImport';
import { writeMcapTo } from '../../import/robotics/testing/logWriters';
import { streetLog } from '../../import/robotics/testing/streetLog';
import { fileSource } from '../stores/fileSource';
import { LogMessageStore } from './logMessageStore';
import { logFrames } from './logSceneStore';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-log-prefetch-'));
const file = path.join(dir, 'street.mcap');
let manifest: SceneManifest;

beforeAll(async () => {
  // Small zstd chunks: a frame's sweep and image lie in chunks of their own or shared with a neighbour.
  const fd = openSync(file, 'w');
  let position = 0n;
  const camera = { topic: '/front/image/compressed', width: 64, height: 48, encoding: 'png', yaw: 0 } as const;
  await writeMcapTo(
    {
      position: () => position,
      write: async (b) => {
        writeSync(fd, b);
        position += BigInt(b.byteLength);
      },
    },
    'ros2',
    streetLog({ sweeps: 20, points: 2000, cameras: [camera] }),
    { compression: 'zstd', chunkSize: 16 << 10 },
  );
  closeSync(fd);
  const log = await openMcapLog(fileSource(file));
  try {
    manifest = parseSceneManifest((await importRoboticsLogs('mcap', file, [log], { outDir: path.join(dir, 'out'), inPlace: true })).scenes[0].manifest, file);
  } finally {
    await log.close();
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const captures = (i: number) => [manifest.frames[i].pointClouds.lidar_points.path, ...Object.values(manifest.frames[i].images).map((im) => im.path)];

/** The file, its reads recorded; reads below `gateBelow` wait while the gate is shut. */
function gatedSource() {
  const inner = fileSource(file);
  const reads: { offset: number; length: number }[] = [];
  let open: () => void = () => undefined;
  let gate: Promise<void> | null = null;
  const state = { gateBelow: 0 };
  const source: ByteSource & { close(): Promise<void> } = {
    name: file,
    size: () => inner.size(),
    read: async (offset, length) => {
      if (gate && offset < state.gateBelow) await gate;
      reads.push({ offset, length });
      return inner.read(offset, length);
    },
    close: () => inner.close(),
  };
  return {
    source,
    reads,
    shut(below: number) {
      state.gateBelow = below;
      gate = new Promise((resolve) => (open = resolve));
    },
    open: () => {
      gate = null;
      open();
    },
  };
}

function storeOn(source: ByteSource, prefetch: boolean, decompressIn: 'thread' | 'worker' = 'thread'): LogMessageStore {
  return new LogMessageStore('t', 'local', file, 'mcap', () => [source], logFrames(manifest), { prefetch, decompressIn });
}

async function frame(store: LogMessageStore, i: number): Promise<Buffer[]> {
  return (await Promise.all(captures(i).map((p) => store.capture(p)))).map((b) => Buffer.from(b));
}

/** Where the chunks holding a frame's messages lie: the first's offset, and each chunk's start and length. */
async function chunksOf(i: number): Promise<{ first: number; chunks: { start: number; length: number }[] }> {
  const source = fileSource(file);
  try {
    const reader = await McapIndexedReader.Initialize({ readable: mcapReadable(source), decompressHandlers: await loadDecompressHandlers() });
    const chunks = captures(i).flatMap((p) => {
      const [, time, topic] = /^log\/(\d+)\/(.+)\.\w+$/.exec(p)!;
      const ids = [...reader.channelsById.values()].filter((c) => c.topic === `/${topic}`).map((c) => c.id);
      return reader.chunkIndexes.filter((c) => c.messageStartTime <= BigInt(time) && c.messageEndTime >= BigInt(time) && ids.some((id) => c.messageIndexOffsets.has(id)));
    });
    return { first: Math.min(...chunks.map((c) => Number(c.chunkStartOffset))), chunks: chunks.map((c) => ({ start: Number(c.chunkStartOffset), length: Number(c.chunkLength) })) };
  } finally {
    await source.close();
  }
}

describe('reading the next frame of a log ahead', () => {
  it('leaves a frame equal to a direct read, served without reading the log again, stepping either way', async () => {
    const direct = storeOn(fileSource(file), false);
    const ahead = gatedSource();
    const store = storeOn(ahead.source, true);
    try {
      for (const [from, to, next] of [
        [4, 5, 6],
        [12, 11, 10],
      ]) {
        await frame(store, from);
        await frame(store, to);
        await store.prefetchSettled();
        const before = ahead.reads.length;
        const prefetched = await frame(store, next);
        // Asking for it starts the next prefetch, whose reads may follow; none is of this frame's chunks.
        const { chunks } = await chunksOf(next);
        const again = ahead.reads.slice(before).filter((r) => chunks.some((c) => c.start === r.offset && c.length === r.length));
        expect(again, `frame ${next} came from the prefetch`).toEqual([]);
        expect(ahead.reads.slice(0, before).filter((r) => chunks.some((c) => c.start === r.offset)).length, `frame ${next}'s chunks were read ahead`).toBeGreaterThan(0);
        expect(prefetched).toEqual(await frame(direct, next));
        expect(prefetched[0].subarray(0, 11).toString()).toBe('# .PCD v0.7');
      }
    } finally {
      await store.close();
      await direct.close();
    }
  });

  it('a prefetch cancelled by a jump stops before reading its chunks, and the frame then reads whole', async () => {
    const direct = storeOn(fileSource(file), false);
    const gated = gatedSource();
    const store = storeOn(gated.source, true);
    try {
      const nine = await chunksOf(9);
      const eight = await chunksOf(8);
      // Frame 8's sweep lies before frame 9's first chunk: reads there wait while the gate is shut.
      const sweepEight = eight.chunks.find((c) => c.start < nine.first)!;
      expect(sweepEight).toBeDefined();
      await frame(store, 10);
      gated.shut(nine.first);
      await frame(store, 9); // a step back: frame 8 is read ahead, and waits at the gate
      await frame(store, 16); // a jump: the prefetch of frame 8 is stale
      gated.open();
      await store.prefetchSettled();
      expect(gated.reads.filter((r) => r.offset === sweepEight.start && r.length === sweepEight.length)).toEqual([]);
      expect(await frame(store, 8)).toEqual(await frame(direct, 8));
      expect(await frame(store, 16)).toEqual(await frame(direct, 16));
    } finally {
      await store.close();
      await direct.close();
    }
  });

  it('a prefetched frame asked for while it is read is not cancelled by a later jump', async () => {
    const direct = storeOn(fileSource(file), false);
    const gated = gatedSource();
    const store = storeOn(gated.source, true);
    try {
      const nine = await chunksOf(9);
      await frame(store, 10);
      gated.shut(nine.first);
      await frame(store, 9);
      const eight = frame(store, 8); // joins the prefetch under way
      await frame(store, 16);
      gated.open();
      expect(await eight).toEqual(await frame(direct, 8));
    } finally {
      await store.close();
      await direct.close();
    }
  });

  it('reads the same frames with zstd chunks decompressed on a worker thread', async () => {
    const here = storeOn(fileSource(file), false);
    const worker = storeOn(fileSource(file), true, 'worker');
    try {
      for (const i of [3, 4, 5, 0]) expect(await frame(worker, i)).toEqual(await frame(here, i));
      await worker.prefetchSettled();
    } finally {
      await worker.close();
      await here.close();
    }
  });
});
