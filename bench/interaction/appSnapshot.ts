import { cpSync, existsSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

/**
 * A copy of the built app (out/, bin/) with the rest of the checkout linked in: other work on
 * this machine rebuilds out/ at any time, and a build swapped mid-run would mix two apps' figures.
 */
export function snapshotApp(parent: string): string {
  if (!existsSync(path.join(root, 'out', 'renderer', 'index.html'))) throw new Error('the app is not built: run `npx electron-vite build` first');
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(path.join(parent, 'app-'));
  cpSync(path.join(root, 'out'), path.join(dir, 'out'), { recursive: true });
  cpSync(path.join(root, 'bin'), path.join(dir, 'bin'), { recursive: true });
  for (const name of ['package.json', 'node_modules', 'resources', 'native']) symlinkSync(path.join(root, name), path.join(dir, name));
  return dir;
}
