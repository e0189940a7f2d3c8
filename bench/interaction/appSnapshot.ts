import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

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

export interface Host {
  readonly url: string;
  stop(): Promise<void>;
}

/** `cairn serve` from an app folder, opening `open`, as e2e/support/cairnServer.ts starts it. */
export async function serve(app: string, workspaceDir: string, open: string): Promise<Host> {
  const child = spawn(process.execPath, [path.join(app, 'bin', 'cairn.js'), 'serve', '--port', '0', '--workspace', workspaceDir, '--no-open', '--open', open], {
    cwd: app,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errText = '';
  child.stderr.on('data', (d: Buffer) => (errText += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`cairn serve printed no URL within 60 s; stderr:\n${errText}`)), 60_000);
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`cairn serve exited with ${code}; stderr:\n${errText}`));
    });
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}
