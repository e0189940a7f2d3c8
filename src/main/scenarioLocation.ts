import { existsSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDatasetManifest, parseSceneManifest, type SceneManifest } from '../core/scene/manifest';
import { IMPORT_FORMATS } from './import/importFormats';

export type ScenarioLocation =
  /** A workspace folder: the datasets it imported in place (imports/), and its own labels. */
  | { readonly kind: 'workspace'; readonly dir: string; readonly scenes: SceneManifest[] }
  /** Scene manifests (a dataset.json, a scene.json or a folder holding one), or a raw dataset read by the importers. */
  | { readonly kind: 'dataset'; readonly scenes: SceneManifest[] };

/** The scenes a `cairn scenario` location names; throws naming the location when it holds none. */
export async function scenesAt(location: string): Promise<ScenarioLocation> {
  const at = path.resolve(location);
  if (!existsSync(at)) throw new Error(`${at}: no such file or folder`);
  if (statSync(at).isDirectory() && existsSync(path.join(at, 'workspace.sqlite'))) {
    const imports = path.join(at, 'imports');
    const scenes: SceneManifest[] = [];
    for (const dir of existsSync(imports) ? (await readdir(imports)).sort() : []) scenes.push(...((await manifestsIn(path.join(imports, dir))) ?? []));
    if (scenes.length === 0) throw new Error(`${at}: this workspace has imported no dataset (open one in Cairn, or name the dataset folder)`);
    return { kind: 'workspace', dir: at, scenes };
  }
  const manifests = await manifestsIn(at);
  if (manifests) return { kind: 'dataset', scenes: manifests };
  for (const format of IMPORT_FORMATS) {
    const result = await format.run(at).catch(() => null); // not this layout: the next format may know it
    if (result && result.scenes.length > 0) return { kind: 'dataset', scenes: result.scenes.map((s) => parseSceneManifest(s.manifest, `${at} (${s.name})`)) };
  }
  throw new Error(`${at}: no scene.json or dataset.json, and not a dataset cairn import knows (${IMPORT_FORMATS.map((f) => f.name).join(', ')})`);
}

/** The manifests of a scene.json, a dataset.json, or a folder holding one; null when there is none. */
async function manifestsIn(at: string): Promise<SceneManifest[] | null> {
  const file = /\.json$/i.test(at) ? at : ['dataset.json', 'scene.json'].map((n) => path.join(at, n)).find((f) => existsSync(f));
  if (!file || !existsSync(file)) return null;
  const json: unknown = JSON.parse(await readFile(file, 'utf8'));
  if ((json as { format?: unknown }).format !== 'cairn.dataset') return [parseSceneManifest(json, file)];
  const dataset = parseDatasetManifest(json, file);
  const scenes: SceneManifest[] = [];
  for (const entry of dataset.scenes) {
    const sceneFile = path.join(path.dirname(file), entry.manifest);
    scenes.push(parseSceneManifest(JSON.parse(await readFile(sceneFile, 'utf8')), sceneFile));
  }
  return scenes;
}
