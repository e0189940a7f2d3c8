import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findProjectRoot } from './services/lod/nativeAddon';

/**
 * Where the app's own files are: the nearest folder above that holds Cairn's package.json (the build
 * puts main code in out/main, and the CLI's commands in out/main/chunks, loaded when they run); a
 * packaged app overrides resources through CAIRN_RESOURCES or the Electron shell.
 */
export function appRoot(fromDir: string): string {
  return findProjectRoot(fromDir) ?? path.resolve(fromDir, '..', '..');
}

export function resourcesDir(root: string): string {
  return process.env.CAIRN_RESOURCES ?? path.join(root, 'resources');
}

export function rendererDir(root: string): string {
  return path.join(root, 'out', 'renderer');
}

export function defaultWorkspaceDir(): string {
  return process.env.CAIRN_WORKSPACE ?? path.join(os.homedir(), '.cairn', 'workspace');
}

export function currentUser(): string {
  try {
    return os.userInfo().username || 'annotator';
  } catch {
    return 'annotator';
  }
}

export function assertBuilt(dir: string): void {
  if (!existsSync(path.join(dir, 'index.html'))) {
    throw new Error(`the renderer is not built (${dir}/index.html is missing): run \`npm run build\` first`);
  }
}
