/**
 * Child process for killMidPush.test.ts: syncs the workspace in argv[2] with the folder store in
 * argv[3] through the host's engine. Once `argv[4]` revisions are in the store, the next revision's
 * put leaves half its bytes in a dot-named temp file (as a put cut off by a kill does), prints
 * `pushed <n>` and never returns, so the parent's SIGKILL always lands at that same point. A timer
 * ends it if no parent does.
 */
import { open } from 'node:fs/promises';
import path from 'node:path';
import { FolderSharedStore } from '../sharedStore/folderSharedStore';
import type { SharedStore } from '../sharedStore/sharedStore';
import { Workspace } from '../workspace/workspace';
import { createSyncEngine } from './createSyncEngine';

const [dir, storeDir, limitArg] = process.argv.slice(2);
const limit = Number(limitArg);
if (!dir || !storeDir || !Number.isInteger(limit)) {
  process.stderr.write('usage: killMidPush.fixture.ts <workspace dir> <store dir> <revisions before the kill>\n');
  process.exit(2);
}
setTimeout(() => process.exit(3), 120_000).unref();

class StoppingStore implements SharedStore {
  readonly kind = 'folder' as const;
  readonly label: string;
  private revisions = 0;
  constructor(private readonly inner: FolderSharedStore) {
    this.label = inner.label;
  }
  capabilities(signal?: AbortSignal) {
    return this.inner.capabilities(signal);
  }
  list(prefix: string) {
    return this.inner.list(prefix);
  }
  get(relative: string) {
    return this.inner.get(relative);
  }
  async put(relative: string, bytes: Uint8Array, options?: { ifAbsent?: boolean; signal?: AbortSignal }) {
    if (!relative.includes('/revisions/')) return this.inner.put(relative, bytes, options);
    if (this.revisions === limit) {
      const file = path.join(storeDir, ...relative.split('/'));
      const handle = await open(path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.cut.tmp`), 'wx');
      await handle.write(bytes.subarray(0, bytes.length >> 1));
      await handle.sync();
      await handle.close();
      // A pipe write to the parent is synchronous on Linux: the line is there when this returns.
      process.stdout.write(`pushed ${this.revisions}\n`);
      return new Promise<never>(() => {});
    }
    const written = await this.inner.put(relative, bytes, options);
    this.revisions++;
    return written;
  }
  close() {
    return this.inner.close();
  }
}

const workspace = Workspace.open(dir);
const engine = createSyncEngine(workspace, { ontologyVersion: () => 1, open: (location) => new StoppingStore(new FolderSharedStore(location)) });
void engine.connect(storeDir).then((status) => {
  process.stderr.write(`the sync ended before the kill point: ${status.state} ${status.message}\n`);
  process.exit(4);
});
