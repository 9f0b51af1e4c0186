package index

// schemaCrawl is migration step 3: the crawl frontier and the validators
// (ETag, Last-Modified) of fetched URLs.
// TODO(crawl): tables come with the resumable crawler (issue 5).
const schemaCrawl = `CREATE TABLE reserved_step3 (x INTEGER) STRICT;`
