import { realpathSync } from 'node:fs';
import path from 'node:path';
import type { DataStore } from './dataStore';
import { isSafeRelativePath } from './dataStore';
import { fileResponse, type FileResponse } from './fileResponse';
import { fileSource } from './fileSource';

/** A folder on this machine. Symbolic links that lead outside the folder are refused. */
export class LocalStore implements DataStore {
  readonly kind = 'local' as const;
  readonly label: string;
  private readonly root: string;

  constructor(
    readonly id: string,
    root: string,
  ) {
    this.root = realpathSync(root);
    this.label = this.root;
  }

  /** Absolute path of a file inside the store, or null when the path leaves it. */
  resolve(relativePath: string): string | null {
    if (!isSafeRelativePath(relativePath)) return null;
    const candidate = path.resolve(this.root, relativePath);
    if (!candidate.startsWith(this.root + path.sep)) return null;
    let real: string;
    try {
      real = realpathSync(candidate);
    } catch {
      return candidate; // missing: the caller answers 404
    }
    return real.startsWith(this.root + path.sep) ? real : null;
  }

  async serve(relativePath: string, range: string | null | undefined, method: string): Promise<FileResponse> {
    const file = this.resolve(relativePath);
    return file ? fileResponse(file, range, method) : ({ status: 404, headers: {} } satisfies FileResponse);
  }

  source(relativePath: string) {
    const file = this.resolve(relativePath);
    return file ? fileSource(file) : null;
  }
}
