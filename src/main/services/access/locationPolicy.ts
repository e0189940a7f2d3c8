import { realpathSync } from 'node:fs';
import path from 'node:path';
import { ContractError } from '../../../shared/contract';

/**
 * `desktop`: the user's own machine (the Electron app, or `cairn serve` for one person): what the
 * user opens becomes readable. `reviewer`: a host whose URL is handed to others: only what it was
 * started with is readable, and nothing more can be opened.
 */
export type HostMode = 'desktop' | 'reviewer';

type Root =
  | { readonly kind: 'local'; readonly path: string }
  | { readonly kind: 'http'; readonly origin: string; readonly path: string }
  | { readonly kind: 's3'; readonly bucket: string; readonly prefix: string };

export interface AllowedRoot {
  readonly location: string;
  /** Who allowed it, for people: "opened", "workspace", "cairn import", "--allow". */
  readonly why: string;
}

/**
 * The one check between a location and a read. Every local path, http(s) URL and s3:// prefix the
 * host reads lies under a root that the user opened, started the host with or allowed; a dataset's
 * own files (a manifest's `dataRoot`, a dataset's scene list) never widen the set.
 */
export class LocationPolicy {
  private readonly roots: { root: Root; allowed: AllowedRoot }[] = [];

  /**
   * `persisted` reads the roots the user allowed for good (the workspace's list); it is read again
   * before a refusal, so a `cairn import` run while the host is up counts at once.
   */
  constructor(
    readonly mode: HostMode,
    private readonly persisted?: () => readonly AllowedRoot[],
  ) {
    this.reloadPersisted();
  }

  private reloadPersisted(): void {
    for (const r of this.persisted?.() ?? []) this.allow(r.location, r.why);
  }

  /** Makes a location and everything under it readable. */
  allow(location: string, why: string): void {
    const root = rootOf(location);
    if (this.roots.some((r) => sameRoot(r.root, root))) return;
    this.roots.push({ root, allowed: { location: describe(root), why } });
  }

  /**
   * What the user opens (Open…, `--open`): a folder, or the folder of a manifest or octree file,
   * or a single scan file. Refused in reviewer mode, which reads only what it started with.
   */
  allowOpened(location: string): void {
    if (this.mode === 'reviewer') {
      throw new ContractError('forbidden', `${location}: this host serves only the datasets it was started with (reviewer mode); nothing else can be opened`);
    }
    this.allowRootOf(location, 'opened');
  }

  /** Allows what opening `location` needs: a folder as it is, a `.json` file's folder, any other file alone. */
  allowRootOf(location: string, why: string): void {
    this.allow(openedRoot(location), why);
  }

  allowed(): AllowedRoot[] {
    return this.roots.map((r) => r.allowed);
  }

  isAllowed(location: string): boolean {
    let candidate: Root;
    try {
      candidate = rootOf(location);
    } catch {
      return false;
    }
    return this.roots.some((r) => contains(r.root, candidate));
  }

  /** Throws `forbidden` naming the location (and `context`, the file that named it) when it is not allowed. */
  check(location: string, context?: string): void {
    if (this.isAllowed(location)) return;
    this.reloadPersisted();
    if (this.isAllowed(location)) return;
    const who = context ? `${context}: ` : '';
    throw new ContractError(
      'forbidden',
      `${who}${redactLocation(location)} lies outside the locations opened in Cairn; open it (or start \`cairn serve --allow ${redactLocation(location)}\`) to let Cairn read it`,
    );
  }
}

function openedRoot(location: string): string {
  const trimmed = location.trim();
  if (/^(https?|s3):\/\//i.test(trimmed)) {
    const noQuery = trimmed.replace(/[?#].*$/, '');
    return /\.json$/i.test(noQuery) ? noQuery.slice(0, noQuery.lastIndexOf('/') + 1) : noQuery;
  }
  const p = path.resolve(trimmed);
  return /\.json$/i.test(p) ? path.dirname(p) : p;
}

function rootOf(location: string): Root {
  const trimmed = location.trim();
  if (/^https?:\/\//i.test(trimmed)) {
    const u = new URL(trimmed);
    return { kind: 'http', origin: u.origin, path: u.pathname };
  }
  if (/^s3:\/\//i.test(trimmed)) {
    const m = /^s3:\/\/([^/]+)\/?(.*)$/is.exec(trimmed);
    if (!m) throw new Error(`${location}: not an s3:// location`);
    return { kind: 's3', bucket: m[1].toLowerCase(), prefix: m[2] };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) throw new Error(`${location}: unsupported location`);
  return { kind: 'local', path: realLocalPath(path.resolve(trimmed)) };
}

/** The real path, through symbolic links, of the nearest part that exists: a link cannot lead out of a root. */
function realLocalPath(p: string): string {
  const missing: string[] = [];
  let at = p;
  for (;;) {
    try {
      return path.join(realpathSync(at), ...missing);
    } catch {
      const parent = path.dirname(at);
      if (parent === at) return p;
      missing.unshift(path.basename(at));
      at = parent;
    }
  }
}

function under(rootPath: string, candidate: string, sep: string): boolean {
  if (candidate === rootPath) return true;
  const prefix = rootPath.endsWith(sep) ? rootPath : rootPath + sep;
  return candidate.startsWith(prefix);
}

function contains(root: Root, candidate: Root): boolean {
  if (root.kind === 'local' && candidate.kind === 'local') return under(root.path, candidate.path, path.sep);
  if (root.kind === 'http' && candidate.kind === 'http') {
    return root.origin === candidate.origin && under(root.path.replace(/\/+$/, '') || '/', candidate.path, '/');
  }
  if (root.kind === 's3' && candidate.kind === 's3') {
    return root.bucket === candidate.bucket && (root.prefix === '' || under(root.prefix.replace(/\/+$/, ''), candidate.prefix, '/'));
  }
  return false;
}

function sameRoot(a: Root, b: Root): boolean {
  return contains(a, b) && contains(b, a);
}

function describe(root: Root): string {
  if (root.kind === 'local') return root.path;
  if (root.kind === 'http') return root.origin + root.path;
  return `s3://${root.bucket}/${root.prefix}`;
}

/** A location as people may see it: no credentials, no signed query string. */
export function redactLocation(location: string): string {
  if (!/^https?:\/\//i.test(location)) return location;
  try {
    const u = new URL(location);
    return u.origin + u.pathname;
  } catch {
    return location;
  }
}
