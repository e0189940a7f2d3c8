import { decodeUrlPath } from '../host/decodePath';

/**
 * What the Electron shell lets its windows do, as plain functions so they are tested without
 * Electron. The app lives at one origin; everything else is refused unless listed here.
 */
export const APP_ORIGIN = 'cairn-app://app';

/** Hosts whose https pages open in the user's browser when the app links to them (docs, releases). */
export const EXTERNAL_HOSTS: readonly string[] = ['github.com', 'www.asam.net', 'docs.aws.amazon.com'];

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Navigation, redirects, frame navigation and IPC senders stay on the app's origin. Compared by
 * scheme and host: Node's URL gives every non-special scheme the opaque origin "null".
 */
export function isAppUrl(url: string): boolean {
  const u = parse(url);
  return !!u && u.protocol === 'cairn-app:' && u.host === 'app';
}

/** A link that may leave for the system browser: https, no credentials, a listed host. */
export function isAllowedExternalUrl(url: string): boolean {
  const u = parse(url);
  return !!u && u.protocol === 'https:' && !u.username && !u.password && EXTERNAL_HOSTS.includes(u.hostname.toLowerCase());
}

/**
 * The store id and file path a `cairn-data://<store>/<path>` request names, or null when the path
 * is not valid percent-encoding (answered 400, never thrown).
 */
export function dataRequestPath(url: string): { storeId: string; path: string } | null {
  const u = parse(url);
  if (!u) return null;
  const p = decodeUrlPath(u.pathname.slice(1));
  return p === null ? null : { storeId: u.hostname, path: p };
}

/** The renderer file a `cairn-app://app/<path>` request names (relative), or null when malformed. */
export function appRequestPath(url: string): string | null {
  const u = parse(url);
  if (!u) return null;
  if (u.pathname === '/') return 'index.html';
  return decodeUrlPath(u.pathname.slice(1));
}
