import type { ModelProvenance } from '../provenance';

/** When and by what a classical generator ran; `sha256` names its settings (the hash of classicalSettingsText, computed by the host: core holds no hash function). */
export interface ClassicalRun {
  readonly sha256: string;
  readonly runtimeVersion: string;
  readonly at: string;
}

/**
 * The provenance of a classical generator's run, in the shape a model's proposals carry, so that
 * the history and the inspector read both alike. A classical generator has no weights: its
 * "model" is the generator at a version, and two runs with equal settings name the same model.
 */
export function classicalProvenance(generator: string, version: string, parameters: ModelProvenance['parameters'], run: ClassicalRun): ModelProvenance {
  return {
    generator,
    model: { name: generator, version, sha256: run.sha256, file: '(built in)' },
    parameters,
    runtime: { name: 'cairn', version: run.runtimeVersion, executionProviders: ['cpu'] },
    at: run.at,
  };
}

/** The text whose SHA-256 names a run's settings: generator, version and parameters, keys sorted. */
export function classicalSettingsText(generator: string, version: string, parameters: ModelProvenance['parameters']): string {
  const sorted = Object.fromEntries(Object.entries(parameters).sort(([a], [b]) => (a < b ? -1 : 1)));
  return JSON.stringify({ generator, version, parameters: sorted });
}
