package main

import (
	"context"
	"errors"
	"path/filepath"

	"github.com/coopwatch/coopwatch/extract"
)

// runExtraction scores and times every extractor on every page set.
func runExtraction(ctx context.Context, c config, rep *report, logf func(string, ...any)) error {
	x, err := extract.New()
	if err != nil {
		return err
	}
	var sets []pageSet
	sample, err := loadSample(c.sample)
	switch {
	case errors.Is(err, errNoSample):
		rep.notes = append(rep.notes, "Content quality was not measured: "+err.Error()+" (give -sample DIR or COOPWATCH_EVAL_SAMPLE).")
		logf("skipping the sample: %v", err)
	case err != nil:
		return err
	default:
		sets = append(sets, sample)
	}
	fx, err := loadFixtures()
	if err != nil {
		return err
	}
	sets = append(sets, fx, generated(x, c.genPages, c.seed))
	rep.sets = sets
	exs := extractors(x)
	rep.extractors = exs
	for _, set := range sets {
		for _, e := range exs {
			if err := ctx.Err(); err != nil {
				return err
			}
			logf("extract: scoring %s on %s", e.name, set.name)
			rep.quality = append(rep.quality, score(e, set))
		}
		logf("extract: timing every extractor on %s, in turns", set.name)
		rep.speed = append(rep.speed, measureInterleaved(exs, set, c.minTime)...)
	}
	for _, set := range sets {
		if set.name != "generated" {
			continue
		}
		logf("extract: CPU profile of coopwatch on %s", set.name)
		pr, err := profileExtraction(exs[0], set, c.minTime, filepath.Join("results"))
		if err != nil {
			return err
		}
		rep.profiles = append(rep.profiles, pr)
	}
	return nil
}
