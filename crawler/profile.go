package crawler

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Roles of a page URL by its site profile.
const (
	RoleArticle = "article" // an article page: extract it
	RoleList    = "list"    // a list, archive or home page: follow it, do not extract
	RoleFeed    = "feed"    // an RSS or Atom feed
	RoleSkip    = "skip"    // never fetched (print variants, admin pages)
)

// Profile says what the URLs of one site are, as data: which paths are
// articles (fetched first, extracted), lists and feeds (followed, not
// extracted) and which are skipped. Patterns are regular expressions (RE2)
// matched against the path and query of canonical URLs ("/a/b?x=1").
type Profile struct {
	Name    string   `json:"name"`
	Hosts   []string `json:"hosts"` // hosts without "www."; "www." and bare host both match
	Article []string `json:"article"`
	Feed    []string `json:"feed"`
	List    []string `json:"list"`
	Skip    []string `json:"skip"`
}

//go:embed profiles.json
var profilesJSON []byte

// DefaultProfiles returns the site profiles built into the crawler
// (crawler/profiles.json): Kommune21 and its sister sites. The caller owns
// the slice.
func DefaultProfiles() []Profile {
	var ps []Profile
	if err := json.Unmarshal(profilesJSON, &ps); err != nil {
		return nil // cannot happen: TestDefaultProfiles parses the file
	}
	return ps
}

// compiledProfile is a Profile with its patterns compiled, in the order
// Role checks them.
type compiledProfile struct {
	name  string
	roles []compiledRole
}

type compiledRole struct {
	role string
	res  []*regexp.Regexp
}

// profiles maps a site (host without "www.") to its compiled profile.
type profiles map[string]*compiledProfile

func compileProfiles(ps []Profile) (profiles, error) {
	out := make(profiles)
	for _, p := range ps {
		cp := &compiledProfile{name: p.Name}
		for _, r := range []struct {
			role string
			pats []string
		}{{RoleSkip, p.Skip}, {RoleFeed, p.Feed}, {RoleArticle, p.Article}, {RoleList, p.List}} {
			cr := compiledRole{role: r.role}
			for _, pat := range r.pats {
				re, err := regexp.Compile(pat)
				if err != nil {
					return nil, fmt.Errorf("profile %s: %s pattern %q: %w", p.Name, r.role, pat, err)
				}
				cr.res = append(cr.res, re)
			}
			cp.roles = append(cp.roles, cr)
		}
		for _, h := range p.Hosts {
			out[strings.TrimPrefix(strings.ToLower(h), "www.")] = cp
		}
	}
	return out, nil
}

// role returns the role the profile of u's site gives the canonical URL
// u, or "" when no profile or pattern says.
func (ps profiles) role(u string) string {
	p := ps[siteKey(hostOf(u))]
	if p == nil {
		// A profile host may carry a port in tests ("127.0.0.1:8080");
		// real sites match without it.
		h := siteKey(hostOf(u))
		if i := strings.LastIndexByte(h, ':'); i > 0 && !strings.HasSuffix(h, "]") {
			p = ps[h[:i]]
		}
		if p == nil {
			return ""
		}
	}
	pq := pathAndQuery(u)
	for _, r := range p.roles {
		if slices.ContainsFunc(r.res, func(re *regexp.Regexp) bool { return re.MatchString(pq) }) {
			return r.role
		}
	}
	return ""
}
