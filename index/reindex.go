package index

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blevesearch/bleve/v2"

	"github.com/coopwatch/coopwatch/extract"
)

// Reindex rebuilds the search index from the store: it builds a new index
// beside the current one, which keeps answering searches meanwhile, and
// then swaps it in; writes wait until it is done. progress, when not nil,
// is called after each batch with the articles indexed so far and the
// total. When ctx is done or the rebuild fails, the current index stays.
func (ix *Index) Reindex(ctx context.Context, progress func(done, total int)) error {
	ix.wmu.Lock()
	defer ix.wmu.Unlock()
	if err := ix.writable(); err != nil {
		return err
	}
	newPath := filepath.Join(ix.dir, bleveNew)
	if err := os.RemoveAll(newPath); err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	if err := ix.build(ctx, newPath, progress); err != nil {
		os.RemoveAll(newPath)
		return fmt.Errorf("reindex: %w", err)
	}
	if err := ix.swap(newPath); err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	if _, err := ix.db.ExecContext(ctx, `UPDATE articles SET indexed = 1 WHERE indexed = 0`); err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	return nil
}

// build writes every stored article into a new index at path and closes
// it. The caller holds wmu, so the store does not change meanwhile.
func (ix *Index) build(ctx context.Context, path string, progress func(done, total int)) (err error) {
	var total int
	if err := ix.db.QueryRowContext(ctx, `SELECT count(*) FROM articles`).Scan(&total); err != nil {
		return err
	}
	bl, err := newBleve(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := bl.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("close new search index: %w", cerr)
		}
	}()
	if progress != nil {
		progress(0, total)
	}
	done := 0
	var after extract.ArticleID
	for {
		var ids []extract.ArticleID
		err := eachRow(ctx, ix.db, `SELECT id FROM articles WHERE id > ? ORDER BY id LIMIT ?`, []any{after, ix.batchSize}, func(rows *sql.Rows) error {
			var id extract.ArticleID
			if err := rows.Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
			return nil
		})
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			return nil
		}
		arts, err := loadArticles(ctx, ix.db, ids)
		if err != nil {
			return err
		}
		if err := ix.indexArticles(ctx, bl, arts); err != nil {
			return err
		}
		after = ids[len(ids)-1]
		done += len(ids)
		if progress != nil {
			progress(done, total)
		}
	}
}

// swap replaces the current search index with the closed one at newPath.
// Searches wait during the swap, which takes two renames and an open.
func (ix *Index) swap(newPath string) error {
	cur := filepath.Join(ix.dir, bleveDir)
	old := filepath.Join(ix.dir, bleveOld)
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if err := ix.bl.Close(); err != nil {
		return fmt.Errorf("close search index: %w", err)
	}
	ix.bl = nil
	reopen := func(path string) error {
		bl, err := bleve.OpenUsing(path, bleveConfig())
		if err != nil {
			return fmt.Errorf("open search index %s: %w", path, err)
		}
		ix.bl = bl
		return nil
	}
	if err := os.Rename(cur, old); err != nil {
		return errors.Join(fmt.Errorf("move old search index aside: %w", err), reopen(cur))
	}
	if err := os.Rename(newPath, cur); err != nil {
		// Put the old index back; it is complete.
		return errors.Join(fmt.Errorf("move new search index in place: %w", err), os.Rename(old, cur), reopen(cur))
	}
	if err := reopen(cur); err != nil {
		return err
	}
	if err := os.RemoveAll(old); err != nil {
		ix.log.Warn().Err(err).Str("path", old).Msg("old search index not removed")
	}
	return nil
}
