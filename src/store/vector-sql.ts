import { createHash } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import { ValidationError } from '../core/index.ts';

/**
 * SQL for the per-model vector indexes. `memories.embedding` has no fixed dimension, so each embedding model
 * gets a partial expression index, and dense search repeats exactly the same expression and predicate so the
 * planner can prove the index applies:
 *
 *   CREATE INDEX ... USING hnsw ((embedding::vector(768)) vector_cosine_ops) WHERE embedding_model = 'm'
 *   ... WHERE embedding_model = 'm' ORDER BY (embedding::vector(768)) <=> $1::vector(768)
 *
 * The model id and dimension are inlined (a parameter would hide the predicate from the planner), so both are
 * validated and the model is quoted as a string literal here, in one place.
 */

/** pgvector's HNSW indexes vectors of at most 2000 dimensions. */
export const MAX_INDEXED_DIMENSIONS = 2000;
const MAX_DIMENSIONS = 16000;
const MAX_MODEL_LENGTH = 200;

export function checkDimensions(dimensions: number, max = MAX_DIMENSIONS): number {
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > max) {
    throw new ValidationError(`embedding dimensions must be an integer between 1 and ${max}`, [
      { path: 'dimensions', message: `got ${dimensions}` },
    ]);
  }
  return dimensions;
}

export function checkModel(model: string): string {
  // Control characters (NUL included) have no business in a model id and cannot sit in a literal.
  if (model.length === 0 || model.length > MAX_MODEL_LENGTH || /\p{Cc}/u.test(model)) {
    throw new ValidationError('invalid embedding model id', [
      { path: 'model', message: `must be 1 to ${MAX_MODEL_LENGTH} printable characters` },
    ]);
  }
  return model;
}

/** A standard-conforming SQL string literal (quotes doubled; backslashes are plain characters). */
export function quoteLiteral(value: string): string {
  return `'${checkModel(value).replaceAll("'", "''")}'`;
}

/** Index name: a short hash of the model id and dimension, so any model id yields a valid identifier. */
export function vectorIndexName(model: string, dimensions: number): string {
  const digest = createHash('sha256')
    .update(`${checkModel(model)}\u0000${dimensions}`)
    .digest('hex');
  return `memories_embedding_${digest.slice(0, 16)}`;
}

/** `("memories"."embedding"::vector(D))`: the indexed expression. */
export function castEmbedding(dimensions: number): SQL {
  return sql.raw(`("memories"."embedding"::vector(${checkDimensions(dimensions)}))`);
}

/** `"memories"."embedding_model" = '<model>'`: the index predicate. */
export function modelPredicate(model: string): SQL {
  return sql.raw(`"memories"."embedding_model" = ${quoteLiteral(model)}`);
}

export function createVectorIndexSql(model: string, dimensions: number): SQL {
  checkDimensions(dimensions, MAX_INDEXED_DIMENSIONS);
  return sql.join([
    sql.raw(`CREATE INDEX IF NOT EXISTS "${vectorIndexName(model, dimensions)}" ON "memories" USING hnsw (`),
    castEmbedding(dimensions),
    sql.raw(' vector_cosine_ops) WHERE '),
    modelPredicate(model),
  ]);
}
