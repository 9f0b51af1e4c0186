package main

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coopwatch/coopwatch/crawler"
	"github.com/coopwatch/coopwatch/index"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// withMetrics serves GET /metrics from the store's crawl counters (see
// newMetricsHandler) and everything else from h. cmd_serve wraps its
// handler with it.
func withMetrics(h http.Handler, ix *index.Index) http.Handler {
	m := newMetricsHandler(ix)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/metrics" {
			m.ServeHTTP(w, r)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// newMetricsHandler returns a Prometheus handler on a registry of its own
// (no global state) exporting what the store knows, read at each scrape:
// crawl outcomes summed over the stored crawls (the counters of `coopwatch
// crawl`'s report), articles, events and fetches per outcome.
func newMetricsHandler(ix *index.Index) http.Handler {
	reg := prometheus.NewRegistry()
	reg.MustRegister(storeCollector{ix: ix})
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg, Timeout: 10 * time.Second})
}

var (
	descCrawlOutcomes = prometheus.NewDesc("coopwatch_crawl_urls_total",
		"URLs handled by stored crawls, by outcome (fetched, unchanged, duplicate, robots, too_large, not_html, http_errors, timeouts, errors, …).",
		[]string{"outcome"}, nil)
	descCrawls    = prometheus.NewDesc("coopwatch_crawls", "Stored crawls, by state (finished, unfinished).", []string{"state"}, nil)
	descFrontier  = prometheus.NewDesc("coopwatch_crawl_frontier_urls", "URLs in the frontiers of unfinished crawls, by state.", []string{"state"}, nil)
	descArticles  = prometheus.NewDesc("coopwatch_articles", "Articles in the store.", nil, nil)
	descEvents    = prometheus.NewDesc("coopwatch_events", "Events in the store, by review status.", []string{"status"}, nil)
	descFetches   = prometheus.NewDesc("coopwatch_fetched_urls", "Fetched URLs, by the outcome of their latest fetch.", []string{"outcome"}, nil)
	descIndexDocs = prometheus.NewDesc("coopwatch_search_documents", "Documents in the search index.", nil, nil)
)

// storeCollector reads the counters from the store at scrape time, so
// serve and crawl processes need not share memory.
type storeCollector struct{ ix *index.Index }

func (c storeCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descCrawlOutcomes, descCrawls, descFrontier, descArticles, descEvents, descFetches, descIndexDocs} {
		ch <- d
	}
}

func (c storeCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if crawls, err := c.ix.Crawls(ctx, 1000); err == nil {
		sum := map[string]int{}
		states := map[string]int{}
		var finished, unfinished int
		for _, cr := range crawls {
			for k, v := range cr.Stats {
				sum[k] += v
			}
			if cr.FinishedAt.IsZero() {
				unfinished++
				for k, v := range cr.States {
					states[k] += v
				}
			} else {
				finished++
			}
		}
		for k, v := range sum {
			ch <- prometheus.MustNewConstMetric(descCrawlOutcomes, prometheus.CounterValue, float64(v), k)
		}
		for k, v := range states {
			ch <- prometheus.MustNewConstMetric(descFrontier, prometheus.GaugeValue, float64(v), k)
		}
		ch <- prometheus.MustNewConstMetric(descCrawls, prometheus.GaugeValue, float64(finished), "finished")
		ch <- prometheus.MustNewConstMetric(descCrawls, prometheus.GaugeValue, float64(unfinished), "unfinished")
	} else {
		ch <- prometheus.NewInvalidMetric(descCrawlOutcomes, err)
	}
	st, err := c.ix.Stats(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(descArticles, err)
		return
	}
	ch <- prometheus.MustNewConstMetric(descArticles, prometheus.GaugeValue, float64(st.Articles))
	ch <- prometheus.MustNewConstMetric(descIndexDocs, prometheus.GaugeValue, float64(st.SearchDocs))
	for k, v := range st.EventsByStatus {
		ch <- prometheus.MustNewConstMetric(descEvents, prometheus.GaugeValue, float64(v), k)
	}
	for k, v := range st.Fetches {
		ch <- prometheus.MustNewConstMetric(descFetches, prometheus.GaugeValue, float64(v), k)
	}
}

// crawlMetrics are the live counters of a running crawl, on a private
// registry: `coopwatch crawl --metrics-addr` serves them while it works.
// The names match the store's (coopwatch_crawl_urls_total by outcome), so
// one dashboard reads both. It is safe for concurrent use.
type crawlMetrics struct {
	reg      *prometheus.Registry
	outcomes *prometheus.CounterVec
	queue    prometheus.Gauge

	mu   sync.Mutex // guards last
	last map[string]int
}

func newCrawlMetrics() *crawlMetrics {
	m := &crawlMetrics{
		reg: prometheus.NewRegistry(),
		outcomes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "coopwatch_crawl_urls_total",
			Help: "URLs handled by this crawl process, by outcome.",
		}, []string{"outcome"}),
		queue: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "coopwatch_crawl_queue_urls",
			Help: "URLs queued or being fetched in the crawl's frontier.",
		}),
		last: map[string]int{},
	}
	m.reg.MustRegister(m.outcomes, m.queue)
	return m
}

// observe adds what s counts beyond the last snapshot.
func (m *crawlMetrics) observe(s crawler.Stats) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for k, v := range outcomeCounts(s, nil) {
		if d := v - m.last[k]; d > 0 {
			m.outcomes.WithLabelValues(strings.ReplaceAll(k, " ", "_")).Add(float64(d))
		}
		m.last[k] = v
	}
	m.queue.Set(float64(s.Pending))
}

func (m *crawlMetrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}
