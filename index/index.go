package index

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/rs/zerolog"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver
)

// ErrNotFound is returned when the article or event asked for is not in the
// store.
var ErrNotFound = errors.New("not found")

// ErrInUse is returned by Open when another process (or another Index in
// this process) has the directory open. Its message completes "index at DIR
// is ...".
var ErrInUse = errors.New("in use by another process")

// ErrClosed is returned by the methods of an Index after Close.
var ErrClosed = errors.New("index is closed")

// DefaultBatchSize is the number of documents written to Bleve per batch
// when Options.BatchSize is 0. Bleve indexes ~500-1,000 documents per batch
// well; single documents are slow and much larger batches use a lot of
// memory (see DEPENDENCIES.md, "Bleve traps").
const DefaultBatchSize = 500

// Options configure Open. The zero value is usable.
type Options struct {
	// Log receives Info summaries (catch-up, rebuild) and Warn about a search
	// index that had to be rebuilt. The zero value logs nothing.
	Log zerolog.Logger
	// Now is the clock for the timestamps the store records (created_at,
	// updated_at, first_seen). Nil means time.Now.
	Now func() time.Time
	// BatchSize is the number of documents per Bleve batch; 0 means
	// DefaultBatchSize.
	BatchSize int
}

// File names inside an index directory.
const (
	dbFile    = "coopwatch.db"
	lockFile  = "coopwatch.lock"
	bleveDir  = "bleve"
	bleveNew  = "bleve.new" // a rebuild in progress
	bleveOld  = "bleve.old" // the index a finished rebuild replaces
	openWait  = "1s"        // bolt_timeout: how long Bleve waits for the lock of another process
	busyWait  = 10000       // SQLite busy_timeout in milliseconds
	maxReader = 4           // read connections to SQLite
)

// Index is the store and the search index of one directory. It is safe for
// concurrent use: searches and reads run in parallel, writes (PutArticles,
// RecordFetch, SetEventStatus, Reindex) run one at a time.
type Index struct {
	dir       string
	log       zerolog.Logger
	now       func() time.Time
	batchSize int
	unlock    func() error

	db  *sql.DB // the one writer connection
	rdb *sql.DB // read-only connections

	// wmu serializes writers, so SQLite and Bleve see writes in one order
	// and a rebuild sees no write it would miss.
	wmu sync.Mutex

	// mu guards bl, which a rebuild swaps; bl is nil after Close.
	mu sync.RWMutex
	bl bleve.Index

	cols columnCache // facets and dates of bl's segments, for Search (search_columns.go)
}

// Open opens the index in dir, creating dir, the SQLite database and the
// Bleve index as needed and migrating an older database schema. A missing,
// outdated or unreadable Bleve index is rebuilt from SQLite, and articles
// stored but not yet indexed (after a crash) are indexed. Open fails with an
// error wrapping ErrInUse, reading "index at DIR is in use by another
// process", when another Index holds dir. The caller must Close the Index.
func Open(ctx context.Context, dir string, opts Options) (*Index, error) {
	if dir == "" {
		return nil, errors.New("open index: directory is empty")
	}
	if strings.ContainsRune(dir, '?') {
		return nil, fmt.Errorf("open index %s: directory name must not contain '?'", dir)
	}
	ix := &Index{dir: dir, log: opts.Log, now: opts.Now, batchSize: opts.BatchSize}
	if ix.now == nil {
		ix.now = time.Now
	}
	if ix.batchSize <= 0 {
		ix.batchSize = DefaultBatchSize
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
	unlock, err := lockDir(filepath.Join(dir, lockFile))
	if err != nil {
		if errors.Is(err, ErrInUse) {
			return nil, fmt.Errorf("index at %s is %w", dir, ErrInUse)
		}
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	ix.unlock = unlock
	if err := ix.open(ctx); err != nil {
		ix.closeAll()
		return nil, err
	}
	return ix, nil
}

func (ix *Index) open(ctx context.Context) error {
	path := filepath.Join(ix.dir, dbFile)
	pragmas := fmt.Sprintf("?_pragma=busy_timeout(%d)&_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)", busyWait)
	var err error
	// One writer connection with BEGIN IMMEDIATE, so a write transaction
	// takes the write lock when it starts and never fails halfway with
	// SQLITE_BUSY on upgrade.
	if ix.db, err = sql.Open("sqlite", path+pragmas+"&_txlock=immediate"); err != nil {
		return fmt.Errorf("open store %s: %w", path, err)
	}
	ix.db.SetMaxOpenConns(1)
	if err := migrate(ctx, ix.db); err != nil {
		return fmt.Errorf("open store %s: %w", path, err)
	}
	if ix.rdb, err = sql.Open("sqlite", path+pragmas+"&_pragma=query_only(1)"); err != nil {
		return fmt.Errorf("open store %s: %w", path, err)
	}
	ix.rdb.SetMaxOpenConns(maxReader)
	return ix.openBleve(ctx)
}

// Close flushes and closes the search index and the store and releases the
// directory. It waits for a running write to finish. Calling Close again
// returns ErrClosed.
func (ix *Index) Close() error {
	ix.wmu.Lock()
	defer ix.wmu.Unlock()
	if ix.db == nil {
		return ErrClosed
	}
	return ix.closeAll()
}

// closeAll closes whatever is open; it is used by Close and by a failed Open.
func (ix *Index) closeAll() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	var errs []error
	if ix.bl != nil {
		if err := ix.bl.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close search index: %w", err))
		}
		ix.bl = nil
	}
	for _, db := range []*sql.DB{ix.rdb, ix.db} {
		if db == nil {
			continue
		}
		if err := db.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close store: %w", err))
		}
	}
	ix.rdb, ix.db = nil, nil
	if ix.unlock != nil {
		if err := ix.unlock(); err != nil {
			errs = append(errs, fmt.Errorf("unlock %s: %w", ix.dir, err))
		}
		ix.unlock = nil
	}
	return errors.Join(errs...)
}

// reader returns the read connections and the current Bleve index under
// the read lock, so that neither Close nor a rebuild's swap pulls them away
// mid-read; the caller must call release.
func (ix *Index) reader() (rdb *sql.DB, bl bleve.Index, release func(), err error) {
	ix.mu.RLock()
	if ix.bl == nil || ix.rdb == nil {
		ix.mu.RUnlock()
		return nil, nil, nil, ErrClosed
	}
	return ix.rdb, ix.bl, ix.mu.RUnlock, nil
}

// writable returns ErrClosed after Close; the caller holds wmu.
func (ix *Index) writable() error {
	if ix.db == nil {
		return ErrClosed
	}
	return nil
}

func (ix *Index) timestamp() string {
	return ix.now().UTC().Format(time.RFC3339Nano)
}
