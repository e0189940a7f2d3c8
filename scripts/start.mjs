#!/usr/bin/env node
// `npm start`: build if needed, then open Cairn in Electron, or in the web host where the
// Electron binary cannot be had (offline, air-gapped, headless).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function ensureBuilt() {
  const marker = path.join(root, 'out', 'renderer', 'index.html');
  const mainOut = path.join(root, 'out', 'main', 'cli.js');
  const fresh = existsSync(marker) && existsSync(mainOut) && statSync(marker).mtimeMs >= newestMtime(path.join(root, 'src'));
  if (fresh) return;
  process.stderr.write('Building Cairn…\n');
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** The Electron binary's path, or the reason there is none. */
function electronBinary() {
  if (process.env.CAIRN_WEB === '1') return { reason: 'CAIRN_WEB=1 asks for the web host' };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'no display (DISPLAY / WAYLAND_DISPLAY unset)' };
  }
  const r = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  const binary = r.stdout?.trim();
  if (r.status === 0 && binary && existsSync(binary)) return { binary };
  const lines = (r.stderr || r.error?.message || 'unknown error').split('\n').map((l) => l.trim()).filter(Boolean);
  // The useful line is the error itself, not the stack under it or Node's version footer.
  const why = lines.find((l) => /error|ENOTFOUND|EAI_AGAIN|ECONN/i.test(l) && !l.startsWith('at ')) ?? lines[0];
  return { reason: `the Electron binary could not be installed (${why})` };
}

ensureBuilt();
const electron = electronBinary();
if (electron.binary) {
  const child = spawn(electron.binary, [root, ...args], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
  process.stderr.write(`Electron is not available: ${electron.reason}; starting the web host instead: open the URL below in a browser.\n`);
  const serveArgs = ['serve', ...args];
  if (noDisplay && !serveArgs.includes('--no-open')) serveArgs.push('--no-open');
  const child = spawn(process.execPath, [path.join(root, 'bin', 'cairn.js'), ...serveArgs], { stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
}
