CREATE TABLE "upload_uses" (
	"id" serial PRIMARY KEY NOT NULL,
	"upload_id" integer NOT NULL,
	"post_id" integer,
	"uploader_id" integer,
	CONSTRAINT "upload_uses_upload_owner_unique" UNIQUE NULLS NOT DISTINCT("upload_id","post_id","uploader_id"),
	CONSTRAINT "upload_uses_one_owner" CHECK (("upload_uses"."post_id" is null) <> ("upload_uses"."uploader_id" is null))
);
--> statement-breakpoint
ALTER TABLE "upload_uses" ADD CONSTRAINT "upload_uses_upload_id_uploads_id_fk" FOREIGN KEY ("upload_id") REFERENCES "public"."uploads"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "upload_uses" ADD CONSTRAINT "upload_uses_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "upload_uses" ADD CONSTRAINT "upload_uses_uploader_id_users_id_fk" FOREIGN KEY ("uploader_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "upload_uses_post_idx" ON "upload_uses" USING btree ("post_id") WHERE "upload_uses"."post_id" is not null;--> statement-breakpoint
CREATE INDEX "upload_uses_uploader_idx" ON "upload_uses" USING btree ("uploader_id") WHERE "upload_uses"."uploader_id" is not null;--> statement-breakpoint
-- The uses of the photos already posted: every post whose body (or an earlier revision of it) refers to an upload, and every uploader.
INSERT INTO "upload_uses" ("upload_id", "post_id")
SELECT DISTINCT "uploads"."id", "bodies"."post_id"
FROM (
	SELECT "id" AS "post_id", "body" FROM "posts" WHERE "body" LIKE '%/uploads/%'
	UNION ALL
	SELECT "post_id", "body" FROM "post_revisions" WHERE "body" LIKE '%/uploads/%'
) AS "bodies"
CROSS JOIN LATERAL regexp_matches("bodies"."body", '/uploads/([0-9a-f]{64})', 'g') AS "found"("hash")
JOIN "uploads" ON "uploads"."hash" = ("found"."hash")[1]
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "upload_uses" ("upload_id", "uploader_id")
SELECT "id", "uploader_id" FROM "uploads" WHERE "uploader_id" IS NOT NULL
ON CONFLICT DO NOTHING;
