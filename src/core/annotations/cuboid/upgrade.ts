/**
 * Cairn 0.1.0 stored cuboids without a kind, a track or an ontology version. Its only ontology
 * was cairn.default.driving version 1, so that is the version those records were made under
 * (whatever the default ontology's version is today).
 */
export const RELEASE_0_1_ONTOLOGY_VERSION = 1;

/** A cuboid record as this build writes it; one written by 0.1.0 becomes a one-keyframe track of its own. */
export function upgradeCuboidRecord(raw: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return {
    ...raw,
    kind: raw.kind ?? 'cuboid',
    trackId: raw.trackId ?? raw.objectId,
    ontologyVersion: raw.ontologyVersion ?? RELEASE_0_1_ONTOLOGY_VERSION,
  };
}
