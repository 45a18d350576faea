/** Where the store keeps its data. Env is read by the apps, never here. */
export type StoreConfig =
  | {
      kind: 'pglite';
      dataDir: string | 'memory://';
      /** Serve the directory to other ipet processes while this one holds it (long-running processes). */
      share?: boolean;
    }
  | { kind: 'postgres'; url: string; poolSize?: number };

/** A printable location without secrets: the directory, or the URL without password and query options. */
export function describeStoreConfig(config: StoreConfig): string {
  if (config.kind === 'pglite') return config.dataDir;
  try {
    const url = new URL(config.url);
    url.password = '';
    url.search = '';
    url.hash = '';
    return url.toString();
  } catch {
    return 'postgres://(unparsable url)';
  }
}
