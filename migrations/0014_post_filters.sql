-- Each post's topic's board and kind, for filtered search (server/db/post.table.ts). The rows
-- of the posts already written come from one set-based INSERT … SELECT before the foreign key
-- and the indexes exist: the key is then checked once over the table, and each index is built
-- in one sort, instead of both being maintained a row at a time. Then the planner's statistics,
-- and no parallel scans of the table: a filtered search reads a few hundred index entries, and
-- at 1M posts the planner chose a Gather Merge whose workers' start cost more than the search
-- (42 of its 54 ms; drizzle-kit does not track this storage parameter).
CREATE TABLE "post_filters" (
	"post_id" integer PRIMARY KEY NOT NULL,
	"board_id" integer NOT NULL,
	"kind" text NOT NULL
);
--> statement-breakpoint
INSERT INTO "post_filters" ("post_id", "board_id", "kind") SELECT "posts"."id", "topics"."board_id", "topics"."kind" FROM "posts" JOIN "topics" ON "topics"."id" = "posts"."topic_id";--> statement-breakpoint
ALTER TABLE "post_filters" ADD CONSTRAINT "post_filters_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "post_filters_board_idx" ON "post_filters" USING btree ("board_id","post_id");--> statement-breakpoint
CREATE INDEX "post_filters_kind_idx" ON "post_filters" USING btree ("kind","post_id");--> statement-breakpoint
CREATE INDEX "post_filters_board_kind_idx" ON "post_filters" USING btree ("board_id","kind","post_id");--> statement-breakpoint
ALTER TABLE "post_filters" SET (parallel_workers = 0);--> statement-breakpoint
ANALYZE "post_filters";
