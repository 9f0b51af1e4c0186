package index

import (
	"context"
	"errors"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

func TestWarmReadsEverySegment(t *testing.T) {
	ctx := context.Background()
	ix, _ := orderIndex(t, 300)
	if n := len(ix.cols.segs); n != 0 {
		t.Fatalf("columns of %d segments before any search or Warm, want none", n)
	}
	if err := ix.Warm(ctx); err != nil {
		t.Fatalf("Warm: %v", err)
	}
	r := snapshotReader(t, ix.bl)
	segs := r.(*scorch.IndexSnapshot).Segments()
	if len(segs) == 0 {
		t.Fatal("the test index has no segments")
	}
	for i, ss := range segs {
		sc := ix.cols.segs[ss.Segment()]
		if sc == nil {
			t.Fatalf("segment %d of %d not read by Warm", i, len(segs))
		}
		if got, want := len(sc.dates), int(ss.Segment().Count()); got != want {
			t.Errorf("segment %d: %d dates read, want one per document (%d)", i, got, want)
		}
	}

	// A search after Warm answers as one before it would (the columns
	// are the same ones a search reads itself).
	res, err := ix.Search(ctx, Query{Sort: SortDateDesc, Facets: FacetsExact})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 300 || len(res.Facets[FacetYear]) == 0 {
		t.Errorf("search after Warm: total %d, year facet %v; want 300 articles with years", res.Total, res.Facets[FacetYear])
	}

	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if err := ix.Warm(ctx); !errors.Is(err, ErrClosed) {
		t.Errorf("Warm after Close: %v, want ErrClosed", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := ix.Warm(cctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Warm with a cancelled context: %v, want context.Canceled", err)
	}
}
