// Package index is the store of coopwatch and its search index, behind one
// API: articles, the events extracted from them and the editors' decisions
// on those events, and the crawl state, all in SQLite (the source of truth),
// plus a Bleve full-text index derived from SQLite that can be rebuilt from
// it at any time.
//
// index is the only package that imports Bleve, so the mapping has one
// owner. It never fetches pages and never extracts: it stores the
// extract.Article values it is given and answers searches over them.
//
// On disk, an index is a directory holding coopwatch.db (SQLite, WAL mode;
// researchers may open it read-only with any SQLite tool) and bleve/ (the
// scorch index). One process owns a directory at a time: a second Open fails
// with ErrInUse instead of waiting.
//
// Editors' decisions are never lost: storing a re-extracted article
// replaces its pending events, but an event an editor has confirmed,
// corrected or rejected is kept as reviewed; when the extractor now says
// something else about it, the event is flagged (the disagrees column of the
// events table) for another look.
//
// Usage:
//
//	ix, err := index.Open(ctx, dir, index.Options{Log: log})
//	if err != nil { ... }
//	defer ix.Close()
//	err = ix.PutArticles(ctx, articles)
//	res, err := ix.Search(ctx, index.Query{Text: "Digitalisierung", States: []string{"Niedersachsen"}})
package index
