CREATE TABLE "campaign_writing_goals" (
	"campaign_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"planned" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_writing_goals_campaign_id_user_id_pk" PRIMARY KEY("campaign_id","user_id"),
	CONSTRAINT "campaign_writing_goals_planned_check" CHECK ("campaign_writing_goals"."planned" between 0 and 1000)
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"year" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"phases" jsonb NOT NULL,
	"targets" jsonb NOT NULL,
	"quota" jsonb NOT NULL,
	"activities" jsonb NOT NULL,
	"integrity" jsonb NOT NULL,
	"overlap_window_days" integer DEFAULT 30 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaigns_year_check" CHECK ("campaigns"."year" between 2000 and 2100),
	CONSTRAINT "campaigns_window_check" CHECK ("campaigns"."overlap_window_days" between 0 and 366)
);
--> statement-breakpoint
CREATE TABLE "places" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"category" text,
	"unit_id" integer NOT NULL,
	"address" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "places_kind_check" CHECK ("places"."kind" in ('village', 'enterprise', 'contact_point', 'field_point')),
	CONSTRAINT "places_name_length" CHECK (char_length("places"."name") between 1 and 100),
	CONSTRAINT "places_category_length" CHECK ("places"."category" is null or char_length("places"."category") <= 50),
	CONSTRAINT "places_address_length" CHECK ("places"."address" is null or char_length("places"."address") <= 200)
);
--> statement-breakpoint
CREATE TABLE "visit_follow_ups" (
	"id" serial PRIMARY KEY NOT NULL,
	"visit_id" integer NOT NULL,
	"text" text NOT NULL,
	"due_on" date,
	"done" boolean DEFAULT false NOT NULL,
	"done_at" timestamp with time zone,
	CONSTRAINT "visit_follow_ups_text_length" CHECK (char_length("visit_follow_ups"."text") between 1 and 1000)
);
--> statement-breakpoint
CREATE TABLE "visits" (
	"id" serial PRIMARY KEY NOT NULL,
	"place_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"created_by" integer NOT NULL,
	"visited_on" date NOT NULL,
	"participant_ids" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"activity" text NOT NULL,
	"purpose" text DEFAULT '' NOT NULL,
	"findings" jsonb NOT NULL,
	"integrity" jsonb NOT NULL,
	"integrity_exception" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "visits_purpose_length" CHECK (char_length("visits"."purpose") <= 2000)
);
--> statement-breakpoint
CREATE TABLE "visit_plans" (
	"id" serial PRIMARY KEY NOT NULL,
	"place_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"planned_for" date NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "visit_plans_note_length" CHECK (char_length("visit_plans"."note") <= 1000)
);
--> statement-breakpoint
ALTER TABLE "campaign_writing_goals" ADD CONSTRAINT "campaign_writing_goals_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_writing_goals" ADD CONSTRAINT "campaign_writing_goals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "places" ADD CONSTRAINT "places_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_follow_ups" ADD CONSTRAINT "visit_follow_ups_visit_id_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."visits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_plans" ADD CONSTRAINT "visit_plans_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_plans" ADD CONSTRAINT "visit_plans_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_plans" ADD CONSTRAINT "visit_plans_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "campaigns_one_active_idx" ON "campaigns" USING btree ("active") WHERE "campaigns"."active";--> statement-breakpoint
CREATE INDEX "places_name_idx" ON "places" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "places_unit_idx" ON "places" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "places_kind_idx" ON "places" USING btree ("kind");--> statement-breakpoint
CREATE INDEX "visit_follow_ups_visit_idx" ON "visit_follow_ups" USING btree ("visit_id");--> statement-breakpoint
CREATE INDEX "visit_follow_ups_open_idx" ON "visit_follow_ups" USING btree ("due_on") WHERE not "visit_follow_ups"."done";--> statement-breakpoint
CREATE INDEX "visits_visited_on_idx" ON "visits" USING btree ("visited_on","id");--> statement-breakpoint
CREATE INDEX "visits_place_idx" ON "visits" USING btree ("place_id","visited_on");--> statement-breakpoint
CREATE INDEX "visits_unit_idx" ON "visits" USING btree ("unit_id","visited_on");--> statement-breakpoint
CREATE INDEX "visits_created_by_idx" ON "visits" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "visit_plans_planned_for_idx" ON "visit_plans" USING btree ("planned_for","id");--> statement-breakpoint
CREATE INDEX "visit_plans_place_idx" ON "visit_plans" USING btree ("place_id","planned_for");--> statement-breakpoint
CREATE INDEX "visit_plans_user_idx" ON "visit_plans" USING btree ("user_id","planned_for");