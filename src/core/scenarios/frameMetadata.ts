/**
 * What a frame's metadata says in words a query can match: the scene description's words and its
 * location, lower-cased. nuScenes descriptions read "Night, rain, peds crossing (singapore-hollandvillage,
 * 2018-08-01, n008)": the importer appends log location, date and vehicle in brackets.
 */

export interface SceneMetadata {
  readonly description: string | null;
  readonly location: string | null;
  readonly tags: readonly string[];
}

const BRACKETED = /\(([^()]*)\)\s*$/;

export function sceneMetadata(description: string | undefined): SceneMetadata {
  const text = description?.trim() || null;
  if (!text) return { description: null, location: null, tags: [] };
  const bracket = BRACKETED.exec(text);
  const first = bracket?.[1].split(',')[0].trim();
  // A date or a vehicle code alone is not a place: a location has letters beyond a short code.
  const location = first && /[a-z]{3,}/i.test(first) && !/^\d{4}-\d{2}-\d{2}$/.test(first) ? first : null;
  const words = text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}_-]*/gu) ?? [];
  const tags = [...new Set([...words, ...(location ? [location.toLowerCase()] : [])])].sort();
  return { description: text, location, tags };
}
