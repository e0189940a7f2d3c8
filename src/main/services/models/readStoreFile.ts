import { releaseSource, type DataStore } from '../stores/dataStore';

/** A whole file of a scene's store (a scan, a camera image); the error names the file. */
export async function readStoreFile(store: DataStore, relativePath: string): Promise<Uint8Array> {
  const source = store.source(relativePath);
  if (!source) throw new Error(`${relativePath}: not inside the scene's store (${store.label})`);
  try {
    return await source.read(0, await source.size());
  } finally {
    await releaseSource(source);
  }
}
