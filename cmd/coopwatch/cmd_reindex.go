package main

import (
	"context"
	"fmt"

	"github.com/coopwatch/coopwatch/index"
)

func runReindex(ctx context.Context, e env) error {
	fs, lf := newFlags(e, "reindex", "[--data DIR]", `
Rebuild the search index of DIR from its store. The store (SQLite) is the
source of truth; the index is derived and can be rebuilt at any time, for
example after an upgrade changed the index mapping. Searches keep working
on the old index until the new one is complete.`)
	data := fs.String("data", defaultDataDir(), "data `DIR` holding the store and the index")
	if err := parseFlags(fs, e.args); err != nil {
		return err
	}
	log, err := lf.logger(e.stderr)
	if err != nil {
		return err
	}
	ix, err := index.Open(ctx, *data, index.Options{Log: log})
	if err != nil {
		return err
	}
	defer ix.Close()
	var n int
	err = ix.Reindex(ctx, func(done, total int) {
		n = done
		if done == total || done%1000 == 0 {
			log.Info().Int("count", done).Int("total", total).Msg("reindex progress")
		}
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "reindexed %d articles in %s\n", n, *data)
	return nil
}
