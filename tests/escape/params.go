package main

type T struct {
	p    *int
	name string
	data []byte
}

var g *int
var gs string

func none(p *int) int           { return *p }
func heap(p *int)               { g = p }
func content(t *T)              { g = t.p }
func toResult(p *int) *int      { return p }
func toResultDeref(t *T) *int   { return t.p }
func toResult2(t **T) *int      { return (*t).p }
func twoResults(a, b *int) (*int, *int) {
	return b, a
}
func namedResult(p *int) (r *int) {
	r = p
	return
}
func mixed(p *int) *int {
	g = p
	return p
}
func str(s string) string     { return s }
func strLeak(s string)        { gs = s }
func strLen(s string) int     { return len(s) }
func slice(b []byte) []byte   { return b[1:] }
func sliceElem(b []*int) *int { return b[0] }

func (t T) Name() string       { return t.name }
func (t *T) Ptr() *int         { return t.p }
func (t *T) SetName(s string)  { t.name = s }
func (t *T) Append(b byte)     { t.data = append(t.data, b) }
func (T) Unnamed(p *int)       {}
func blank(_ *int, q *int) int { return *q }

func main() {
	x := 1
	t := &T{p: &x}
	println(none(&x), *toResult(&x), *toResultDeref(t), *toResult2(&t), *mixed(&x))
	a, b := twoResults(&x, &x)
	heap(a)
	content(t)
	println(*b, *namedResult(&x), str("s"), strLen("a"), len(slice(nil)), sliceElem(nil) == nil)
	strLeak("x")
	t.SetName("n")
	t.Append('c')
	println(t.Name(), *t.Ptr(), blank(nil, &x))
	t.Unnamed(nil)
}
