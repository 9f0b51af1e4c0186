package crawler

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// DefaultLease is how long a RedisFrontier entry handed out by Next stays
// with its process; after that another process may take it (the first one
// is presumed dead).
const DefaultLease = 5 * time.Minute

// RedisFrontier is a Frontier in Redis, shared by every crawler process
// that opens it with the same name: the queue, the visited set, the leases
// and the body fingerprints live in Redis, and Next hands each URL to one
// process only (a Lua script, atomic). It also carries the stream of
// fetched pages from worker processes to the one process that stores them
// (PushPage, ReadPages, AckPage).
//
// Keys, under "coopwatch:crawl:NAME:": seen (set: every URL ever added),
// entry (hash: URL → Entry as JSON), queue (sorted set by priority and
// order), delayed (sorted set by next try), leased (sorted set by lease
// expiry), seq (counter), fp (hash: body hash → first URL), pages
// (stream, consumer group "owner"), resources (hash: URL → Resource as
// JSON; RedisFrontier is the crawl's ResourceCache too, so every process
// asks for robots.txt, sitemaps and feeds conditionally).
//
// It is safe for concurrent use.
type RedisFrontier struct {
	rdb    *redis.Client
	prefix string
	lease  time.Duration
}

// OpenRedisFrontier connects to the Redis server at redisURL
// (redis://[user:password@]host:port/db) and returns the frontier of the
// crawl name. The caller must Close it.
func OpenRedisFrontier(ctx context.Context, redisURL, name string) (*RedisFrontier, error) {
	opt, err := redis.ParseURL(redisURL)
	if err != nil {
		return nil, fmt.Errorf("open redis frontier: invalid URL %q: %w (want redis://host:6379/0)", redisURL, err)
	}
	if name == "" || strings.ContainsAny(name, " {}") {
		return nil, fmt.Errorf("open redis frontier: invalid crawl name %q", name)
	}
	f := &RedisFrontier{rdb: redis.NewClient(opt), prefix: "coopwatch:crawl:" + name + ":", lease: DefaultLease}
	if err := f.rdb.Ping(ctx).Err(); err != nil {
		f.rdb.Close()
		return nil, fmt.Errorf("open redis frontier at %s: %w", opt.Addr, err)
	}
	err = f.rdb.XGroupCreateMkStream(ctx, f.key("pages"), "owner", "0").Err()
	if err != nil && !strings.HasPrefix(err.Error(), "BUSYGROUP") {
		f.rdb.Close()
		return nil, fmt.Errorf("open redis frontier: create page stream: %w", err)
	}
	return f, nil
}

// Close closes the connection to Redis.
func (f *RedisFrontier) Close() error { return f.rdb.Close() }

// Reset deletes the crawl's state, so that the next run starts anew. The
// stored robots.txt files and validators stay: a new crawl asks for a
// sitemap or feed conditionally only once it has read it (see Resource).
func (f *RedisFrontier) Reset(ctx context.Context) error {
	keys := []string{"seen", "entry", "queue", "delayed", "leased", "seq", "fp", "pages"}
	for i, k := range keys {
		keys[i] = f.key(k)
	}
	if err := f.rdb.Del(ctx, keys...).Err(); err != nil {
		return fmt.Errorf("reset redis frontier: %w", err)
	}
	if err := f.rdb.XGroupCreateMkStream(ctx, f.key("pages"), "owner", "0").Err(); err != nil && !strings.HasPrefix(err.Error(), "BUSYGROUP") {
		return fmt.Errorf("reset redis frontier: %w", err)
	}
	return nil
}

func (f *RedisFrontier) key(k string) string { return f.prefix + k }

// The queue's scores are priority*1e12 + a sequence number: priorities
// apart, and within one priority the order of discovery (exact in a double
// up to 2^53). The scripts below compute them.
var addScript = redis.NewScript(`
local added = 0
for i = 1, #ARGV, 4 do
  local url = ARGV[i]
  if redis.call('SADD', KEYS[1], url) == 1 then
    redis.call('HSET', KEYS[2], url, ARGV[i+1])
    if ARGV[i+3] == '1' then
      local seq = redis.call('INCR', KEYS[4])
      redis.call('ZADD', KEYS[3], tonumber(ARGV[i+2]) * 1e12 + seq, url)
    end
    added = added + 1
  end
end
return added`)

// Add implements Frontier.
func (f *RedisFrontier) Add(ctx context.Context, es []Entry) (int, error) {
	if len(es) == 0 {
		return 0, nil
	}
	args := make([]any, 0, 4*len(es))
	for _, e := range es {
		if e.State == "" {
			e.State = StateQueued
		}
		b, err := json.Marshal(e)
		if err != nil {
			return 0, fmt.Errorf("add %s: %w", e.URL, err)
		}
		queued := "0"
		if e.State == StateQueued {
			queued = "1"
		}
		args = append(args, e.URL, b, e.Priority, queued)
	}
	n, err := addScript.Run(ctx, f.rdb, []string{f.key("seen"), f.key("entry"), f.key("queue"), f.key("seq")}, args...).Int()
	if err != nil {
		return 0, fmt.Errorf("add %d URLs to redis frontier: %w", len(es), err)
	}
	return n, nil
}

var nextScript = redis.NewScript(`
local now = tonumber(ARGV[1])
for _, u in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now)) do
  redis.call('ZREM', KEYS[3], u)
  redis.call('ZADD', KEYS[1], 0, u)
end
for _, u in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)) do
  redis.call('ZREM', KEYS[2], u)
  local e = cjson.decode(redis.call('HGET', KEYS[4], u))
  local seq = redis.call('INCR', KEYS[5])
  redis.call('ZADD', KEYS[1], (e['Priority'] or 0) * 1e12 + seq, u)
end
local out = {}
local popped = redis.call('ZPOPMIN', KEYS[1], tonumber(ARGV[2]))
for i = 1, #popped, 2 do
  local u = popped[i]
  redis.call('ZADD', KEYS[3], now + tonumber(ARGV[3]), u)
  table.insert(out, redis.call('HGET', KEYS[4], u))
end
return out`)

// Next implements Frontier. Leases that expired (their process died) are
// queued again first.
func (f *RedisFrontier) Next(ctx context.Context, now time.Time, n int) ([]Entry, error) {
	if n <= 0 {
		return nil, nil
	}
	raw, err := nextScript.Run(ctx, f.rdb, []string{f.key("queue"), f.key("delayed"), f.key("leased"), f.key("entry"), f.key("seq")},
		now.UnixMilli(), n, f.lease.Milliseconds()).StringSlice()
	if err != nil {
		return nil, fmt.Errorf("next from redis frontier: %w", err)
	}
	out := make([]Entry, 0, len(raw))
	for _, s := range raw {
		var e Entry
		if err := json.Unmarshal([]byte(s), &e); err != nil {
			return nil, fmt.Errorf("next from redis frontier: entry %q: %w", s, err)
		}
		e.State = StateLeased
		out = append(out, e)
	}
	return out, nil
}

// Update implements Frontier.
func (f *RedisFrontier) Update(ctx context.Context, e Entry) error {
	b, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("update %s: %w", e.URL, err)
	}
	_, err = f.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.ZRem(ctx, f.key("leased"), e.URL)
		p.HSet(ctx, f.key("entry"), e.URL, b)
		if e.State == StateQueued {
			p.ZAdd(ctx, f.key("delayed"), redis.Z{Score: float64(e.NextTry.UnixMilli()), Member: e.URL})
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("update %s in redis frontier: %w", e.URL, err)
	}
	return nil
}

// Pending implements Frontier.
func (f *RedisFrontier) Pending(ctx context.Context) (int, int, time.Time, error) {
	p := f.rdb.Pipeline()
	q := p.ZCard(ctx, f.key("queue"))
	d := p.ZCard(ctx, f.key("delayed"))
	l := p.ZCard(ctx, f.key("leased"))
	first := p.ZRangeWithScores(ctx, f.key("delayed"), 0, 0)
	if _, err := p.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return 0, 0, time.Time{}, fmt.Errorf("redis frontier pending: %w", err)
	}
	var next time.Time
	if q.Val() > 0 {
		next = time.Unix(0, 0)
	} else if zs := first.Val(); len(zs) > 0 {
		next = time.UnixMilli(int64(zs[0].Score))
	}
	return int(q.Val() + d.Val()), int(l.Val()), next, nil
}

// Fingerprint implements Frontier.
func (f *RedisFrontier) Fingerprint(ctx context.Context, sum, url string) (string, error) {
	p := f.rdb.TxPipeline()
	p.HSetNX(ctx, f.key("fp"), sum, url)
	get := p.HGet(ctx, f.key("fp"), sum)
	if _, err := p.Exec(ctx); err != nil {
		return "", fmt.Errorf("fingerprint %s: %w", url, err)
	}
	return get.Val(), nil
}

// Resource implements ResourceCache.
func (f *RedisFrontier) Resource(ctx context.Context, url string) (Resource, bool, error) {
	b, err := f.rdb.HGet(ctx, f.key("resources"), url).Bytes()
	if errors.Is(err, redis.Nil) {
		return Resource{}, false, nil
	}
	if err != nil {
		return Resource{}, false, fmt.Errorf("resource %s from redis: %w", url, err)
	}
	var r Resource
	if err := json.Unmarshal(b, &r); err != nil {
		return Resource{}, false, fmt.Errorf("resource %s from redis: %w", url, err)
	}
	return r, true, nil
}

// PutResource implements ResourceCache.
func (f *RedisFrontier) PutResource(ctx context.Context, r Resource) error {
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("store resource %s: %w", r.URL, err)
	}
	if err := f.rdb.HSet(ctx, f.key("resources"), r.URL, b).Err(); err != nil {
		return fmt.Errorf("store resource %s in redis: %w", r.URL, err)
	}
	return nil
}

// StreamPage is a page in the crawl's page stream, with the stream ID to
// acknowledge once it is stored.
type StreamPage struct {
	ID string
	Page
}

// PushPage appends p to the crawl's page stream, for the owning process.
func (f *RedisFrontier) PushPage(ctx context.Context, p Page) error {
	hdr, err := json.Marshal(p.Header)
	if err != nil {
		return fmt.Errorf("push page %s: %w", p.URL, err)
	}
	err = f.rdb.XAdd(ctx, &redis.XAddArgs{Stream: f.key("pages"), Values: map[string]any{
		"url": p.URL, "fetched_at": p.FetchedAt.UTC().Format(time.RFC3339Nano), "status": p.StatusCode,
		"header": hdr, "body": p.Body, "role": p.Role, "duplicate_of": p.DuplicateOf,
	}}).Err()
	if err != nil {
		return fmt.Errorf("push page %s: %w", p.URL, err)
	}
	return nil
}

// ReadPages returns up to n pages of the stream for consumer: first those
// it read before and never acknowledged (a crash), then new ones, waiting
// up to block for them. It returns no pages and no error when none came.
func (f *RedisFrontier) ReadPages(ctx context.Context, consumer string, n int, block time.Duration) ([]StreamPage, error) {
	var out []StreamPage
	for _, id := range []string{"0", ">"} {
		b := time.Duration(-1)
		if id == ">" {
			b = block
		}
		res, err := f.rdb.XReadGroup(ctx, &redis.XReadGroupArgs{Group: "owner", Consumer: consumer,
			Streams: []string{f.key("pages"), id}, Count: int64(n), Block: b}).Result()
		if errors.Is(err, redis.Nil) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("read page stream: %w", err)
		}
		for _, s := range res {
			for _, m := range s.Messages {
				sp, err := streamPage(m)
				if err != nil {
					return nil, err
				}
				out = append(out, sp)
			}
		}
		if len(out) > 0 {
			return out, nil
		}
	}
	return out, nil
}

func streamPage(m redis.XMessage) (StreamPage, error) {
	str := func(k string) string { s, _ := m.Values[k].(string); return s }
	sp := StreamPage{ID: m.ID}
	sp.URL, sp.Role, sp.DuplicateOf = str("url"), str("role"), str("duplicate_of")
	sp.StatusCode, _ = strconv.Atoi(str("status"))
	sp.FetchedAt, _ = time.Parse(time.RFC3339Nano, str("fetched_at"))
	sp.Header = http.Header{}
	if err := json.Unmarshal([]byte(str("header")), &sp.Header); err != nil {
		return StreamPage{}, fmt.Errorf("read page stream: message %s: header: %w", m.ID, err)
	}
	if sp.DuplicateOf == "" {
		sp.Body = []byte(str("body"))
	}
	return sp, nil
}

// AckPage removes a stored page from the stream.
func (f *RedisFrontier) AckPage(ctx context.Context, id string) error {
	return f.AckPages(ctx, id)
}

// AckPages removes stored pages from the stream, in one round trip.
func (f *RedisFrontier) AckPages(ctx context.Context, ids ...string) error {
	if len(ids) == 0 {
		return nil
	}
	p := f.rdb.TxPipeline()
	p.XAck(ctx, f.key("pages"), "owner", ids...)
	p.XDel(ctx, f.key("pages"), ids...)
	if _, err := p.Exec(ctx); err != nil {
		return fmt.Errorf("ack %d pages (%s…): %w", len(ids), ids[0], err)
	}
	return nil
}
