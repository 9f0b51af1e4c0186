package main

import (
	"context"
	"fmt"

	"github.com/coopwatch/coopwatch/index"
)

func runToken(ctx context.Context, e env) error {
	fs, lf := newFlags(e, "token", "[--data DIR] create NAME", `
Create an API token for the editor NAME and print it. The token is shown
only now (the store keeps a hash of it): keep it like a password. Scripts
send it as "Authorization: Bearer TOKEN" to the review API; it needs no
CSRF token. Removing the user revokes its tokens.`)
	data := fs.String("data", defaultDataDir(), "data `DIR` holding the store and the index")
	if err := parseFlags(fs, e.args); err != nil {
		return err
	}
	log, err := lf.logger(e.stderr)
	if err != nil {
		return err
	}
	args := fs.Args()
	if len(args) != 2 || args[0] != "create" {
		return usagef("token: want create NAME")
	}
	ix, err := index.Open(ctx, *data, index.Options{Log: log})
	if err != nil {
		return err
	}
	defer ix.Close()
	tok, err := ix.NewToken(ctx, args[1])
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, tok)
	return nil
}
