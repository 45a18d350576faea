CREATE TABLE "memory_search_stats" (
	"user_id" text NOT NULL,
	"pet_id" text NOT NULL,
	"docs" bigint NOT NULL,
	"words" bigint NOT NULL,
	CONSTRAINT "memory_search_stats_user_id_pet_id_pk" PRIMARY KEY("user_id","pet_id")
);
--> statement-breakpoint
-- Search words are indexed without English possessive endings ("mia's" -> "mia"), as searchWords() writes them.
UPDATE "memories" SET "search_text" = regexp_replace("search_text", '([^ ])[''’]s(?= |$)', '\1', 'g')
  WHERE "search_text" ~ '[''’]s( |$)';--> statement-breakpoint
INSERT INTO "memory_search_stats" ("user_id", "pet_id", "docs", "words")
  SELECT "user_id", "pet_id", count(*), coalesce(sum(cardinality(string_to_array("search_text", ' '))), 0)
  FROM "memories" WHERE "superseded_at" IS NULL GROUP BY "user_id", "pet_id";--> statement-breakpoint
-- Keeps memory_search_stats current on every write to memories (statement triggers: a bulk insert of
-- thousands of rows is one upsert per pair). Rows ordered by pair so concurrent writers lock in one order.
CREATE FUNCTION "memory_search_stats_apply"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO memory_search_stats AS s (user_id, pet_id, docs, words)
      SELECT user_id, pet_id, count(*), coalesce(sum(cardinality(string_to_array(search_text, ' '))), 0)
      FROM new_rows WHERE superseded_at IS NULL
      GROUP BY user_id, pet_id ORDER BY user_id, pet_id
      ON CONFLICT (user_id, pet_id) DO UPDATE SET docs = s.docs + excluded.docs, words = s.words + excluded.words;
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO memory_search_stats AS s (user_id, pet_id, docs, words)
      SELECT user_id, pet_id, sum(docs)::bigint, sum(words)::bigint FROM (
        SELECT user_id, pet_id, -1 AS docs, -cardinality(string_to_array(search_text, ' ')) AS words
          FROM old_rows WHERE superseded_at IS NULL
        UNION ALL
        SELECT user_id, pet_id, 1, cardinality(string_to_array(search_text, ' '))
          FROM new_rows WHERE superseded_at IS NULL
      ) AS delta
      GROUP BY user_id, pet_id HAVING sum(docs) <> 0 OR sum(words) <> 0 ORDER BY user_id, pet_id
      ON CONFLICT (user_id, pet_id) DO UPDATE SET docs = s.docs + excluded.docs, words = s.words + excluded.words;
  ELSE
    INSERT INTO memory_search_stats AS s (user_id, pet_id, docs, words)
      SELECT user_id, pet_id, -count(*), -coalesce(sum(cardinality(string_to_array(search_text, ' '))), 0)
      FROM old_rows WHERE superseded_at IS NULL
      GROUP BY user_id, pet_id ORDER BY user_id, pet_id
      ON CONFLICT (user_id, pet_id) DO UPDATE SET docs = s.docs + excluded.docs, words = s.words + excluded.words;
  END IF;
  DELETE FROM memory_search_stats AS s USING (SELECT DISTINCT user_id, pet_id FROM old_rows) AS o
    WHERE s.user_id = o.user_id AND s.pet_id = o.pet_id AND s.docs <= 0;
  RETURN NULL;
END
$fn$;--> statement-breakpoint
CREATE TRIGGER "memories_search_stats_insert" AFTER INSERT ON "memories"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "memory_search_stats_apply"();--> statement-breakpoint
CREATE TRIGGER "memories_search_stats_update" AFTER UPDATE ON "memories"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "memory_search_stats_apply"();--> statement-breakpoint
CREATE TRIGGER "memories_search_stats_delete" AFTER DELETE ON "memories"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "memory_search_stats_apply"();
