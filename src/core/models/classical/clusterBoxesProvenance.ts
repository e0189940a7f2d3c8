import type { ModelProvenance } from '../provenance';
import { classicalProvenance, classicalSettingsText, type ClassicalRun } from './classicalProvenance';
import { CLUSTER_BOXES, CLUSTER_BOXES_DEFAULTS, CLUSTER_BOXES_VERSION, type ClusterBoxesOptions } from './clusterBoxes';

/** The provenance of a cluster-boxes run (classicalProvenance), its settings with defaults filled in. */
export function clusterBoxesProvenance(options: Omit<ClusterBoxesOptions, 'frame'>, run: ClassicalRun): ModelProvenance {
  return classicalProvenance(CLUSTER_BOXES, CLUSTER_BOXES_VERSION, clusterBoxesParameters(options), run);
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
  return classicalSettingsText(CLUSTER_BOXES, CLUSTER_BOXES_VERSION, parameters);
}
