import type { Rng } from './rng.ts';

/**
 * Clustered synthetic embeddings. Uniform noise would make every point about equally far from every other,
 * which makes HNSW recall meaningless; real memories cluster by topic. Here a space has `clusters` random
 * unit centroids; a user talks about a few topics; a memory is its topic's centroid plus Gaussian noise of
 * norm about `spread`, normalised (spread 0.9 puts a memory at cosine ~0.74 from its centroid and two
 * memories of one topic at ~0.55).
 */
export interface ClusteredSpace {
  dimensions: number;
  centroids: Float64Array[];
}

export function createSpace(rng: Rng, dimensions: number, clusters: number): ClusteredSpace {
  const centroids = Array.from({ length: clusters }, () => {
    const v = new Float64Array(dimensions);
    for (let i = 0; i < dimensions; i++) v[i] = rng.gaussian();
    return normalise(v);
  });
  return { dimensions, centroids };
}

/** The topics (cluster indexes) one user's memories are drawn from. */
export function userTopics(rng: Rng, space: ClusteredSpace, count: number): number[] {
  return Array.from({ length: count }, () => rng.int(space.centroids.length));
}

/** A unit vector near `base`: base plus Gaussian noise of expected norm `spread`. */
export function near(rng: Rng, base: ArrayLike<number>, spread: number): Float64Array {
  const dims = base.length;
  const sigma = spread / Math.sqrt(dims);
  const v = new Float64Array(dims);
  for (let i = 0; i < dims; i++) v[i] = (base[i] as number) + sigma * rng.gaussian();
  return normalise(v);
}

export function memoryVector(rng: Rng, space: ClusteredSpace, topics: readonly number[]): Float64Array {
  return near(rng, space.centroids[rng.pick(topics)] as Float64Array, 0.9);
}

export function normalise(v: Float64Array): Float64Array {
  let sum = 0;
  for (const x of v) sum += x * x;
  const norm = Math.sqrt(sum) || 1;
  for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) / norm;
  return v;
}

/** pgvector's text form, rounded to 5 decimals (plenty for cosine ranking, a third of the bytes of full floats). */
export function vectorText(v: ArrayLike<number>): string {
  let out = '[';
  for (let i = 0; i < v.length; i++) out += (i ? ',' : '') + Math.round((v[i] as number) * 1e5) / 1e5;
  return `${out}]`;
}
