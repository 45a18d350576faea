ALTER TABLE "users" ADD COLUMN "training_consent" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "training_consent_at" timestamp with time zone;