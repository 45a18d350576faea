CREATE TABLE "proactive_messages" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"pet_id" text NOT NULL,
	"date" date NOT NULL,
	"position" integer NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"text" text NOT NULL,
	"grounded_in" text NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"skip_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"delivered_at" timestamp with time zone,
	"message_id" text,
	"read_at" timestamp with time zone,
	CONSTRAINT "proactive_messages_status_check" CHECK ("proactive_messages"."status" in ('planned', 'delivered', 'skipped'))
);
--> statement-breakpoint
CREATE TABLE "reflections" (
	"id" text PRIMARY KEY NOT NULL,
	"pet_id" text NOT NULL,
	"user_id" text NOT NULL,
	"scope" text NOT NULL,
	"topic" text NOT NULL,
	"text" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"position" integer NOT NULL,
	"version" integer NOT NULL,
	"prompt_version" text NOT NULL,
	"model" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "memories" ADD COLUMN "subject" text DEFAULT 'user' NOT NULL;--> statement-breakpoint
ALTER TABLE "memories" ADD COLUMN "kind" text;--> statement-breakpoint
ALTER TABLE "memories" ADD COLUMN "due_on" date;--> statement-breakpoint
ALTER TABLE "proactive_messages" ADD CONSTRAINT "proactive_messages_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proactive_messages" ADD CONSTRAINT "proactive_messages_pet_id_pets_id_fk" FOREIGN KEY ("pet_id") REFERENCES "public"."pets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proactive_messages" ADD CONSTRAINT "proactive_messages_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reflections" ADD CONSTRAINT "reflections_pet_id_pets_id_fk" FOREIGN KEY ("pet_id") REFERENCES "public"."pets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reflections" ADD CONSTRAINT "reflections_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "proactive_messages_plan_idx" ON "proactive_messages" USING btree ("user_id","pet_id","date","position");--> statement-breakpoint
CREATE INDEX "proactive_messages_due_idx" ON "proactive_messages" USING btree ("due_at") WHERE "proactive_messages"."status" = 'planned';--> statement-breakpoint
CREATE INDEX "proactive_messages_pet_idx" ON "proactive_messages" USING btree ("pet_id");--> statement-breakpoint
CREATE UNIQUE INDEX "reflections_period_idx" ON "reflections" USING btree ("pet_id","user_id","scope","period_end","position");--> statement-breakpoint
CREATE INDEX "reflections_pair_idx" ON "reflections" USING btree ("user_id","pet_id","created_at");--> statement-breakpoint
CREATE INDEX "memories_due_idx" ON "memories" USING btree ("user_id","pet_id","due_on") WHERE "memories"."kind" is not null;--> statement-breakpoint
ALTER TABLE "memories" ADD CONSTRAINT "memories_subject_check" CHECK ("memories"."subject" in ('user', 'pet'));