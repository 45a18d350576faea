-- Custom migration: drizzle-kit does not emit extensions. memories.embedding needs pgvector's `vector` type.
CREATE EXTENSION IF NOT EXISTS vector;
