/**
 * nuScenes' visibility levels by token: every release (and Lyft's) ships the same visibility
 * table, so a sample_annotation's token names its level even where the table is left out.
 */
export const NUSCENES_VISIBILITY_LEVELS: Readonly<Record<string, string>> = { '1': 'v0-40', '2': 'v40-60', '3': 'v60-80', '4': 'v80-100' };

/** The level of objects at most 40 % visible across the six cameras: a dataset's annotation not to score. */
export const BARELY_VISIBLE_LEVEL = 'v0-40';

/** An annotation's visibility level: its visibility table's row, else the level nuScenes gives its token; '' where neither names one. */
export function nuScenesVisibilityLevel(token: string | undefined, levelInTable: (token: string) => string | undefined): string {
  if (!token) return '';
  return levelInTable(token) || (NUSCENES_VISIBILITY_LEVELS[token] ?? '');
}

/**
 * Whether an annotation of the given visibility level is one the dataset does not score (level
 * v0-40, token "1"): kept as ground truth flagged ignore, by the importer and by `cairn evaluate`
 * alike, rather than dropped or scored as a miss.
 */
export function isBarelyVisible(level: string): boolean {
  return level === BARELY_VISIBLE_LEVEL;
}
