import path from 'node:path';
import { parseCommandArgs } from './commandArgs';
import type { LodAttribute } from './services/lod/lodBuilder';
import { convertScans } from './services/pointclouds/convertScan';

export const CONVERT_HELP = `  cairn convert <inputs...> -o <dir> [--sampling poisson|random] [--attributes a,b,...]
                [--memory-mb N] [--threads N] [--encoding default|brotli]
      Build a Potree 2.0 octree (metadata.json, hierarchy.bin, octree.bin) from LAS, LAZ, COPC,
      PCD, PLY, E57 (all scans, poses applied) or KITTI .bin files. Progress goes to stderr; the
      exit status is 0 only on success.
      --attributes     keep only these: intensity, returnNumber, numberOfReturns,
                       classification, pointSourceId, gpsTime, rgb (default: all present)
      --memory-mb N    memory cap for the build (default 2048)
      --encoding E     default: uncompressed nodes (what Cairn streams); brotli: each node
                       brotli-compressed, as PotreeConverter's --encoding BROTLI writes it
                       (smaller, slower to build; Potree and potree-core decode it)
`;

const ATTRIBUTES: readonly LodAttribute[] = ['intensity', 'returnNumber', 'numberOfReturns', 'classification', 'pointSourceId', 'gpsTime', 'rgb'];

/** `cairn convert`: returns the exit status. */
export async function runConvert(args: string[], err: NodeJS.WriteStream = process.stderr): Promise<number> {
  const parsed = parseCommandArgs('convert', CONVERT_HELP, args, {
    output: { type: 'string', short: 'o' },
    sampling: { type: 'string' },
    attributes: { type: 'string' },
    'memory-mb': { type: 'string' },
    threads: { type: 'string' },
    encoding: { type: 'string' },
  }, err);
  if (!parsed) return 2;
  const { values, positionals, usage } = parsed;
  if (positionals.length === 0) return usage('give at least one input file');
  if (!values.output) return usage('give the output folder with -o <dir>');
  const sampling = values.sampling ?? 'poisson';
  if (sampling !== 'poisson' && sampling !== 'random') return usage(`--sampling must be poisson or random, got "${sampling}"`);
  const attributes = values.attributes?.split(',').map((a) => a.trim()).filter(Boolean);
  const unknown = attributes?.filter((a) => !ATTRIBUTES.includes(a as LodAttribute));
  if (unknown?.length) return usage(`unknown attribute(s): ${unknown.join(', ')}`);
  const memoryMb = values['memory-mb'] === undefined ? 2048 : Number(values['memory-mb']);
  if (!Number.isInteger(memoryMb) || memoryMb < 16) return usage('--memory-mb must be an integer of at least 16');
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1)) return usage('--threads must be a positive integer');
  const encoding = values.encoding ?? 'default';
  if (encoding !== 'default' && encoding !== 'brotli') return usage(`--encoding must be default or brotli, got "${encoding}"`);

  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const bar = progressBar(err);
  const started = Date.now();
  try {
    const result = await convertScans(
      positionals.map((p) => path.resolve(p)),
      path.resolve(values.output),
      { sampling, attributes: attributes as LodAttribute[] | undefined, memoryMb, threads, encoding },
      { signal: controller.signal, progress: bar.update },
    );
    bar.done();
    err.write(`${result.points.toLocaleString('en-US')} points, ${result.nodes} nodes, depth ${result.depth}, in ${((Date.now() - started) / 1000).toFixed(1)} s → ${result.outDir}\n`);
    return 0;
  } catch (e) {
    bar.done();
    err.write(`cairn convert: ${controller.signal.aborted ? 'cancelled' : (e as Error).message}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** One line redrawn in place on a terminal; a line a second otherwise (logs, CI). */
function progressBar(err: NodeJS.WriteStream) {
  const tty = Boolean(err.isTTY);
  let last = 0;
  let lastPhase = '';
  return {
    update(phase: string, done: number, total: number) {
      const now = Date.now();
      if (phase === lastPhase && now - last < (tty ? 100 : 1000)) return;
      last = now;
      lastPhase = phase;
      const fraction = total > 0 ? Math.min(1, done / total) : 0;
      const width = 30;
      const filled = Math.round(fraction * width);
      const line = `${phase.padEnd(10)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%  ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`;
      err.write(tty ? `\r${line}` : `${line}\n`);
    },
    done() {
      if (tty) err.write('\n');
    },
  };
}
