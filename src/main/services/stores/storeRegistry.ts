import type { DataStore } from './dataStore';
import type { FileResponse } from './fileResponse';
import { withStoreHeaders } from './storeHeaders';

/** The stores the host serves, by id. The only door from a renderer-supplied path to data. */
export class StoreRegistry {
  private readonly stores = new Map<string, DataStore>();

  register(store: DataStore): void {
    if (!/^[a-z0-9][a-z0-9._-]{0,63}$/i.test(store.id)) throw new Error(`invalid store id "${store.id}"`);
    this.stores.set(store.id, store);
  }

  get(storeId: string): DataStore | undefined {
    return this.stores.get(storeId);
  }

  has(storeId: string): boolean {
    return this.stores.has(storeId);
  }

  async serve(storeId: string, relativePath: string, range: string | null | undefined, method: string): Promise<FileResponse> {
    const store = this.stores.get(storeId);
    if (!store) return { status: 404, headers: {} };
    return withStoreHeaders(relativePath, await store.serve(relativePath, range, method));
  }
}
