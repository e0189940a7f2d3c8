import { useEffect, useState } from 'react';
import type { CairnClient } from '../../shared/client';

/** Decoded pictures kept for going back and forth between images; older ones are closed. */
const KEEP = 6;
const cache = new Map<string, Promise<ImageBitmap>>();

function load(url: string, label: string): Promise<ImageBitmap> {
  const hit = cache.get(url);
  if (hit) {
    cache.delete(url);
    cache.set(url, hit);
    return hit;
  }
  const promise = fetch(url).then(async (response) => {
    if (!response.ok) throw new Error(`${label}: ${response.status === 404 ? 'not found in the store' : `the host answered ${response.status}`}`);
    try {
      return await createImageBitmap(await response.blob());
    } catch (e) {
      throw new Error(`${label}: cannot decode the picture: ${(e as Error).message}`);
    }
  });
  cache.set(url, promise);
  promise.catch(() => cache.delete(url));
  while (cache.size > KEEP) {
    const [oldest, old] = cache.entries().next().value!;
    cache.delete(oldest);
    void old.then((b) => b.close(), () => undefined);
  }
  return promise;
}

export type PictureState = { readonly bitmap: ImageBitmap | null; readonly error: string | null; readonly loading: boolean };

/** An image's picture from the scene's store; null path: there is no picture folder. */
export function usePicture(client: CairnClient, storeId: string, path: string | null): PictureState {
  const [state, setState] = useState<PictureState & { path: string | null }>({ path: null, bitmap: null, error: null, loading: false });
  useEffect(() => {
    if (!path) return;
    let live = true;
    setState({ path, bitmap: null, error: null, loading: true });
    load(client.dataUrl(storeId, path), path).then(
      (bitmap) => live && setState({ path, bitmap, error: null, loading: false }),
      (e: Error) => live && setState({ path, bitmap: null, error: e.message, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [client, storeId, path]);
  if (!path) return { bitmap: null, error: null, loading: false };
  return state.path === path ? state : { bitmap: null, error: null, loading: true };
}
