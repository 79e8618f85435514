CREATE TABLE "uploads" (
	"id" serial PRIMARY KEY NOT NULL,
	"hash" text NOT NULL,
	"extension" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"bytes" integer NOT NULL,
	"uploader_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"referenced_at" timestamp with time zone,
	CONSTRAINT "uploads_hash_unique" UNIQUE("hash"),
	CONSTRAINT "uploads_hash_form" CHECK ("uploads"."hash" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "uploads_extension" CHECK ("uploads"."extension" in ('jpg', 'png', 'webp')),
	CONSTRAINT "uploads_size_positive" CHECK ("uploads"."width" > 0 and "uploads"."height" > 0 and "uploads"."bytes" > 0)
);
--> statement-breakpoint
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_uploader_id_users_id_fk" FOREIGN KEY ("uploader_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "uploads_unreferenced_idx" ON "uploads" USING btree ("created_at") WHERE "uploads"."referenced_at" is null;