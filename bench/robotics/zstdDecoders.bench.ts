/**
 * zstd decoders from npm on the same chunks of the openInPlace bench's MCAP (written by that bench
 * first), side by side: each decoder decompresses the same 24 chunks in turn, five rounds; the
 * minimum per chunk is compared with the handler @mcap/support gives (what stepping used before).
 * The project's own decoders are always measured; fzstd (JavaScript), zstddec (WebAssembly) and
 * zstd-napi (native, built from its sources by node-gyp when no prebuilt binary can be fetched)
 * are measured where installed beside `--from` (they are not dependencies of Cairn):
 *
 *   mkdir -p /tmp/zstd-decoders && (cd /tmp/zstd-decoders && npm init -y && npm i fzstd zstddec zstd-napi)
 *   nice -n 10 node --import tsx bench/robotics/zstdDecoders.bench.ts --from /tmp/zstd-decoders [--file /tmp/cairn-bench-drive-1024mb.mcap]
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import zstd from '@foxglove/wasm-zstd';
import { McapIndexedReader } from '@mcap/core';
import { loadDecompressHandlers } from '@mcap/support';

const { values } = parseArgs({ options: { from: { type: 'string' }, file: { type: 'string', default: '/tmp/cairn-bench-drive-1024mb.mcap' } } });
type Decode = (data: Uint8Array, size: number) => Uint8Array;

async function optionalDecoders(): Promise<Record<string, Decode>> {
  if (!values.from) return {};
  const load = createRequire(path.join(path.resolve(values.from), 'index.js'));
  const out: Record<string, Decode> = {};
  const tryLoad = async (name: string, make: () => Promise<Decode> | Decode) => {
    try {
      out[name] = await make();
    } catch (e) {
      console.log(`${name}: not measured (${(e as Error).message.split('\n')[0]})`);
    }
  };
  await tryLoad('fzstd (JavaScript)', () => {
    const fzstd = load('fzstd') as { decompress(d: Uint8Array, out: Uint8Array): Uint8Array };
    return (d, n) => fzstd.decompress(d, new Uint8Array(n));
  });
  await tryLoad('zstddec (WebAssembly)', async () => {
    const { ZSTDDecoder } = load('zstddec') as { ZSTDDecoder: new () => { init(): Promise<void>; decode(d: Uint8Array, n: number): Uint8Array } };
    const decoder = new ZSTDDecoder();
    await decoder.init();
    return (d, n) => decoder.decode(d, n);
  });
  await tryLoad('zstd-napi (native, built from source)', () => {
    const { Decompressor } = load('zstd-napi') as { Decompressor: new () => { decompress(d: Uint8Array): Uint8Array } };
    const dctx = new Decompressor();
    return (d) => dctx.decompress(d);
  });
  return out;
}

async function main(): Promise<void> {
  const fd = openSync(values.file, 'r');
  const size = fstatSync(fd).size;
  const readAt = (offset: bigint, length: bigint) => {
    const b = Buffer.alloc(Number(length));
    readSync(fd, b, 0, b.length, Number(offset));
    return b;
  };
  const handlers = await loadDecompressHandlers();
  const reader = await McapIndexedReader.Initialize({ readable: { size: async () => BigInt(size), read: async (o, n) => readAt(o, n) }, decompressHandlers: handlers });
  // A chunk record's fields: opcode, length, start and end times, uncompressed size and CRC, compression, records.
  const chunks = reader.chunkIndexes.slice(100, 124).map((c) => {
    const rec = readAt(c.chunkStartOffset, c.chunkLength);
    const view = new DataView(rec.buffer, rec.byteOffset, rec.byteLength);
    const nameLength = view.getUint32(9 + 28, true);
    const at = 9 + 32 + nameLength;
    return { data: rec.subarray(at + 8, at + 8 + Number(view.getBigUint64(at, true))), size: Number(c.uncompressedSize) };
  });
  closeSync(fd);
  await zstd.isLoaded;
  const decoders: Record<string, Decode> = {
    '@mcap/support handler (WebAssembly, two copies)': (d, n) => handlers.zstd(d, BigInt(n)),
    '@foxglove/wasm-zstd called directly (one copy)': (d, n) => zstd.decompress(d, n),
    ...(await optionalDecoders()),
  };
  const reference = Buffer.from(zstd.decompress(chunks[0].data, chunks[0].size));
  for (const [name, decode] of Object.entries(decoders)) if (!reference.equals(Buffer.from(decode(chunks[0].data, chunks[0].size)))) throw new Error(`${name} decodes differently`);
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(decoders).map((k) => [k, []]));
  for (let round = 0; round < 5; round++) {
    for (const [name, decode] of Object.entries(decoders)) {
      const t = performance.now();
      for (const c of chunks) decode(c.data, c.size);
      times[name].push((performance.now() - t) / chunks.length);
    }
  }
  const mean = (f: (c: (typeof chunks)[number]) => number) => chunks.reduce((a, c) => a + f(c), 0) / chunks.length / 2 ** 20;
  console.log(`${chunks.length} zstd chunks of ${values.file}: ${mean((c) => c.data.byteLength).toFixed(2)} MiB compressed, ${mean((c) => c.size).toFixed(2)} MiB decompressed each`);
  const base = Math.min(...times[Object.keys(decoders)[0]]);
  for (const [name, t] of Object.entries(times)) {
    t.sort((a, b) => a - b);
    console.log(`${name.padEnd(50)} ${t[0].toFixed(1).padStart(6)} ms a chunk (median ${t[2].toFixed(1)}), ratio ${(t[0] / base).toFixed(2)}`);
  }
}

main().catch((e: unknown) => {
  console.error((e as Error).stack ?? e);
  process.exit(1);
});
