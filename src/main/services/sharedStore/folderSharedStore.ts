import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, rename, rmdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { StoreCapabilityError, StoreUnreachableError, type SharedStore, type StoreCapabilities } from './sharedStore';
import { cachedProbe, checkStorePath, checkStorePrefix, equalBytes, isHiddenPath, probePath, PROBE_DIR } from './storePaths';

/** Errors that say the folder's disk or share is not there right now (an unmounted or dropped share), not that an object is missing. */
const UNREACHABLE_CODES = new Set(['EHOSTDOWN', 'EHOSTUNREACH', 'ENETDOWN', 'ENETUNREACH', 'ETIMEDOUT', 'ESTALE', 'ENOTCONN', 'ECONNRESET', 'ECONNREFUSED', 'EIO']);
/** A filesystem without hard links (FAT, some SMB mounts): exclusive create by link() is impossible there. */
const NO_LINK_CODES = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

const codeOf = (e: unknown) => (e as NodeJS.ErrnoException | null)?.code;

/**
 * A shared store on a local disk or a mounted share. An object is written to a dot-named file
 * beside its name, flushed, then renamed (or, for a create-only put, hard-linked) into place, so a
 * reader never sees half of one and a writer killed mid-write leaves only a dot name, which no
 * reader lists.
 */
export class FolderSharedStore implements SharedStore {
  readonly kind = 'folder' as const;
  readonly label: string;
  readonly capabilities: SharedStore['capabilities'];

  constructor(readonly dir: string) {
    this.dir = path.resolve(dir);
    this.label = this.dir;
    this.capabilities = cachedProbe(() => this.probe());
  }

  private fileOf(relative: string): string {
    return path.join(this.dir, ...checkStorePath(this.label, relative).split('/'));
  }

  private failure(e: unknown, what: string): Error {
    const code = codeOf(e);
    if (code && UNREACHABLE_CODES.has(code)) return new StoreUnreachableError(this.label, `${what}: the folder cannot be reached (${code})`, { cause: e });
    return new Error(`${this.label}: ${what}: ${(e as Error).message}`, { cause: e });
  }

  /** The store's folder must exist: a missing root is a share that is not mounted, not an empty store. */
  private async checkRoot(): Promise<void> {
    try {
      if (!(await stat(this.dir)).isDirectory()) throw new Error('not a folder');
    } catch (e) {
      if (codeOf(e) === 'ENOENT') throw new StoreUnreachableError(this.label, 'no such folder (is the share mounted?)', { cause: e });
      throw this.failure(e, 'cannot open the store folder');
    }
  }

  async list(prefix: string): Promise<string[]> {
    checkStorePrefix(this.label, prefix);
    await this.checkRoot();
    // Walk only the folder the prefix names; the rest of the prefix filters names, as on S3.
    const start = prefix.slice(0, prefix.lastIndexOf('/') + 1).replace(/\/$/, '');
    // Under a dot folder everything is in progress or a probe: never listed, as on every backend.
    if (isHiddenPath(start)) return [];
    const out: string[] = [];
    const walk = async (relative: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(path.join(this.dir, ...relative.split('/').filter(Boolean)), { withFileTypes: true });
      } catch (e) {
        if (codeOf(e) === 'ENOENT' || codeOf(e) === 'ENOTDIR') return;
        throw this.failure(e, `cannot list ${relative || '.'}`);
      }
      for (const entry of entries) {
        if (entry.name.startsWith('.')) continue;
        const child = relative ? `${relative}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          if (child.startsWith(prefix) || prefix.startsWith(`${child}/`)) await walk(child);
        } else if (entry.isFile() && child.startsWith(prefix)) out.push(child);
      }
    };
    await walk(start);
    return out.sort();
  }

  async get(relative: string): Promise<Uint8Array | null> {
    const file = this.fileOf(relative);
    try {
      return new Uint8Array(await readFile(file));
    } catch (e) {
      const code = codeOf(e);
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') {
        await this.checkRoot();
        return null;
      }
      throw this.failure(e, `cannot read ${relative}`);
    }
  }

  async put(relative: string, bytes: Uint8Array, options: { ifAbsent?: boolean } = {}): Promise<'written' | 'exists'> {
    const file = this.fileOf(relative);
    await this.checkRoot();
    const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await mkdir(path.dirname(file), { recursive: true });
      const handle = await open(temp, 'wx');
      try {
        await handle.writeFile(bytes);
        // Flushed before it gets its name: after a crash the name holds the whole object or nothing.
        await handle.sync();
      } finally {
        await handle.close();
      }
      if (!options.ifAbsent) {
        await rename(temp, file);
        return 'written';
      }
      // link() fails with EEXIST when the name is taken, atomically, on local disks, NFS and SMB:
      // of two publishers exactly one gets the name, and the name only ever holds a whole object.
      try {
        await link(temp, file);
        return 'written';
      } catch (e) {
        if (codeOf(e) === 'EEXIST') return 'exists';
        if (NO_LINK_CODES.has(codeOf(e) ?? '')) {
          throw new StoreCapabilityError(this.label, 'conditionalWrite', `cannot create ${relative} only if absent: this filesystem has no hard links (${codeOf(e)})`);
        }
        throw e;
      }
    } catch (e) {
      if (e instanceof StoreCapabilityError) throw e;
      throw this.failure(e, `cannot write ${relative}`);
    } finally {
      await unlink(temp).catch(() => undefined);
    }
  }

  async close(): Promise<void> {}

  /**
   * Tries each capability on the real folder: a listing, a write read back, a create-only write
   * made twice (the second must be refused), a read at an offset. Probe files sit under a dot
   * folder, so readers never list them, and are removed afterwards.
   */
  private async probe(): Promise<StoreCapabilities> {
    // The root's own entries, not the whole store: a store of 100,000 objects is probed as fast as an empty one.
    await this.checkRoot();
    await readdir(this.dir).catch((e: unknown) => {
      throw this.failure(e, 'cannot list the store folder');
    });
    const name = probePath();
    const bytes = new TextEncoder().encode(`cairn probe ${name}\n`);
    let write = false;
    let conditionalWrite = false;
    let rangeRead = false;
    try {
      write = (await this.put(`${name}-plain`, bytes)) === 'written' && equalBytes(await this.get(`${name}-plain`), bytes);
      if (write) {
        const first = await this.put(`${name}-once`, bytes, { ifAbsent: true }).catch(() => null);
        const second = await this.put(`${name}-once`, bytes, { ifAbsent: true }).catch(() => null);
        conditionalWrite = first === 'written' && second === 'exists';
        const handle = await open(this.fileOf(`${name}-plain`), 'r');
        try {
          const part = Buffer.alloc(3);
          const { bytesRead } = await handle.read(part, 0, 3, 2);
          rangeRead = bytesRead === 3 && equalBytes(part, bytes.subarray(2, 5));
        } finally {
          await handle.close();
        }
      }
    } catch (e) {
      if (e instanceof StoreUnreachableError) throw e;
      // A read-only folder (permissions, a read-only mount): it still lists and reads.
    } finally {
      for (const file of [`${name}-plain`, `${name}-once`]) await unlink(this.fileOf(file)).catch(() => undefined);
      // Left in place while another probe still has files in it.
      await rmdir(path.join(this.dir, PROBE_DIR)).catch(() => undefined);
    }
    // Local files are read at any offset; a folder that cannot be written is still read that way.
    if (!write) rangeRead = true;
    return { list: true, write, rangeRead, conditionalWrite };
  }
}
