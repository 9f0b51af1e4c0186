package index

// schemaReviews is migration step 2: editors' accounts, sessions, API
// tokens and the audit history of their decisions.
// TODO(review): tables come with the editors' review work (issue 4).
const schemaReviews = `CREATE TABLE reserved_step2 (x INTEGER) STRICT;`
