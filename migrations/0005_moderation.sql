CREATE TABLE "appeals" (
	"id" serial PRIMARY KEY NOT NULL,
	"mod_log_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"text" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"decided_by" integer,
	"decision_note" text,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appeals_status_check" CHECK ("appeals"."status" in ('open', 'upheld', 'overturned'))
);
--> statement-breakpoint
CREATE TABLE "cache_versions" (
	"name" text PRIMARY KEY NOT NULL,
	"version" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "flags" (
	"id" serial PRIMARY KEY NOT NULL,
	"post_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"reason" text NOT NULL,
	"note" text,
	"status" text DEFAULT 'open' NOT NULL,
	"queue_item_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "flags_reason_check" CHECK ("flags"."reason" in ('spam', 'off_topic', 'inappropriate', 'needs_visit_check', 'other')),
	CONSTRAINT "flags_status_check" CHECK ("flags"."status" in ('open', 'withdrawn', 'resolved')),
	CONSTRAINT "flags_other_has_note" CHECK ("flags"."reason" <> 'other' or "flags"."note" is not null)
);
--> statement-breakpoint
CREATE TABLE "mod_log" (
	"id" serial PRIMARY KEY NOT NULL,
	"action" text NOT NULL,
	"moderator_id" integer,
	"target_type" text NOT NULL,
	"target_id" integer NOT NULL,
	"target_user_id" integer,
	"note" text,
	"before" jsonb,
	"after" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mod_log_action_check" CHECK ("mod_log"."action" in ('hide', 'unhide', 'lock', 'unlock', 'pin', 'unpin', 'move', 'silence', 'unsilence', 'suspend', 'unsuspend', 'dismiss', 'approve', 'reject', 'confirm_visit', 'reject_visit', 'link_visit', 'uphold', 'overturn', 'board_update', 'watched_word_add', 'watched_word_delete', 'watched_word_import')),
	CONSTRAINT "mod_log_target_type_check" CHECK ("mod_log"."target_type" in ('post', 'topic', 'user', 'queue_item', 'board', 'watched_word', 'appeal'))
);
--> statement-breakpoint
CREATE TABLE "mod_queue_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"post_id" integer,
	"topic_id" integer,
	"board_id" integer,
	"subject_user_id" integer,
	"visit_id" integer,
	"appeal_id" integer,
	"flag_count" integer DEFAULT 0 NOT NULL,
	"claimed_by" integer,
	"claimed_at" timestamp with time zone,
	"resolution" text,
	"resolved_by" integer,
	"resolution_note" text,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "mod_queue_type_check" CHECK ("mod_queue_items"."type" in ('flag', 'held_post', 'visit_claim', 'appeal')),
	CONSTRAINT "mod_queue_status_check" CHECK ("mod_queue_items"."status" in ('open', 'resolved')),
	CONSTRAINT "mod_queue_resolution_check" CHECK ("mod_queue_items"."resolution" is null or "mod_queue_items"."resolution" in ('dismiss', 'hide', 'approve', 'reject', 'confirm_visit', 'reject_visit', 'uphold', 'overturn'))
);
--> statement-breakpoint
CREATE TABLE "reason_templates" (
	"id" serial PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "watched_words" (
	"id" serial PRIMARY KEY NOT NULL,
	"word" text NOT NULL,
	"normalized" text NOT NULL,
	"action" text NOT NULL,
	"replacement" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "watched_words_action_check" CHECK ("watched_words"."action" in ('block', 'hold', 'replace')),
	CONSTRAINT "watched_words_replacement" CHECK ("watched_words"."action" <> 'replace' or "watched_words"."replacement" is not null)
);
--> statement-breakpoint
DROP INDEX "notifications_user_post_type_idx";--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "silenced_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "silence_reason" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "suspended_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "suspend_reason" text;--> statement-breakpoint
ALTER TABLE "boards" ADD COLUMN "review_before_publish" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "topics" ADD COLUMN "visit_claim" text DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE "topics" ADD COLUMN "visit_review_note" text;--> statement-breakpoint
ALTER TABLE "topics" ADD COLUMN "lock_reason" text;--> statement-breakpoint
ALTER TABLE "topics" ADD COLUMN "held" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "held" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "data" jsonb;--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_mod_log_id_mod_log_id_fk" FOREIGN KEY ("mod_log_id") REFERENCES "public"."mod_log"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flags" ADD CONSTRAINT "flags_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flags" ADD CONSTRAINT "flags_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flags" ADD CONSTRAINT "flags_queue_item_id_mod_queue_items_id_fk" FOREIGN KEY ("queue_item_id") REFERENCES "public"."mod_queue_items"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mod_log" ADD CONSTRAINT "mod_log_moderator_id_users_id_fk" FOREIGN KEY ("moderator_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mod_log" ADD CONSTRAINT "mod_log_target_user_id_users_id_fk" FOREIGN KEY ("target_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mod_queue_items" ADD CONSTRAINT "mod_queue_items_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mod_queue_items" ADD CONSTRAINT "mod_queue_items_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mod_queue_items" ADD CONSTRAINT "mod_queue_items_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."boards"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mod_queue_items" ADD CONSTRAINT "mod_queue_items_subject_user_id_users_id_fk" FOREIGN KEY ("subject_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mod_queue_items" ADD CONSTRAINT "mod_queue_items_appeal_id_appeals_id_fk" FOREIGN KEY ("appeal_id") REFERENCES "public"."appeals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mod_queue_items" ADD CONSTRAINT "mod_queue_items_claimed_by_users_id_fk" FOREIGN KEY ("claimed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mod_queue_items" ADD CONSTRAINT "mod_queue_items_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "watched_words" ADD CONSTRAINT "watched_words_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "appeals_mod_log_idx" ON "appeals" USING btree ("mod_log_id");--> statement-breakpoint
CREATE INDEX "appeals_user_idx" ON "appeals" USING btree ("user_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "flags_open_idx" ON "flags" USING btree ("post_id","user_id") WHERE "flags"."status" = 'open';--> statement-breakpoint
CREATE INDEX "flags_queue_item_idx" ON "flags" USING btree ("queue_item_id");--> statement-breakpoint
CREATE INDEX "flags_user_idx" ON "flags" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "mod_log_created_idx" ON "mod_log" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "mod_log_moderator_idx" ON "mod_log" USING btree ("moderator_id","id");--> statement-breakpoint
CREATE INDEX "mod_log_target_user_idx" ON "mod_log" USING btree ("target_user_id","id");--> statement-breakpoint
CREATE INDEX "mod_queue_status_created_idx" ON "mod_queue_items" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "mod_queue_status_flags_idx" ON "mod_queue_items" USING btree ("status","flag_count","id");--> statement-breakpoint
CREATE INDEX "mod_queue_post_idx" ON "mod_queue_items" USING btree ("post_id");--> statement-breakpoint
CREATE INDEX "mod_queue_topic_idx" ON "mod_queue_items" USING btree ("topic_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mod_queue_open_flag_idx" ON "mod_queue_items" USING btree ("post_id") WHERE "mod_queue_items"."type" = 'flag' and "mod_queue_items"."status" = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX "mod_queue_open_held_idx" ON "mod_queue_items" USING btree ("post_id") WHERE "mod_queue_items"."type" = 'held_post' and "mod_queue_items"."status" = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX "mod_queue_open_claim_idx" ON "mod_queue_items" USING btree ("topic_id") WHERE "mod_queue_items"."type" = 'visit_claim' and "mod_queue_items"."status" = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX "watched_words_normalized_idx" ON "watched_words" USING btree ("normalized");--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_user_post_type_idx" ON "notifications" USING btree ("user_id","post_id","type") WHERE "notifications"."type" in ('reply', 'mention');--> statement-breakpoint
ALTER TABLE "topics" ADD CONSTRAINT "topics_visit_claim_check" CHECK ("topics"."visit_claim" in ('none', 'claimed', 'confirmed', 'rejected'));--> statement-breakpoint
-- Existing links: a confirmed one stays confirmed, an unconfirmed one waits in the queue.
UPDATE "topics" SET "visit_claim" = CASE WHEN "visit_confirmed" THEN 'confirmed' ELSE 'claimed' END WHERE "visit_id" IS NOT NULL;--> statement-breakpoint
INSERT INTO "mod_queue_items" ("type", "status", "post_id", "topic_id", "board_id", "subject_user_id", "visit_id", "created_at", "updated_at")
  SELECT 'visit_claim', 'open', "first_post_id", "id", "board_id", "author_id", "visit_id", "created_at", "created_at" FROM "topics" WHERE "visit_claim" = 'claimed';--> statement-breakpoint
-- The moderation log is append-only: the database itself refuses to change or remove a row.
CREATE FUNCTION "mod_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'mod_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;--> statement-breakpoint
CREATE TRIGGER "mod_log_no_update_delete" BEFORE UPDATE OR DELETE ON "mod_log" FOR EACH ROW EXECUTE FUNCTION "mod_log_append_only"();--> statement-breakpoint
CREATE TRIGGER "mod_log_no_truncate" BEFORE TRUNCATE ON "mod_log" FOR EACH STATEMENT EXECUTE FUNCTION "mod_log_append_only"();
