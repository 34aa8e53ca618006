/**
 * @module One database client per isolate and URL: building it per request would waste the keep-alive.
 */
const stores = new Map<string, unknown>();

/** The memoised result of `create(url)`. */
export function storeFor<T>(url: string, create: (url: string) => T): T {
  let store = stores.get(url) as T | undefined;
  if (store === undefined) {
    store = create(url);
    stores.set(url, store);
  }
  return store;
}
