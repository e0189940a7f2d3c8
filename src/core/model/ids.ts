// Core compiles without DOM or Node typings; both hosts provide Web Crypto on globalThis.
declare const crypto: { randomUUID(): string };

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export function newId(): string {
  return crypto.randomUUID();
}

export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

/** The few leading characters of an id that name an object or track on screen (labels, lists). */
export function shortId(id: string): string {
  return id.slice(0, 4);
}

/**
 * How an object is named on screen: by its track, its one identity across frames, else by its own
 * id. Our ids are UUIDs, shown by their first characters; a dataset's own ids (KITTI's "12", a
 * nuScenes instance token) as they are when short, by their last six characters when long.
 */
export function objectTag(trackId: string | undefined, objectId: string): string {
  const id = trackId ?? objectId;
  if (isUuid(id)) return shortId(id);
  return id.length <= 8 ? id : id.slice(-6);
}
