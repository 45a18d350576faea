/** `0.8.0` -> [0, 8, 0]; unknown parts count as 0. */
function parse(version: string): number[] {
  return version.split('.').map((part) => Number.parseInt(part, 10) || 0);
}

/** Iterative index scans (`hnsw.iterative_scan`) arrived in pgvector 0.8.0. */
export function supportsIterativeScan(version: string): boolean {
  const [major = 0, minor = 0] = parse(version);
  return major > 0 || minor >= 8;
}
