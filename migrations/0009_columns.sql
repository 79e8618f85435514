CREATE TABLE "column_editors" (
	"column_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"added_by" integer,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "column_editors_column_id_user_id_pk" PRIMARY KEY("column_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "edition_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"edition_id" integer NOT NULL,
	"post_id" integer,
	"topic_id" integer,
	"position" integer NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"title_snapshot" text NOT NULL,
	"author_id" integer,
	"added_by" integer,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "edition_items_position_range" CHECK ("edition_items"."position" >= 0),
	CONSTRAINT "edition_items_note_length" CHECK (char_length("edition_items"."note") between 0 and 2000),
	CONSTRAINT "edition_items_title_length" CHECK (char_length("edition_items"."title_snapshot") between 1 and 200)
);
--> statement-breakpoint
CREATE TABLE "edition_log" (
	"id" serial PRIMARY KEY NOT NULL,
	"edition_id" integer NOT NULL,
	"action" text NOT NULL,
	"reason" text,
	"actor_id" integer,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "edition_log_action_check" CHECK ("edition_log"."action" in ('schedule', 'unschedule', 'publish', 'unpublish')),
	CONSTRAINT "edition_log_reason_length" CHECK (char_length("edition_log"."reason") between 1 and 2000)
);
--> statement-breakpoint
CREATE TABLE "editions" (
	"id" serial PRIMARY KEY NOT NULL,
	"column_id" integer NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"publish_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"created_by" integer,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "editions_state_check" CHECK ("editions"."state" in ('draft', 'scheduled', 'published')),
	CONSTRAINT "editions_number_range" CHECK ("editions"."number" between 1 and 100000),
	CONSTRAINT "editions_title_length" CHECK (char_length("editions"."title") between 1 and 200),
	CONSTRAINT "editions_note_length" CHECK (char_length("editions"."note") between 0 and 5000),
	CONSTRAINT "editions_scheduled_has_time" CHECK ("editions"."state" <> 'scheduled' or "editions"."publish_at" is not null),
	CONSTRAINT "editions_published_has_time" CHECK ("editions"."state" <> 'published' or "editions"."published_at" is not null)
);
--> statement-breakpoint
CREATE TABLE "media_columns" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"outlet" text NOT NULL,
	"outlet_name" text NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "media_columns_outlet_check" CHECK ("media_columns"."outlet" in ('newspaper', 'radio', 'tv', 'web')),
	CONSTRAINT "media_columns_slug_check" CHECK ("media_columns"."slug" ~ '^[a-z0-9-]{2,40}$'),
	CONSTRAINT "media_columns_name_length" CHECK (char_length("media_columns"."name") between 1 and 100),
	CONSTRAINT "media_columns_description_length" CHECK (char_length("media_columns"."description") between 0 and 2000),
	CONSTRAINT "media_columns_outlet_name_length" CHECK (char_length("media_columns"."outlet_name") between 1 and 100)
);
--> statement-breakpoint
CREATE TABLE "nomination_rounds" (
	"id" serial PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"opened_by" integer,
	"created_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "nomination_rounds_state_check" CHECK ("nomination_rounds"."state" in ('open', 'closed')),
	CONSTRAINT "nomination_rounds_title_length" CHECK (char_length("nomination_rounds"."title") between 1 and 200),
	CONSTRAINT "nomination_rounds_period_order" CHECK ("nomination_rounds"."period_start" <= "nomination_rounds"."period_end")
);
--> statement-breakpoint
CREATE TABLE "nominations" (
	"id" serial PRIMARY KEY NOT NULL,
	"round_id" integer NOT NULL,
	"post_id" integer NOT NULL,
	"editor_id" integer NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "nominations_reason_length" CHECK (char_length("nominations"."reason") between 1 and 2000)
);
--> statement-breakpoint
ALTER TABLE "column_editors" ADD CONSTRAINT "column_editors_column_id_media_columns_id_fk" FOREIGN KEY ("column_id") REFERENCES "public"."media_columns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "column_editors" ADD CONSTRAINT "column_editors_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "column_editors" ADD CONSTRAINT "column_editors_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edition_items" ADD CONSTRAINT "edition_items_edition_id_editions_id_fk" FOREIGN KEY ("edition_id") REFERENCES "public"."editions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edition_items" ADD CONSTRAINT "edition_items_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edition_items" ADD CONSTRAINT "edition_items_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edition_items" ADD CONSTRAINT "edition_items_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edition_items" ADD CONSTRAINT "edition_items_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edition_log" ADD CONSTRAINT "edition_log_edition_id_editions_id_fk" FOREIGN KEY ("edition_id") REFERENCES "public"."editions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edition_log" ADD CONSTRAINT "edition_log_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "editions" ADD CONSTRAINT "editions_column_id_media_columns_id_fk" FOREIGN KEY ("column_id") REFERENCES "public"."media_columns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "editions" ADD CONSTRAINT "editions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "media_columns" ADD CONSTRAINT "media_columns_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nomination_rounds" ADD CONSTRAINT "nomination_rounds_opened_by_users_id_fk" FOREIGN KEY ("opened_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nominations" ADD CONSTRAINT "nominations_round_id_nomination_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."nomination_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nominations" ADD CONSTRAINT "nominations_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nominations" ADD CONSTRAINT "nominations_editor_id_users_id_fk" FOREIGN KEY ("editor_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "column_editors_user_idx" ON "column_editors" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "edition_items_edition_post_idx" ON "edition_items" USING btree ("edition_id","post_id");--> statement-breakpoint
CREATE INDEX "edition_items_edition_position_idx" ON "edition_items" USING btree ("edition_id","position");--> statement-breakpoint
CREATE INDEX "edition_items_post_idx" ON "edition_items" USING btree ("post_id") WHERE "edition_items"."post_id" is not null;--> statement-breakpoint
CREATE INDEX "edition_items_author_idx" ON "edition_items" USING btree ("author_id") WHERE "edition_items"."author_id" is not null;--> statement-breakpoint
CREATE INDEX "edition_log_edition_idx" ON "edition_log" USING btree ("edition_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "editions_column_number_idx" ON "editions" USING btree ("column_id","number");--> statement-breakpoint
CREATE INDEX "editions_column_published_idx" ON "editions" USING btree ("column_id","published_at") WHERE "editions"."state" = 'published';--> statement-breakpoint
CREATE INDEX "editions_due_idx" ON "editions" USING btree ("publish_at") WHERE "editions"."state" = 'scheduled';--> statement-breakpoint
CREATE UNIQUE INDEX "media_columns_slug_idx" ON "media_columns" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "nomination_rounds_created_idx" ON "nomination_rounds" USING btree ("created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "nominations_round_post_editor_idx" ON "nominations" USING btree ("round_id","post_id","editor_id");--> statement-breakpoint
CREATE INDEX "nominations_round_post_idx" ON "nominations" USING btree ("round_id","post_id");