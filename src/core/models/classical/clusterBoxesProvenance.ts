import type { ModelProvenance } from '../provenance';
import { CLUSTER_BOXES, CLUSTER_BOXES_DEFAULTS, CLUSTER_BOXES_VERSION, type ClusterBoxesOptions } from './clusterBoxes';

/**
 * The provenance of a cluster-boxes run, in the shape a model's proposals carry, so that the
 * history and the inspector read both alike. A classical generator has no weights: its "model" is
 * the generator at a version, and `sha256` names its settings (the hash of `settingsText`, computed
 * by the host: core holds no hash function), so two runs with equal settings name the same model.
 */
export function clusterBoxesProvenance(
  options: Omit<ClusterBoxesOptions, 'frame'>,
  run: { readonly sha256: string; readonly runtimeVersion: string; readonly at: string },
): ModelProvenance {
  return {
    generator: CLUSTER_BOXES,
    model: { name: CLUSTER_BOXES, version: CLUSTER_BOXES_VERSION, sha256: run.sha256, file: '(built in)' },
    parameters: clusterBoxesParameters(options),
    runtime: { name: 'cairn', version: run.runtimeVersion, executionProviders: ['cpu'] },
    at: run.at,
  };
}

/** Every setting that shapes the boxes, defaults filled in; the class sizes as one text. */
export function clusterBoxesParameters(options: Omit<ClusterBoxesOptions, 'frame'>): ModelProvenance['parameters'] {
  const { classes, sensor, ...rest } = options;
  const settings: ModelProvenance['parameters'] = { ...CLUSTER_BOXES_DEFAULTS };
  for (const [key, value] of Object.entries(rest)) if (value !== undefined) settings[key] = value;
  settings.classes = classes && classes.length ? classes.map((c) => `${c.classId}:${c.size.join('x')}`).join(',') : null;
  settings.sensor = (sensor ?? [0, 0, 0]).join(',');
  return settings;
}

/** The text whose SHA-256 names a run's settings: generator, version and parameters, keys sorted. */
export function settingsText(parameters: ModelProvenance['parameters']): string {
  const sorted = Object.fromEntries(Object.entries(parameters).sort(([a], [b]) => (a < b ? -1 : 1)));
  return JSON.stringify({ generator: CLUSTER_BOXES, version: CLUSTER_BOXES_VERSION, parameters: sorted });
}
