ALTER TABLE "users" ADD COLUMN "username_key" text;--> statement-breakpoint
-- Existing names are ASCII (the username rule): fold A–Z exactly as usernameKey() does, whatever the database's locale.
UPDATE "users" SET "username_key" = translate("username", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz');--> statement-breakpoint
ALTER TABLE "users" ALTER COLUMN "username_key" SET NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "users_username_key_idx" ON "users" USING btree ("username_key");--> statement-breakpoint
DROP INDEX "users_username_lower_idx";--> statement-breakpoint
-- The counters change their keys and their clock: start them afresh.
DELETE FROM "login_failures";--> statement-breakpoint
ALTER TABLE "login_failures" DROP COLUMN "window_started_at";--> statement-breakpoint
ALTER TABLE "login_failures" ADD COLUMN "last_failed_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
CREATE INDEX "login_failures_last_failed_idx" ON "login_failures" USING btree ("last_failed_at");
