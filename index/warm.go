package index

import (
	"context"
	"fmt"
)

// Warm reads what searches keep in memory — the facet terms and
// publication dates of every segment of the search index (see
// search_columns.go) — so that the first search after Open does not pay
// for it (about half a second at 200,000 articles). A long-running
// server calls it in the background after Open; searches that run
// meanwhile are answered as usual and share the work. Later segments
// (new articles, merges) are read by the search that first needs them.
func (ix *Index) Warm(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	_, bl, release, err := ix.reader()
	if err != nil {
		return err
	}
	defer release()
	adv, err := bl.Advanced()
	if err != nil {
		return fmt.Errorf("warm search index: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return fmt.Errorf("warm search index: %w", err)
	}
	defer r.Close()
	if _, err := ix.cols.of(r); err != nil {
		return fmt.Errorf("warm search index: %w", err)
	}
	return nil
}
