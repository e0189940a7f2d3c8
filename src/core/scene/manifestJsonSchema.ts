import { publishedJsonSchema } from '../io/publishedJsonSchema';
import { datasetManifestSchema, sceneManifestSchema } from './manifest';

export const RELATIVE_PATH_PATTERN = '^(?!/)(?!.*\\\\)(?!(.*/)?\\.\\.(/|$)).+$';

/** The path rule (no "..", no leading "/") as a pattern: JSON Schema cannot run zod's refinement. */
function relativePaths(node: Record<string, unknown>): void {
  if (node.type === 'string' && typeof node.description === 'string' && node.description.startsWith('a path relative to the store root')) {
    node.pattern = RELATIVE_PATH_PATTERN;
  }
}

export function sceneManifestJsonSchema(): Record<string, unknown> {
  return publishedJsonSchema(sceneManifestSchema, 'cairn-scene-v1', 'Cairn scene manifest, version 1', relativePaths);
}

export function datasetManifestJsonSchema(): Record<string, unknown> {
  return publishedJsonSchema(datasetManifestSchema, 'cairn-dataset-v1', 'Cairn dataset manifest, version 1', relativePaths);
}
