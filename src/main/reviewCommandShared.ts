import { readdirSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { defaultWorkspaceDir } from './appPaths';
import type { Writer } from './commandArgs';
import { keyFile, loadSigningKey, type SigningKey } from './services/revisions/keyFiles';
import { openSharedStore } from './services/sharedStore/openSharedStore';
import type { SharedStore } from './services/sharedStore/sharedStore';
import { locationKind } from './services/stores/storeFactory';
import { loadSigningKeyFile } from './services/review/signingKeyFile';

/** The options every review command shares: whose key signs, and where the JSON goes. */
export const SIGNING_OPTIONS = { key: { type: 'string' }, workspace: { type: 'string' }, output: { type: 'string', short: 'o' } } as const;

export const SIGNING_HELP = `      --key FILE           sign with this private key (PEM, owner-only: <workspace>/keys/<keyId>.pem)
      --workspace DIR      else with this workspace's key (default ~/.cairn/workspace, $CAIRN_WORKSPACE)
      -o, --output FILE    write the JSON there instead of stdout
`;

/** A store named on the command line: a folder that must exist, s3://bucket/prefix, or http(s):// (read-only). */
export function openStoreArgument(location: string): SharedStore {
  if (locationKind(location) === 'local') {
    const dir = path.resolve(location);
    let isDir = false;
    try {
      isDir = statSync(dir).isDirectory();
    } catch {
      throw new Error(`${dir}: no such folder`);
    }
    if (!isDir) throw new Error(`${dir}: not a folder`);
    return openSharedStore(dir);
  }
  return openSharedStore(location);
}

/** The key that signs: the file given with --key, else the one key the workspace holds. */
export function signingKeyArgument(values: { key?: string; workspace?: string }): SigningKey {
  if (values.key) return loadSigningKeyFile(path.resolve(values.key));
  const workspace = path.resolve(values.workspace ?? defaultWorkspaceDir());
  const dir = path.dirname(keyFile(workspace, 'x'));
  let ids: string[] = [];
  try {
    ids = readdirSync(dir).flatMap((f) => (/^[0-9a-f]{64}\.pem$/.test(f) ? [f.slice(0, -4)] : []));
  } catch {
    // No keys folder: said below.
  }
  if (ids.length === 0) throw new Error(`${dir}: no key (cairn sync makes a workspace's key; or give one with --key FILE)`);
  if (ids.length > 1) throw new Error(`${dir}: ${ids.length} keys; say which with --key FILE`);
  return loadSigningKey(workspace, ids[0]);
}

/** Prints the document as JSON to stdout, or writes it to --output (naming the file on failure). */
export async function writeJson(doc: unknown, output: string | undefined, out: Writer, err: Writer): Promise<void> {
  const text = `${JSON.stringify(doc, null, 1)}\n`;
  if (!output) {
    out.write(text);
    return;
  }
  try {
    await writeFile(output, text);
  } catch (e) {
    throw new Error(`${output}: ${(e as Error).message}`);
  }
  err.write(`wrote ${output}\n`);
}

/** An error for the command's stderr: store errors already start with the store's name. */
export function commandError(command: string, err: Writer, e: unknown): number {
  err.write(`cairn ${command}: ${(e as Error).message}\n`);
  return 1;
}

/** A frame index from the command line. */
export function frameArgument(text: string, what = '--frame'): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`${what} takes a frame index (0, 1, …), got "${text}"`);
  return Number(text);
}

/** A mistake in the arguments: exit 2 with the command's help. */
export class UsageError extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** An id given on the command line (--scene, --object): a UUID. */
export function uuidArgument(value: string | undefined, option: string, what: string): string {
  if (!value || !UUID.test(value)) throw new UsageError(`--${option} takes ${what} (a UUID)${value ? `, got "${value}"` : ''}`);
  return value;
}

/**
 * The life of a command on one store: its arguments checked (`check` throws UsageError: exit 2 with
 * the help), the store opened (a missing folder: exit 1 naming it), `act` run on it, and the store
 * closed whatever happens; an error is said on stderr with the command's name (exit 1).
 */
export async function withStore<T>(
  command: string,
  parsed: { readonly positionals: readonly string[]; readonly usage: (message: string) => number },
  err: Writer,
  check: () => T,
  act: (store: SharedStore, checked: T) => Promise<number>,
): Promise<number> {
  let checked: T;
  try {
    if (parsed.positionals.length !== 1) throw new UsageError('give exactly one store (a folder, s3:// or http(s):// location)');
    checked = check();
  } catch (e) {
    if (e instanceof UsageError) return parsed.usage(e.message);
    throw e;
  }
  let store: SharedStore;
  try {
    store = openStoreArgument(parsed.positionals[0]);
  } catch (e) {
    return commandError(command, err, e);
  }
  try {
    return await act(store, checked);
  } catch (e) {
    if (e instanceof UsageError) return parsed.usage(e.message);
    return commandError(command, err, e);
  } finally {
    await store.close();
  }
}
