package extract

// analyze reads a's title and text and fills a.Cooperation, a.Events and
// a.People. It never changes the other fields.
func (x *Extractor) analyze(a *Article) {
	_ = x.gaz // TODO(entities): replaced by the entity rules
}
