// Package testredis starts a throwaway redis-server for tests of the
// shared (Redis) crawl frontier.
package testredis

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"testing"
	"time"
)

// Start starts a redis-server on a free loopback port, without
// persistence, stopped when the test ends, and returns its URL
// ("redis://127.0.0.1:PORT/0"). Without redis-server the test is skipped,
// unless COOPWATCH_REDIS_TESTS=1 (CI installs Debian's redis-server) makes
// it fail.
func Start(t testing.TB) string {
	t.Helper()
	path, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("COOPWATCH_REDIS_TESTS") == "1" {
			t.Fatal("redis-server not found and COOPWATCH_REDIS_TESTS=1: install Debian's redis-server")
		}
		t.Skip("redis-server not installed (apt-get install redis-server); set COOPWATCH_REDIS_TESTS=1 to make this a failure")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	cmd := exec.Command(path, "--port", fmt.Sprint(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", t.TempDir())
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	for i := 0; ; i++ {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			break
		}
		if i > 100 {
			t.Fatalf("redis-server on %s did not come up: %v", addr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return "redis://" + addr + "/0"
}
