-- The same index with a smaller pending list (drizzle-kit wrote DROP and CREATE; a storage
-- parameter changes in place, without rebuilding the index of every post). Then the pending
-- list already there is merged once, so the first searches do not read it either.
ALTER INDEX "posts_search_idx" SET (gin_pending_list_limit = 64);--> statement-breakpoint
SELECT gin_clean_pending_list('posts_search_idx'::regclass);
