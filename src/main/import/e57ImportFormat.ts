import { promises as fs } from 'node:fs';
import path from 'node:path';
import { importE57 } from '../../core/importers/e57/e57Import';
import type { ByteSource } from '../../core/io/byteSource';
import type { ImportFormat, ImportRunOptions } from './importFormats';
import { fileSource } from '../services/stores/fileSource';
import { httpSource } from '../services/stores/httpSource';
import { s3Source } from '../services/stores/s3Source';
import { parseS3Location, s3ClientFor, s3OptionsFromEnv } from '../services/stores/s3Store';
import { locationKind } from '../services/stores/storeFactory';

/** The file where it lies: on disk, or read by range requests over HTTP(S) or from S3 (credentials as `cairn serve` takes them). */
function e57Source(location: string): ByteSource & { close?(): Promise<void> } {
  const kind = locationKind(location);
  if (kind === 'local') return fileSource(location);
  if (kind === 'http') return httpSource(location);
  const { bucket, key } = parseS3Location(location);
  return s3Source(s3ClientFor(s3OptionsFromEnv()), bucket, key);
}

/**
 * `cairn import e57 <file or URL> -o <dir>`: the file's scans (as PCD) and images are extracted
 * into `<dir>/<scene>/`, which the scene manifest names as its dataRoot.
 */
export const E57_IMPORT_FORMAT: ImportFormat = {
  name: 'e57',
  layout: 'an E57 file (.e57): one scene, a frame per scan with its pose, pinhole images as cameras',
  acceptsFile: true,
  async run(root: string, options: ImportRunOptions = {}) {
    if (!options.outDir) throw new Error(`${root}: an e57 import needs an output folder`);
    const outDir = options.outDir;
    const source = e57Source(root);
    try {
      const result = await importE57(source, {
        write: async (scene, relative, data) => {
          const file = path.join(outDir, scene, ...relative.split('/'));
          await fs.mkdir(path.dirname(file), { recursive: true });
          if (data instanceof Uint8Array) return fs.writeFile(file, data);
          const handle = await fs.open(file, 'w');
          try {
            for await (const chunk of data) await handle.write(chunk);
          } catch (e) {
            await handle.close();
            await fs.rm(file, { force: true });
            throw e;
          }
          await handle.close();
        },
        ...(options.progress && { progress: options.progress }),
      });
      return { ...result, scenes: result.scenes.map((s) => ({ ...s, manifest: { ...s.manifest, dataRoot: path.resolve(outDir, s.name) } })) };
    } finally {
      await source.close?.();
    }
  },
};
