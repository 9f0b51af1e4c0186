// Command coopwatch finds cooperations between German public bodies in
// e-government news: it crawls, extracts, indexes, and serves them.
// Run "coopwatch help" for the subcommands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// exitCode prints err for the user and returns the process exit code:
// 0 success, 2 bad usage, 130 interrupted, 1 anything else.
func exitCode(err error, stderr io.Writer) int {
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "coopwatch: %v\n", err)
		return 2
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "coopwatch: interrupted")
		return 130
	case errors.Is(err, errReported):
		return 1
	}
	fmt.Fprintf(stderr, "coopwatch: %v\n", err)
	return 1
}
