package crawler

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// redisBudget is the SiteBudget of RedisFrontier.Budget. Per site it keeps
// two keys, shared by every crawl on the Redis server (politeness is owed
// to the site, whatever crawl asks): "coopwatch:site:{SITE}:slots", a
// sorted set of the tokens of requests under way scored by the time their
// slot expires, and "coopwatch:site:{SITE}:next", the earliest start of the
// next request in microseconds, which expires when that time has passed.
// Times are the Redis server's (TIME), so the clocks of the crawling
// machines do not matter. The scripts are atomic: two processes never take
// the same slot or start closer together than the spacing.
type redisBudget struct{ rdb *redis.Client }

// Budget returns a SiteBudget in f's Redis server: give it to every
// process's Config.Budget, and together they keep each site's Delay and
// Parallel as one crawler would.
func (f *RedisFrontier) Budget() SiteBudget { return redisBudget{rdb: f.rdb} }

func siteKeys(site string) []string {
	return []string{"coopwatch:site:{" + site + "}:slots", "coopwatch:site:{" + site + "}:next"}
}

// redisNow is the Lua prologue reading the server's clock in microseconds
// (exact in a double), and px converts microseconds to a key's time to
// live in milliseconds, rounded up.
const redisNow = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local function px(us) return math.max(1, math.ceil(us / 1000)) end
`

// takeScript: KEYS slots, next; ARGV token, parallel, spacing µs, hold µs.
// Returns 0 (taken), the microseconds until the next start, or -1 (every
// slot busy).
var takeScript = redis.NewScript(redisNow + `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local nxt = tonumber(redis.call('GET', KEYS[2]) or '0')
if nxt > now then return nxt - now end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return -1 end
local hold = tonumber(ARGV[4])
redis.call('ZADD', KEYS[1], now + hold, ARGV[1])
redis.call('PEXPIRE', KEYS[1], px(hold))
local spacing = tonumber(ARGV[3])
if spacing > 0 then redis.call('SET', KEYS[2], now + spacing, 'PX', px(spacing)) end
return 0`)

// laterScript: KEYS slots, next; ARGV token ("" for none), µs. Frees the
// token's slot and keeps the next start at least that long from now.
var laterScript = redis.NewScript(redisNow + `
if ARGV[1] ~= '' then redis.call('ZREM', KEYS[1], ARGV[1]) end
local d = tonumber(ARGV[2])
if d > 0 then
  local nxt = tonumber(redis.call('GET', KEYS[2]) or '0')
  if now + d > nxt then redis.call('SET', KEYS[2], now + d, 'PX', px(d)) end
end
return 0`)

// Take implements SiteBudget.
func (b redisBudget) Take(ctx context.Context, site, token string, parallel int, spacing, hold time.Duration) (time.Duration, error) {
	us, err := takeScript.Run(ctx, b.rdb, siteKeys(site), token, max(parallel, 1), spacing.Microseconds(), max(hold.Microseconds(), 1)).Int64()
	if err != nil {
		return 0, fmt.Errorf("take a slot for %s: %w", site, err)
	}
	switch {
	case us == 0:
		return 0, nil
	case us > 0:
		return time.Duration(us) * time.Microsecond, nil
	default:
		// Every slot is busy: one frees when its request ends, and the
		// next may start a delay after that. Ask again soon.
		return min(max(spacing/4, 5*time.Millisecond), 250*time.Millisecond), nil
	}
}

// Return implements SiteBudget.
func (b redisBudget) Return(ctx context.Context, site, token string, delay time.Duration) error {
	if err := laterScript.Run(ctx, b.rdb, siteKeys(site), token, delay.Microseconds()).Err(); err != nil {
		return fmt.Errorf("return the slot of %s: %w", site, err)
	}
	return nil
}

// Pause implements SiteBudget.
func (b redisBudget) Pause(ctx context.Context, site string, d time.Duration) error {
	if err := laterScript.Run(ctx, b.rdb, siteKeys(site), "", d.Microseconds()).Err(); err != nil {
		return fmt.Errorf("pause %s: %w", site, err)
	}
	return nil
}
