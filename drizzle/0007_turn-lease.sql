-- A pending reply's lease (issue 19): the turn writing it holds it until then and renews it while it runs;
-- once it has run out (the process died mid-turn) a retry with the same idempotency key takes the turn over,
-- and a server start or sweep marks the reply failed. NULL on every other message, and on pending replies
-- written before this migration (they count as run out).
ALTER TABLE "messages" ADD COLUMN "lease_until" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "messages_pending_lease_idx" ON "messages" USING btree ("lease_until") WHERE "messages"."status" = 'pending';