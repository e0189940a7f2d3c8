import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import type { OutputTensors } from '../../../core/models/detection';
import { decoderOutputs, type ModelCard } from '../../../core/models/modelCard';

/*
 * Imported by the model worker only (and tests): the host's own thread never maps the native
 * library, and learns the runtime's version from the worker.
 */

export function onnxRuntimeVersion(): string {
  return ort.env.versions.node ?? 'unknown';
}

/**
 * The accelerated providers this machine can use, in the order given. A provider the package
 * lists but did not bundle (CUDA on Linux, fetched only by its optional install step) counts
 * only where its library lies beside the binding; asking for it otherwise fails the session
 * and prints a loader error.
 */
export function availableProviders(preferred: readonly string[]): string[] {
  const listed = new Map(ort.listSupportedBackends().map((b) => [b.name, b.bundled]));
  const bindingDir = path.join(path.dirname(createRequire(__filename).resolve('onnxruntime-node')), '..', 'bin', 'napi-v6', process.platform, process.arch);
  return preferred.filter((name) => {
    if (name === 'cpu' || !listed.has(name)) return false;
    if (listed.get(name)) return true;
    return existsSync(path.join(bindingDir, `libonnxruntime_providers_${name}.so`)) || existsSync(path.join(bindingDir, `onnxruntime_providers_${name}.dll`));
  });
}

/**
 * A session on the model file, on the first preferred provider that opens (then CPU), checked
 * against the card: the input and every output the decoder reads must exist, with the input's
 * shape where the graph fixes it.
 */
export async function openModelSession(
  modelFile: string,
  card: ModelCard,
  preferred: readonly string[],
): Promise<{ session: InferenceSession; executionProviders: string[] }> {
  const { session, executionProviders: used } = await createSession(modelFile, preferred);
  const inputs = session.inputNames;
  if (!inputs.includes(card.input.name)) throw new Error(`${modelFile}: the card's input "${card.input.name}" is not an input of the model (it has ${inputs.join(', ')})`);
  const missing = decoderOutputs(card.decoder).filter((n) => !session.outputNames.includes(n));
  if (missing.length) throw new Error(`${modelFile}: the card's decoder reads ${missing.map((n) => `"${n}"`).join(', ')}, which the model does not output (it has ${session.outputNames.join(', ')})`);
  const meta = session.inputMetadata.find((m) => m.name === card.input.name);
  if (meta?.isTensor) {
    const want = [1, 3, card.input.height, card.input.width];
    const shape = meta.shape;
    if (shape.length !== 4 || shape.some((d, i) => typeof d === 'number' && d !== want[i])) {
      throw new Error(`${modelFile}: input "${card.input.name}" is [${shape.join(', ')}], the card says [${want.join(', ')}]`);
    }
  }
  return { session, executionProviders: used };
}

/** A session on the model file on the first preferred provider that opens it, else on CPU. */
export async function createSession(modelFile: string, preferred: readonly string[]): Promise<{ session: InferenceSession; executionProviders: string[] }> {
  // Warnings (initializers listed as graph inputs, common in old exports) are not the user's concern.
  const base: InferenceSession.SessionOptions = { logSeverityLevel: 3, graphOptimizationLevel: 'all' };
  for (const ep of availableProviders(preferred)) {
    try {
      return { session: await ort.InferenceSession.create(modelFile, { ...base, executionProviders: [ep, 'cpu'] }), executionProviders: [ep, 'cpu'] };
    } catch {
      // The provider is present but cannot run here (no device, driver mismatch): CPU below.
    }
  }
  try {
    return { session: await ort.InferenceSession.create(modelFile, { ...base, executionProviders: ['cpu'] }), executionProviders: ['cpu'] };
  } catch (e) {
    throw new Error(`${modelFile}: onnxruntime cannot load this model: ${(e as Error).message}`);
  }
}

/** One inference on a prepared NCHW tensor; the outputs the decoder reads, as plain float arrays. */
export async function runDetector(session: InferenceSession, card: ModelCard, data: Float32Array): Promise<{ outputs: OutputTensors; inferenceMs: number }> {
  const input = new ort.Tensor('float32', data, [1, 3, card.input.height, card.input.width]);
  const names = decoderOutputs(card.decoder);
  const started = performance.now();
  const result = await session.run({ [card.input.name]: input }, names);
  const inferenceMs = performance.now() - started;
  const outputs: Record<string, { data: Float32Array; dims: number[] }> = {};
  for (const name of names) {
    const t: Tensor = result[name];
    if (t.type !== 'float32') throw new Error(`output "${name}" is ${t.type}; the decoders read float32`);
    outputs[name] = { data: t.data as Float32Array, dims: [...t.dims] };
  }
  return { outputs, inferenceMs };
}
