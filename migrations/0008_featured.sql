CREATE TABLE "featured_posts" (
	"id" serial PRIMARY KEY NOT NULL,
	"post_id" integer NOT NULL,
	"topic_id" integer NOT NULL,
	"collection" text NOT NULL,
	"citation" text NOT NULL,
	"person_name" text,
	"place" text,
	"featured_by" integer,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "featured_posts_collection_check" CHECK ("featured_posts"."collection" in ('exemplars', 'good_people', 'good_deeds')),
	CONSTRAINT "featured_posts_citation_length" CHECK (char_length("featured_posts"."citation") between 1 and 500),
	CONSTRAINT "featured_posts_person_length" CHECK (char_length("featured_posts"."person_name") between 1 and 100),
	CONSTRAINT "featured_posts_place_length" CHECK (char_length("featured_posts"."place") between 1 and 100)
);
--> statement-breakpoint
ALTER TABLE "mod_log" DROP CONSTRAINT "mod_log_action_check";--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "featured_targets" jsonb DEFAULT '{"exemplars":100,"good_people":100,"good_deeds":100}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "featured_posts" ADD CONSTRAINT "featured_posts_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "featured_posts" ADD CONSTRAINT "featured_posts_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "featured_posts" ADD CONSTRAINT "featured_posts_featured_by_users_id_fk" FOREIGN KEY ("featured_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "featured_posts_post_collection_idx" ON "featured_posts" USING btree ("post_id","collection");--> statement-breakpoint
CREATE INDEX "featured_posts_created_idx" ON "featured_posts" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "featured_posts_collection_created_idx" ON "featured_posts" USING btree ("collection","created_at","id");--> statement-breakpoint
CREATE INDEX "featured_posts_topic_idx" ON "featured_posts" USING btree ("topic_id");--> statement-breakpoint
ALTER TABLE "mod_log" ADD CONSTRAINT "mod_log_action_check" CHECK ("mod_log"."action" in ('hide', 'unhide', 'lock', 'unlock', 'pin', 'unpin', 'move', 'silence', 'unsilence', 'suspend', 'unsuspend', 'dismiss', 'approve', 'reject', 'confirm_visit', 'reject_visit', 'link_visit', 'uphold', 'overturn', 'board_update', 'watched_word_add', 'watched_word_delete', 'watched_word_import', 'feature', 'feature_edit', 'unfeature'));