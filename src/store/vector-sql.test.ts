import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../core/index.ts';
import { createVectorIndexSql, quoteLiteral, vectorIndexName } from './vector-sql.ts';

const render = (q: Parameters<PgDialect['sqlToQuery']>[0]) => new PgDialect().sqlToQuery(q);

describe('vector index SQL', () => {
  it('names indexes by a short hash, stable and distinct per model and dimension', () => {
    const name = vectorIndexName('BAAI/bge-m3', 1024);
    expect(name).toMatch(/^memories_embedding_[0-9a-f]{16}$/);
    expect(vectorIndexName('BAAI/bge-m3', 1024)).toBe(name);
    expect(vectorIndexName('BAAI/bge-m3', 768)).not.toBe(name);
    expect(vectorIndexName('bge-m3', 1024)).not.toBe(name);
  });

  it('builds a partial expression HNSW index with the model as a quoted literal', () => {
    const { sql, params } = render(createVectorIndexSql("it's", 3));
    expect(params).toEqual([]);
    expect(sql).toBe(
      `CREATE INDEX IF NOT EXISTS "${vectorIndexName("it's", 3)}" ON "memories" USING hnsw ` +
        `(("memories"."embedding"::vector(3)) vector_cosine_ops) WHERE "memories"."embedding_model" = 'it''s'`,
    );
  });

  it('doubles quotes and leaves backslashes alone', () => {
    expect(quoteLiteral(`a'b\\'; drop table users; --`)).toBe(`'a''b\\''; drop table users; --'`);
  });

  it('rejects model ids and dimensions that cannot be indexed', () => {
    expect(() => quoteLiteral('')).toThrow(ValidationError);
    expect(() => quoteLiteral('a\u0000b')).toThrow(ValidationError);
    expect(() => quoteLiteral('x'.repeat(201))).toThrow(ValidationError);
    expect(() => createVectorIndexSql('m', 0)).toThrow(ValidationError);
    expect(() => createVectorIndexSql('m', 2.5)).toThrow(ValidationError);
    expect(() => createVectorIndexSql('m', 2001)).toThrow(/2000/);
  });
});
