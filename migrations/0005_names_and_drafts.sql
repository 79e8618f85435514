ALTER TABLE "drafts" DROP CONSTRAINT "drafts_body_length";--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "name_en" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "boards" ADD COLUMN "name_en" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "boards" ADD COLUMN "description_en" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "drafts" ADD COLUMN "parent_id" integer;--> statement-breakpoint
ALTER TABLE "drafts" ADD CONSTRAINT "drafts_parent_id_posts_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."posts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "boards" ADD CONSTRAINT "boards_name_en_length" CHECK (char_length("boards"."name_en") between 0 and 100);--> statement-breakpoint
ALTER TABLE "drafts" ADD CONSTRAINT "drafts_body_length" CHECK (char_length("drafts"."body") <= 200000);