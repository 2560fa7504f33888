-- Moves `body` and `html` to the end of `articles`. A row is ~8 KB with them; what does not fit
-- in the row's b-tree page goes to overflow pages, and reading any column stored after the large
-- ones (status, published_at, version, ...) walks those pages. At 100,000 articles a list of 20,
-- a visibility check or a related item read 3-4 pages per row instead of one.
-- ADD COLUMN appends; no table is dropped, so no foreign-key action can fire.
ALTER TABLE `articles` RENAME COLUMN `body` TO `body_before_0004`;
--> statement-breakpoint
ALTER TABLE `articles` RENAME COLUMN `html` TO `html_before_0004`;
--> statement-breakpoint
ALTER TABLE `articles` ADD `body` text DEFAULT '' NOT NULL;
--> statement-breakpoint
ALTER TABLE `articles` ADD `html` text DEFAULT '' NOT NULL;
--> statement-breakpoint
UPDATE `articles` SET `body` = `body_before_0004`, `html` = `html_before_0004`;
--> statement-breakpoint
ALTER TABLE `articles` DROP COLUMN `body_before_0004`;
--> statement-breakpoint
ALTER TABLE `articles` DROP COLUMN `html_before_0004`;
