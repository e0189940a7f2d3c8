import { realpathSync } from 'node:fs';
import path from 'node:path';

/**
 * Local folders that hold scene data, by id. Resolving a path through here is the only way the
 * host turns a renderer-supplied path into a file, so nothing can escape a store's root.
 */
export class StoreRegistry {
  private readonly roots = new Map<string, string>();

  register(storeId: string, root: string): void {
    if (!/^[a-z0-9][a-z0-9._-]{0,63}$/i.test(storeId)) throw new Error(`invalid store id "${storeId}"`);
    this.roots.set(storeId, realpathSync(root));
  }

  has(storeId: string): boolean {
    return this.roots.has(storeId);
  }

  /** Absolute path of a file inside a store, or null when the id is unknown or the path leaves the root. */
  resolve(storeId: string, relativePath: string): string | null {
    const root = this.roots.get(storeId);
    if (!root) return null;
    if (relativePath.includes('\0')) return null;
    const candidate = path.resolve(root, relativePath);
    if (candidate !== root && !candidate.startsWith(root + path.sep)) return null;
    let real: string;
    try {
      real = realpathSync(candidate);
    } catch {
      return candidate; // missing file: the caller answers 404
    }
    return real === root || real.startsWith(root + path.sep) ? real : null;
  }
}
