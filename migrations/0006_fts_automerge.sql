-- FTS5 merges index segments inside the commit that fills a level: with 4 per level (the default)
-- a create paid for a merge every few commits. With 8 the writer merges half as often; the search
-- index merges what is left when writes pause (src/modules/articles/search-index.ts), so reads do
-- not see the extra segments for long.
INSERT INTO `articles_fts` (`articles_fts`, `rank`) VALUES ('automerge', 8);
