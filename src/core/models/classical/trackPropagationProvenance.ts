import type { ModelProvenance } from '../provenance';
import { classicalProvenance, classicalSettingsText, type ClassicalRun } from './classicalProvenance';
import { TRACK_PROPAGATION, TRACK_PROPAGATION_DEFAULTS, TRACK_PROPAGATION_VERSION, type TrackPropagationOptions } from './trackPropagation';

/** The provenance of a tracking-propagation run (classicalProvenance), its settings with defaults filled in. */
export function trackPropagationProvenance(options: TrackPropagationOptions, run: ClassicalRun): ModelProvenance {
  return classicalProvenance(TRACK_PROPAGATION, TRACK_PROPAGATION_VERSION, trackPropagationParameters(options), run);
}

/** Every setting that shapes the boxes; an unset shift limit is the refit's own (null). */
export function trackPropagationParameters(options: TrackPropagationOptions): ModelProvenance['parameters'] {
  return {
    ...TRACK_PROPAGATION_DEFAULTS,
    ...(options.sizeMinPoints !== undefined ? { sizeMinPoints: options.sizeMinPoints } : {}),
    ...(options.sizeMinScore !== undefined ? { sizeMinScore: options.sizeMinScore } : {}),
    maxShift: options.maxShift ?? null,
    sensor: (options.sensor ?? [0, 0, 0]).join(','),
  };
}

/** The text whose SHA-256 names a run's settings. */
export function trackPropagationSettingsText(parameters: ModelProvenance['parameters']): string {
  return classicalSettingsText(TRACK_PROPAGATION, TRACK_PROPAGATION_VERSION, parameters);
}
