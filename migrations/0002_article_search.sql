-- Full-text search over articles (SQLite FTS5). The index is written by the article and tag
-- services (src/modules/articles/search-index.ts) inside each write's transaction: once per change,
-- with the tag names, rather than by row triggers that would re-index a whole article once per tag.
--
-- FTS rows are keyed by `article_search_keys.rowid`, an INTEGER PRIMARY KEY: unlike the implicit
-- rowid of `articles` (whose key is text), VACUUM never renumbers it.
CREATE TABLE `article_search_keys` (
	`rowid` integer PRIMARY KEY,
	`article_id` text NOT NULL UNIQUE REFERENCES `articles`(`id`) ON DELETE CASCADE
);
--> statement-breakpoint
CREATE VIRTUAL TABLE `articles_fts` USING fts5(
	title, summary, body, tags,
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '2 3'
);
--> statement-breakpoint
INSERT INTO `article_search_keys` (article_id) SELECT id FROM articles ORDER BY created_at, id;
--> statement-breakpoint
INSERT INTO `articles_fts` (rowid, title, summary, body, tags)
SELECT k.rowid, a.title, coalesce(a.summary, ''), a.body,
	coalesce((SELECT group_concat(t.name, ' ') FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE at.article_id = a.id), '')
FROM articles a JOIN article_search_keys k ON k.article_id = a.id;
