// Package eval measures extraction quality: it scores extracted Articles
// against gold annotations with the metrics of /work/shared/gold/README.md
// (partner and person precision/recall/F1, partner kind and role accuracy,
// published, cooperation, title and event type accuracy, keyword
// precision/recall/F1), lists every miss, and checks the metrics against
// minimum values so that CI can hold the line.
//
// eval owns the gold file format (Gold, LoadGold) and the metric
// definitions. It never fetches, never writes files and never prints: the
// caller (coopwatch eval) chooses where the report goes.
//
// Usage:
//
//	golds, err := eval.LoadGold("fixtures/gold.json")
//	x, err := extract.New()
//	rep, err := eval.Run(golds, "fixtures", x)
//	rep.WriteText(os.Stdout)
//	minimum, err := eval.ParseThresholds([]string{"partners_f1=0.9"})
//	err = rep.Check(minimum) // names every metric below its minimum
//
// # How the metrics count
//
// Names are compared by key. A partner's key (PartnerKey) is the name in
// Unicode NFC, lower case, white space folded, with one leading word that
// names the kind of body removed: Land, Bundesland, Freistaat, Landkreis,
// Kreis, Stadtkreis, Städteregion, Region, Bezirk, Stadt, Kreisstadt, Große
// Kreisstadt, Kreisfreie Stadt, Hansestadt, Freie Hansestadt, Freie und
// Hansestadt, Landeshauptstadt, Bundesstadt, Universitätsstadt,
// Hochschulstadt, Wissenschaftsstadt, Universitäts- und Hansestadt, Hanse-
// und Universitätsstadt, Gemeinde, Ortsgemeinde, Marktgemeinde, Markt,
// Samtgemeinde, Verbandsgemeinde, Amt. The longest matching prefix is
// removed, and only when a capitalised word (or a digit) follows, so "Amt
// für Digitalisierung" keeps its first word. "Landkreis Gifhorn" and
// "Stadt Gifhorn" thus share a key: the name match is about the place,
// partner_kind_accuracy about the kind. A person's key (PersonKey) is NFC,
// lower case, white space folded, without leading academic titles (Dr.,
// Prof., Dr.-Ing., Dr. med., Dr. rer. nat., Dipl.-Ing., Dr. h. c. …).
//
// Partners: the prediction of an article is the union of its events'
// partners. Each predicted name is resolved to a gold partner, required or
// optional: a name or alias equal to it before the kind word is removed
// wins; otherwise the gold partners with its PartnerKey are the
// candidates. One candidate is the answer. Several candidates happen when
// the gold names a city and the Landkreis named after it ("Stadt Görlitz",
// "Landkreis Görlitz"): the first not yet matched of the predicted kind is
// taken, then the first of that kind, then the first not yet matched. A
// required partner resolved to is a true positive, and counts once however
// many predicted names resolve to it ("Gießen" and "Giessen"); the first of
// them gives the kind. An optional partner is ignored. A name that
// resolves to nothing is a false positive, counted once per PartnerKey.
// Unmatched required partners are false negatives. partner_kind_accuracy
// counts, among true positives, those whose kind equals the gold kind.
//
// People: the same over the union of the article's people and its events'
// people (top-level first), deduplicated by key; a person's role is the
// first non-empty role among its occurrences. Optional people are ignored;
// a predicted name in not_people is a false positive, reported as a miss of
// field "not_people". role_accuracy counts, among true positives, those
// whose roles agree: lower case, NFC, white space folded, one contains the
// other; an empty role agrees only with an empty role.
//
// published_accuracy: exact equality of the dates, null equal to null.
// cooperation_accuracy: equality. title_accuracy: the gold title (NFC,
// white space folded, case kept) is contained in the predicted one, which
// is at most 40 characters (runes) longer. keywords: sets of tags (NFC,
// white space folded, case kept, duplicates counted once), micro-averaged
// over the entries whose gold keywords are not null. event_type_accuracy:
// an article is right when every gold event type is the type of one of its
// events, or, when the gold has no event types (cooperation false), when it
// has no events.
//
// Precision, recall and F1 are micro-averaged: counts are summed over all
// pages, then divided. A metric whose denominator is zero (nothing
// predicted, nothing to find, no entry with keywords) is undefined: it
// stays in the report with N = 0 and Value 0, Report.Metric returns false
// for it, WriteText prints "n/a", and Check fails a threshold set on it.
//
// A page that cannot be read or extracted is scored as an article with
// nothing found, and its published, cooperation, title and event type are
// counted wrong whatever the gold says.
package eval
