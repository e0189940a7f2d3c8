import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface RunningCairn {
  readonly url: string;
  readonly origin: string;
  readonly stderr: () => string;
  stop(): Promise<void>;
}

const root = path.resolve(__dirname, '..', '..');

/**
 * Starts `cairn serve` on a free port, as a user would, and reads the URL it prints. `open` is
 * passed as `--open` (a scene, a dataset or a folder holding one); `args` are passed as they are.
 * `app` is the folder of the built app to run (default this checkout; a bench runs a copy).
 */
export async function startCairn(
  workspaceDir: string,
  options: { open?: string; args?: readonly string[]; app?: string; startupMs?: number } = {},
): Promise<RunningCairn> {
  const app = options.app ?? root;
  const startupMs = options.startupMs ?? 30_000;
  const child: ChildProcess = spawn(
    process.execPath,
    [
      path.join(app, 'bin', 'cairn.js'),
      'serve',
      '--port',
      '0',
      '--workspace',
      workspaceDir,
      '--no-open',
      ...(options.open ? ['--open', options.open] : []),
      ...(options.args ?? []),
    ],
    { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let errText = '';
  child.stderr!.on('data', (d: Buffer) => (errText += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`cairn serve printed no URL within ${startupMs / 1000} s; stderr:\n${errText}`)), startupMs);
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`cairn serve exited with ${code}; stderr:\n${errText}`));
    });
  });
  if (!/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/.test(url)) throw new Error(`unexpected URL line: ${url}`);
  return {
    url,
    origin: new URL(url).origin,
    stderr: () => errText,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}
