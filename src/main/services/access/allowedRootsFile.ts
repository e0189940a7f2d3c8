import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseJson } from '../../../core/io/parseJson';

/**
 * Roots the user allowed for good, kept beside the workspace database: `cairn import` allows the
 * dataset it read (its manifests name it as their dataRoot) and `cairn serve --allow` adds more.
 * It lives in the user's workspace, never in a dataset, so a dataset cannot grant itself access.
 */
export const ALLOWED_ROOTS_FILE = 'allowed-roots.json';

const fileSchema = z.strictObject({
  format: z.literal('cairn.allowed-roots'),
  version: z.literal(1),
  roots: z.array(z.strictObject({ location: z.string().min(1).max(4096), why: z.string().max(256), at: z.string() })),
});

export type AllowedRootsFile = z.infer<typeof fileSchema>;

/** The workspace's allowed roots; a missing file is none, a damaged one an error naming it. */
export function readAllowedRoots(workspaceDir: string): AllowedRootsFile['roots'] {
  const file = path.join(workspaceDir, ALLOWED_ROOTS_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new Error(`${file}: cannot read: ${(e as Error).message}`);
  }
  const json = parseJson(text);
  if (!json.ok) throw new Error(`${file}: ${json.problem}`);
  const parsed = fileSchema.safeParse(json.value);
  if (!parsed.success) throw new Error(`${file}: not a list of allowed roots (${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message})`);
  return parsed.data.roots;
}

/** Adds a root (once) and writes the file whole, atomically. */
export function addAllowedRoot(workspaceDir: string, location: string, why: string): void {
  const roots = readAllowedRoots(workspaceDir);
  if (roots.some((r) => r.location === location)) return;
  roots.push({ location, why, at: new Date().toISOString() });
  mkdirSync(workspaceDir, { recursive: true });
  const file = path.join(workspaceDir, ALLOWED_ROOTS_FILE);
  const body: AllowedRootsFile = { format: 'cairn.allowed-roots', version: 1, roots };
  writeFileSync(`${file}.tmp`, `${JSON.stringify(body, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}
