package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/coopwatch/coopwatch/index"
	"golang.org/x/term"
)

func runUser(ctx context.Context, e env) error {
	fs, lf := newFlags(e, "user", "[--data DIR] add|list|remove [NAME]", `
Manage the editors' accounts in DIR.

  user add NAME      create an account; asks for the password twice on the
                     terminal (no echo), or reads one line from standard
                     input when it is not a terminal
  user list          list the accounts with their API tokens and sessions
  user remove NAME   delete an account, its sessions and tokens (its review
                     history stays)

The store allows one process at a time: stop "coopwatch serve" first.`)
	data := fs.String("data", defaultDataDir(), "data `DIR` holding the store and the index")
	if err := parseFlags(fs, e.args); err != nil {
		return err
	}
	log, err := lf.logger(e.stderr)
	if err != nil {
		return err
	}
	args := fs.Args()
	if len(args) == 0 {
		return usagef("user: want add NAME, list or remove NAME")
	}
	sub, args := args[0], args[1:]
	switch sub {
	case "add", "remove":
		if len(args) != 1 {
			return usagef("user %s: want exactly one NAME", sub)
		}
		if err := index.ValidateUserName(args[0]); err != nil {
			return usagef("user %s: %v", sub, err)
		}
	case "list":
		if len(args) != 0 {
			return usagef("user list takes no arguments")
		}
	default:
		return usagef("user: unknown subcommand %q: want add, list or remove", sub)
	}
	var password string
	if sub == "add" {
		// Ask before opening the store, so a mistyped password costs no lock.
		if password, err = readPassword(e); err != nil {
			return err
		}
		if err := index.ValidatePassword(password); err != nil {
			return usagef("user add: %v", err)
		}
	}
	ix, err := index.Open(ctx, *data, index.Options{Log: log})
	if err != nil {
		return err
	}
	defer ix.Close()
	switch sub {
	case "add":
		if err := ix.AddUser(ctx, args[0], password); err != nil {
			if errors.Is(err, index.ErrExists) {
				return fmt.Errorf("user %s exists already (remove it first to reset the password)", args[0])
			}
			return err
		}
		fmt.Fprintf(e.stdout, "user %s added\n", args[0])
	case "remove":
		if err := ix.RemoveUser(ctx, args[0]); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "user %s removed\n", args[0])
	case "list":
		users, err := ix.Users(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tCREATED\tTOKENS\tSESSIONS")
		for _, u := range users {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%d\n", u.Name, u.CreatedAt.Format("2006-01-02 15:04"), u.Tokens, u.Sessions)
		}
		return tw.Flush()
	}
	return nil
}

// readPassword asks for a new password twice on the terminal without echo,
// or reads the first line of standard input when it is not a terminal (for
// scripts and tests: echo "$PW" | coopwatch user add anna).
func readPassword(e env) (string, error) {
	if f, ok := e.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(e.stderr, "Password: ")
		p1, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		fmt.Fprint(e.stderr, "Again: ")
		p2, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		if string(p1) != string(p2) {
			return "", usagef("user add: the passwords differ")
		}
		return string(p1), nil
	}
	if e.stdin == nil {
		return "", usagef("user add: no password: give it on standard input")
	}
	line, err := bufio.NewReader(io.LimitReader(e.stdin, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", usagef("user add: no password on standard input")
	}
	return line, nil
}
