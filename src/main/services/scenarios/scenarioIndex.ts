import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { datasetRows, type SceneRowsInput } from '../../../core/scenarios/sceneRows';
import type { SharedStore } from '../sharedStore/sharedStore';
import { FRAMES_FILE, OBJECTS_FILE, writeScenarioParquet } from './scenarioParquet';

/** What was indexed, kept beside the Parquet so a query can tell a stale index from a current one. */
export interface IndexInfo {
  readonly datasetKey: string;
  readonly sceneIds: readonly string[];
  /** The workspace's annotation head when built: a later edit makes the index stale. */
  readonly labelsSeq: number;
  readonly frames: number;
  readonly objects: number;
  readonly builtAt: number;
  /** Where the Parquet also went in the shared store, or why it did not. */
  readonly store?: { readonly paths: readonly string[] } | { readonly error: string };
}

const INFO_FILE = 'index.json';

/** A dataset's key: the same scenes make the same key, whichever order they were opened in. */
export function datasetKeyOf(sceneIds: readonly string[]): string {
  return createHash('sha256').update([...sceneIds].sort().join('\n')).digest('hex').slice(0, 16);
}

/** Where a dataset's index lies beside the workspace. */
export function indexDir(workspaceDir: string, datasetKey: string): string {
  return path.join(workspaceDir, 'scenarios', datasetKey);
}

export async function readIndexInfo(dir: string): Promise<IndexInfo | null> {
  const file = path.join(dir, INFO_FILE);
  if (!existsSync(file) || !existsSync(path.join(dir, FRAMES_FILE)) || !existsSync(path.join(dir, OBJECTS_FILE))) return null;
  try {
    return JSON.parse(await readFile(file, 'utf8')) as IndexInfo;
  } catch {
    return null; // a damaged info file means a rebuild, not an error
  }
}

/**
 * Builds the index: the Parquet files into `dir`, then (with a shared store that takes writes)
 * the same bytes to `scenarios/<datasetKey>/` in the store, beside the team's annotations.
 */
export async function buildIndex(
  dir: string,
  scenes: readonly Omit<SceneRowsInput, 'firstFrameKey'>[],
  labelsSeq: number,
  store: SharedStore | null,
): Promise<IndexInfo> {
  const sceneIds = scenes.map((s) => s.manifest.sceneId);
  const datasetKey = datasetKeyOf(sceneIds);
  const rows = datasetRows(scenes);
  const files = await writeScenarioParquet(rows, dir);
  let storeResult: IndexInfo['store'];
  if (store) {
    try {
      const paths: string[] = [];
      for (const file of [files.frames, files.objects]) {
        const storePath = `scenarios/${datasetKey}/${path.basename(file)}`;
        await store.put(storePath, new Uint8Array(await readFile(file)));
        paths.push(storePath);
      }
      storeResult = { paths };
    } catch (e) {
      storeResult = { error: (e as Error).message };
    }
  }
  const info: IndexInfo = { datasetKey, sceneIds, labelsSeq, frames: rows.frames.length, objects: rows.objects.length, builtAt: Date.now(), ...(storeResult ? { store: storeResult } : {}) };
  await writeFile(path.join(dir, INFO_FILE), JSON.stringify(info, null, 2));
  return info;
}
