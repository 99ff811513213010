// gen.go writes the golden files test-fmt.c compares the engine's fmt and
// strconv against, using the real Go toolchain (Go 1.19).  Run it from the
// repository root whenever a case is added:
//
//	go run tests/fmt-golden/gen.go -out tests/fmt-golden
//
// printf.txt holds readable cases: every format of `formats` applied to
// every value of `catalog`, and hand-written multi-argument cases.
// test-fmt.c builds the same values by name in a fake simulated memory.
//
// floats.txt, strconv.txt and fuzz.txt add hundreds of thousands of
// generated cases.  Storing every expected string would take megabytes, so
// the inputs come from a pseudo-random generator that test-fmt.c
// reimplements (splitmix64) and each block of cases is stored as the
// SHA-256 of its outputs.  When a block fails, `-dump BLOCK` prints the
// block's cases one per line, to diff against the test's dump.
package main

import (
	"bufio"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ---------------------------------------------------------------------
// The value catalog (mirrored by catalog_build() in test-fmt.c)

type MyInt int
type MyStr string
type MyFloat float64
type MyBytes []byte
type Byte byte

type Point struct{ X, Y int }

type Inner struct {
	A string
	b int
}

type Str struct{ v int }

func (Str) String() string { return "Str!" }

type Str2 struct{ w int }

func (Str2) String() string { return "Str2!" }

type PStr struct{ v int }

func (*PStr) String() string { return "PStr!" }

type Panicky int

func (Panicky) String() string { panic("boom") }

type ErrT struct{ code int }

func (ErrT) Error() string { return "errT!" }

type PErr struct{ msg string }

func (*PErr) Error() string { return "perr!" }

type Embeds struct {
	Str
	N int
}

type Both struct {
	ErrT
	Str
}

type Amb struct {
	Str
	Str2
}

type GoStr struct{ A int }

func (GoStr) GoString() string { return "GoStr!" }

type BadStr struct{ A int }

func (BadStr) String() int { return 1 }

type Holder struct {
	s Str
	S Str
	e error
	E error
}

type str struct{ v int }

func (str) String() string { return "str!" }

type HasEmb struct {
	str
	N int
}

type HoldUnexp struct {
	X str
	y str
}

type Names []string

func (Names) String() string { return "names!" }

type Deep struct {
	A []Str
	M map[Str]int
	I any
	N Names
}

type Outer struct {
	Name  string
	In    Inner
	P     Point
	Any   any
	Err   error
	Tags  []string
	M     map[string]int
	F     float64
	Bytes []byte
}

type entry struct {
	name string
	v    any
	refs bool // %p prints an address: skip %p for it
}

var catalog = []entry{
	{"nil", nil, false},
	{"int_0", 0, false},
	{"int_42", 42, false},
	{"int_neg", -1234567, false},
	{"int_min", math.MinInt64, false},
	{"int_max", math.MaxInt64, false},
	{"int8_neg", int8(-5), false},
	{"int16_min", int16(-32768), false},
	{"rune_x", 'x', false},
	{"rune_cjk", '世', false},
	{"rune_big", rune(0x110000), false},
	{"rune_surr", rune(0xD800), false},
	{"rune_neg", rune(-1), false},
	{"rune_nl", '\n', false},
	{"int64_big", int64(1) << 40, false},
	{"uint8_200", uint8(200), false},
	{"uint16_max", uint16(65535), false},
	{"uint32_7", uint32(7), false},
	{"uint64_max", uint64(math.MaxUint64), false},
	{"uint_0", uint(0), false},
	{"uintptr", uintptr(0xdead), false},
	{"bool_t", true, false},
	{"bool_f", false, false},
	{"f64_0", 0.0, false},
	{"f64_negz", math.Copysign(0, -1), false},
	{"f64_pi", math.Pi, false},
	{"f64_third", 1.0 / 3, false},
	{"f64_1e21", 1e21, false},
	{"f64_1e20", 1e20, false},
	{"f64_small", 1.2e-7, false},
	{"f64_neg", -2.5, false},
	{"f64_100k", 100000.0, false},
	{"f64_max", math.MaxFloat64, false},
	{"f64_denorm", 5e-324, false},
	{"f64_nan", math.NaN(), false},
	{"f64_inf", math.Inf(1), false},
	{"f64_ninf", math.Inf(-1), false},
	{"f64_03", math.Nextafter(0.3, 1), false},
	{"f64_1234", 1234.5678, false},
	{"f64_1e6", 1e6, false},
	{"f32_01", float32(0.1), false},
	{"f32_big", float32(3.4e38), false},
	{"f32_neg", float32(-1.5), false},
	{"f32_third", float32(1.0 / 3), false},
	{"str_empty", "", false},
	{"str_hello", "hello", false},
	{"str_utf8", "héllo, 世界", false},
	{"str_ctrl", "tab\there\nnl\x00\x7f\a", false},
	{"str_bad", "bad\xffutf8\xc3", false},
	{"str_quote", `q"uo'te\`, false},
	{"str_bq", "back`quote", false},
	{"str_emoji", "😀\u200b\ufeff\u00ad", false},
	{"str_long", "abcdefghijklmnopqrstuvwxyz", false},
	{"bytes", []byte("hi\x00\xff"), true},
	{"bytes_nil", []byte(nil), true},
	{"bytes_empty", []byte{}, true},
	{"ints", []int{1, -2, 3}, true},
	{"ints_nil", []int(nil), true},
	{"strs", []string{"a b", "c\"d", ""}, true},
	{"anys", []any{1, "a", nil, 2.5, true, Str{}, ErrT{}}, true},
	{"arr_bool", [3]bool{true}, false},
	{"arr_bytes", [3]byte{'a', 'b', 'c'}, false},
	{"arr_empty", [0]int{}, false},
	{"nested", [][]int{{1, 2}, {3}, nil}, true},
	{"map_si", map[string]int{"zeta": 26, "alpha": 1, "mid": 13, "": 0}, true},
	{"map_is", map[int]string{3: "c", -1: "a", 2: "b"}, true},
	{"map_nil", map[string]bool(nil), true},
	{"map_bool", map[bool]int{true: 1, false: 0}, true},
	{"map_pt", map[Point]string{{2, 1}: "b", {1, 2}: "a", {1, 1}: "c"}, true},
	{"map_f", map[float64]string{2.5: "x", -1: "y", math.Inf(1): "z", math.Inf(-1): "w"}, true},
	{"map_arr", map[[2]int]bool{{2, 1}: true, {1, 9}: false}, true},
	{"map_str_val", map[string]Str{"b": {}, "a": {}}, true},
	{"myint", MyInt(-7), false},
	{"mystr", MyStr("named"), false},
	{"myfloat", MyFloat(2.5), false},
	{"mybytes", MyBytes("ab"), true},
	{"bytes_named_elem", []Byte{'x', 'y'}, true},
	{"point", Point{1, 2}, false},
	{"ppoint", &Point{3, 4}, true},
	{"pints", &[]int{5, 6}, true},
	{"parr", &[2]string{"x", "y"}, true},
	{"pmap", &map[string]int{"k": 1}, true},
	{"inner", Inner{"in", 5}, false},
	{"outer", Outer{"o", Inner{"i", 1}, Point{5, 6}, Str{}, ErrT{}, []string{"t1", "t2"}, map[string]int{"y": 2, "x": 1}, 0.5, []byte("by")}, false},
	{"outer_zero", Outer{}, false},
	{"str_t", Str{1}, false},
	{"pstr_val", PStr{1}, false},
	{"pstr_ptr", &PStr{1}, true},
	{"pstr_nil", (*PStr)(nil), true},
	{"str_nilptr", (*Str)(nil), true},
	{"panicky", Panicky(3), false},
	{"errt", ErrT{5}, false},
	{"perr", &PErr{"x"}, true},
	{"embeds", Embeds{Str{1}, 2}, false},
	{"both", Both{}, false},
	{"amb", Amb{}, false},
	{"gostr", GoStr{1}, false},
	{"badstr", BadStr{1}, false},
	{"anon", struct {
		A int
		b string
	}{1, "x"}, false},
	{"empty_struct", struct{}{}, false},
	{"holder", Holder{Str{}, Str{}, ErrT{}, ErrT{}}, false},
	{"errors_new", errors.New("an error"), true},
	{"has_emb", HasEmb{str{}, 1}, false},
	{"hold_unexp", HoldUnexp{}, false},
	{"names", Names{"a"}, true},
	{"deep", Deep{[]Str{{}}, map[Str]int{{}: 1}, Str2{}, Names{"x"}}, false},
}

var formats = []string{
	"%v", "%+v", "%#v", "%T", "%d", "%5d", "%-5d|", "%05d", "%+d", "% d",
	"%.3d", "%8.3d", "%x", "%#x", "%X", "%#X", "% x", "% #x", "%o", "%#o",
	"%O", "%b", "%#b", "%c", "%q", "%#q", "%+q", "%#+q", "%U", "%#U",
	"%.6U", "%e", "%.3e", "%E", "%10.2e", "%f", "%.2f", "%8.3f", "%-8.3f|",
	"%08.3f", "%+.1f", "% .1f", "%.0f", "%#.0f", "%F", "%g", "%.3g", "%#g",
	"%#.3g", "%G", "%.10g", "%s", "%10s", "%-10s|", "%.2s", "%.0s", "%010s",
	"%t", "%5t", "%-6t|", "%10v", "%-10v|", "%010v", "%.2v", "%6.2v", "%+10v",
	"%.1x", "%10x", "%+#v", "%!", "%z", "%w", "%#10.4x", "%-#10X|", "%+.3e",
	"% e", "%#e", "%#.3x", "%10.3x", "%+q|%-+5d", "%p", "%#p", "%10T", "%-10T|",
	"%.3T", "%08v", "%-08v|", "%+08d", "% 08d", "%#08x", "%08.3d", "%x|%X",
	"%5.1s", "%-5.1s|", "%#s", "%+s", "% s", "%5c", "%-5c|", "%05c", "%5q",
	"%05q", "%#5q", "%+05.1f", "%+-8.2f|", "%v|%v", "[%7.2f]", "%#.4g", "%#.0g",
	"%.0g", "%.0e", "%b", "%.3b", "%x %X", "%#-8o|",
}

type printfCase struct {
	format string
	args   []string
}

var multiCases = []printfCase{
	{"%d %d", []string{"int_42"}},
	{"%d", []string{"int_42", "str_hello"}},
	{"%d %s", []string{"int_42", "str_hello", "nil", "errt", "str_t", "int_0"}},
	{"no verbs", []string{"int_42", "panicky"}},
	{"%[2]d %[1]d", []string{"int_42", "myint"}},
	{"%[3]d", []string{"int_42"}},
	{"%[0]d", []string{"int_42"}},
	{"%[x]d", []string{"int_42"}},
	{"%[1]d %d %d", []string{"int_42", "int_0"}},
	{"%[2]*[1]d|", []string{"int_42", "int8_neg"}},
	{"%[1]*d|", []string{"uint32_7", "int_42"}},
	{"%*d|", []string{"uint32_7", "int_42"}},
	{"%-*d|", []string{"uint32_7", "int_42"}},
	{"%*d|", []string{"int8_neg", "int_42"}},
	{"%*d|", []string{"str_hello", "int_42"}},
	{"%*d|", []string{"uint64_max", "int_42"}},
	{"%*d|", []string{"int_neg", "int_42"}},
	{"%.*f|", []string{"uint32_7", "f64_pi"}},
	{"%.*f|", []string{"int8_neg", "f64_pi"}},
	{"%.*f|", []string{"f64_pi", "f64_pi"}},
	{"%*.*f|", []string{"int_42", "uint32_7", "f64_pi"}},
	{"%*", []string{"int_42"}},
	{"%.*", []string{"int_42"}},
	{"%", nil},
	{"%5", []string{"int_42"}},
	{"%-", []string{"int_42"}},
	{"%.", []string{"int_42"}},
	{"%5.", []string{"int_42"}},
	{"%[1]", []string{"int_42"}},
	{"%[1", []string{"int_42"}},
	{"%[]d", []string{"int_42"}},
	{"%[99999999999]d", []string{"int_42"}},
	{"%é", []string{"int_42"}},
	{"%\xff", []string{"int_42"}},
	{"%\xe4\xb8", []string{"int_42"}},
	{"%3.[2]d", []string{"int_42", "int_0"}},
	{"%[2]3d", []string{"int_42", "int_0"}},
	{"%[2].3d", []string{"int_42", "int_0"}},
	{"%.[2]d", []string{"int_42", "int_0"}},
	{"%[2]*.[1]*[3]d|", []string{"uint32_7", "uint32_7", "int_42"}},
	{"100%%", nil},
	{"%5%|%-5%|%05%", nil},
	{"%%", []string{"int_42"}},
	{"%v %v", []string{"nil", "nil"}},
	{"%s %d %T %p %x", []string{"nil", "nil", "nil", "nil", "nil"}},
	{"%99999999d", []string{"int_42"}},
	{"%.99999999d", []string{"int_42"}},
	{"%[2]d %[1]d %d", []string{"int_42", "int_0"}},
	{"%[2]v %v", []string{"str_hello", "str_t", "panicky"}},
	{"%v %s %q %x %X %d", []string{"str_t", "str_t", "str_t", "str_t", "str_t", "str_t"}},
	{"%v %s %q %x %d", []string{"errt", "errt", "errt", "errt", "errt"}},
	{"%s|%10s|%-10s|%.2s", []string{"errors_new", "errors_new", "errors_new", "errors_new"}},
	{"%v|%10v|%x", []string{"panicky", "panicky", "panicky"}},
	{"%d|%s", []string{"panicky", "panicky"}},
	{"\t%s\n", []string{"str_utf8"}},
	{"%c%c%c", []string{"int_42", "rune_cjk", "rune_big"}},
	{"x%vy%vz", []string{"anys", "nested"}},
	{"", []string{"int_42"}},
	{"", nil},
	{"%!d", []string{"int_42"}},
	{"%ä", nil},
	{"%[2]", []string{"int_42", "int_0"}},
	{"%[1]d %[1]x %[1]o %#[1]b", []string{"int_42"}},
	{"%-+#0 10.4d|", []string{"int_42"}},
	{"%0-10d|", []string{"int_42"}},
	{"%-010d|", []string{"int_42"}},
	{"%+ d|% +d", []string{"int_42", "int_42"}},
	{"%x|%X|% X|%#X", []string{"str_utf8", "str_utf8", "str_utf8", "str_utf8"}},
	{"%08.3f|%-08.3f|%+08.3f|% 08.3f", []string{"f64_neg", "f64_neg", "f64_pi", "f64_pi"}},
	{"%08.3f|%08.3f|%-8.3f|%+08f", []string{"f64_nan", "f64_inf", "f64_ninf", "f64_nan"}},
	{"% f|%+f|% +f|%v", []string{"f64_nan", "f64_nan", "f64_nan", "f64_nan"}},
}

var printCases = [][]string{
	{"str_hello", "int_42", "int_0", "str_empty", "str_hello"},
	{"int_42", "int_0", "bool_t"},
	{"nil", "nil", "int_42"},
	{"mystr", "int_42", "mystr"},
	{"str_t", "errt", "panicky", "int_42"},
	{},
	{"anys", "map_si"},
}

var errorfCases = []printfCase{
	{"%w", []string{"errt"}},
	{"wrap: %w", []string{"perr"}},
	{"%w %w", []string{"errt", "perr"}},
	{"%w", []string{"int_42"}},
	{"%w %w", []string{"int_42", "errt"}},
	{"%w %w", []string{"bytes", "errt"}},
	{"%w %w", []string{"str_t", "errt"}},
	{"%w", []string{"nil"}},
	{"%v %w", []string{"int_42", "errt"}},
	{"%d %w", []string{"errt", "errors_new"}},
	{"%s", []string{"errt"}},
	{"%[2]w %[1]d", []string{"int_42", "errt"}},
}

func byName(name string) any {
	for _, e := range catalog {
		if e.name == name {
			return e.v
		}
	}
	panic("no catalog value " + name)
}

func argsOf(names []string) []any {
	var a []any
	for _, n := range names {
		a = append(a, byName(n))
	}
	return a
}

func writePrintf(w *bufio.Writer) {
	fmt.Fprintf(w, "# Generated by tests/fmt-golden/gen.go with %s: do not edit.\n", goVersion())
	fmt.Fprintf(w, "# kind<TAB>format (Go-quoted)<TAB>catalog values<TAB>expected (Go-quoted)\n")
	for _, f := range formats {
		for _, e := range catalog {
			if e.refs && strings.Contains(f, "p") {
				continue
			}
			fmt.Fprintf(w, "printf\t%q\t%s\t%q\n", f, e.name, fmt.Sprintf(f, e.v))
		}
	}
	for _, c := range multiCases {
		fmt.Fprintf(w, "printf\t%q\t%s\t%q\n", c.format, strings.Join(c.args, " "), fmt.Sprintf(c.format, argsOf(c.args)...))
	}
	for _, c := range printCases {
		fmt.Fprintf(w, "sprint\t\"\"\t%s\t%q\n", strings.Join(c, " "), fmt.Sprint(argsOf(c)...))
		fmt.Fprintf(w, "sprintln\t\"\"\t%s\t%q\n", strings.Join(c, " "), fmt.Sprintln(argsOf(c)...))
	}
	for _, e := range catalog {
		if !e.refs {
			fmt.Fprintf(w, "sprint\t\"\"\t%s\t%q\n", e.name, fmt.Sprint(e.v))
		}
	}
	for _, c := range errorfCases {
		args := argsOf(c.args)
		err := fmt.Errorf(c.format, args...)
		wrapped := -1
		if u := errors.Unwrap(err); u != nil {
			for i, a := range args {
				if e, ok := a.(error); ok && e == u {
					wrapped = i
					break
				}
			}
		}
		fmt.Fprintf(w, "errorf\t%q\t%s\t%q\t%d\n", c.format, strings.Join(c.args, " "), err.Error(), wrapped)
	}
}

// ---------------------------------------------------------------------
// Pseudo-random cases, hashed per block

type rng struct{ s uint64 }

func (r *rng) next() uint64 {
	r.s += 0x9E3779B97F4A7C15
	z := r.s
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

func (r *rng) intn(lo, hi int) int { return lo + int(r.next()%uint64(hi-lo+1)) }

var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// value draws a float of the given kind:
//
//	bits: any bit pattern (all exponents, NaN, Inf, denormals)
//	dec:  n / 10^k with n up to 2^53 of random magnitude: "decimal" values
//	      like the ones programs print
func (r *rng) value(kind string, bitsize int) float64 {
	switch kind {
	case "bits":
		if bitsize == 32 {
			return float64(math.Float32frombits(uint32(r.next() >> 32)))
		}
		return math.Float64frombits(r.next())
	case "dec":
		n := int64(r.next()>>11) >> (r.next() % 53)
		k := r.next() % 23
		v := float64(n) / pow10[k]
		if r.next()&1 == 1 {
			v = -v
		}
		if bitsize == 32 {
			return float64(float32(v))
		}
		return v
	}
	panic(kind)
}

type floatBlock struct {
	kind    string // bits or dec
	bitsize int
	fmt     byte
	precLo  int // precision drawn from [precLo, precHi]
	precHi  int
	count   int
	seed    uint64
}

func (b floatBlock) run(emit func(string)) {
	r := &rng{b.seed}
	for i := 0; i < b.count; i++ {
		v := r.value(b.kind, b.bitsize)
		prec := b.precLo
		if b.precHi != b.precLo {
			prec = r.intn(b.precLo, b.precHi)
		}
		emit(strconv.FormatFloat(v, b.fmt, prec, b.bitsize))
	}
}

func floatBlocks() []floatBlock {
	var blocks []floatBlock
	add := func(kind string, bitsize int, f byte, lo, hi, total int) {
		const per = 10000
		for n := 0; n < total; n += per {
			seed := uint64(len(blocks)+1) * 1000003
			blocks = append(blocks, floatBlock{kind, bitsize, f, lo, hi, per, seed})
		}
	}
	add("bits", 64, 'g', -1, -1, 200000)
	add("bits", 64, 'e', -1, -1, 50000)
	add("bits", 64, 'f', -1, -1, 20000)
	add("bits", 32, 'g', -1, -1, 200000)
	add("bits", 32, 'e', -1, -1, 50000)
	add("bits", 32, 'f', -1, -1, 20000)
	add("dec", 64, 'g', -1, -1, 100000)
	add("dec", 32, 'g', -1, -1, 100000)
	add("dec", 64, 'f', -1, -1, 50000)
	add("bits", 64, 'e', 0, 20, 100000)
	add("bits", 64, 'E', 0, 20, 20000)
	add("bits", 64, 'g', 0, 20, 100000)
	add("bits", 64, 'G', 0, 20, 20000)
	add("bits", 64, 'e', 17, 60, 30000)
	add("bits", 64, 'g', 17, 60, 20000)
	add("bits", 64, 'f', 0, 30, 20000)
	add("dec", 64, 'f', 0, 20, 100000)
	add("dec", 64, 'e', 0, 20, 50000)
	add("dec", 64, 'g', 0, 20, 50000)
	add("bits", 32, 'e', 0, 12, 50000)
	add("bits", 32, 'f', 0, 12, 20000)
	add("bits", 32, 'g', 0, 12, 50000)
	add("dec", 32, 'f', 0, 12, 50000)
	add("bits", 64, 'x', -1, 16, 20000)
	add("bits", 64, 'X', -1, 16, 10000)
	add("bits", 32, 'x', -1, 8, 10000)
	add("bits", 64, 'b', -1, -1, 10000)
	add("bits", 32, 'b', -1, -1, 10000)
	return blocks
}

func hashOf(run func(emit func(string))) string {
	h := sha256.New()
	run(func(s string) {
		h.Write([]byte(s))
		h.Write([]byte{'\n'})
	})
	return fmt.Sprintf("%x", h.Sum(nil))
}

// Values every program prints: powers of ten and two, boundaries.
func explicitFloats() []float64 {
	var v []float64
	for e := -30; e <= 30; e++ {
		v = append(v, math.Pow(10, float64(e)))
	}
	for e := -1074; e <= 1023; e += 37 {
		v = append(v, math.Ldexp(1, e))
	}
	v = append(v, 0, math.Copysign(0, -1), 0.1, 0.2, 0.3, 0.1+0.2, 1.0/3, 2.0/3,
		0.5, 1.5, 2.5, 3.5, 1e21, 1e20, 123456789, 1e-4, 1e-5, 5e-324,
		math.SmallestNonzeroFloat64, math.MaxFloat64, 2.2250738585072014e-308,
		2.225073858507201e-308, math.MaxFloat32, math.SmallestNonzeroFloat32,
		1.17549435e-38, 16777216, 16777217, 9007199254740992, 9007199254740993,
		math.NaN(), math.Inf(1), math.Inf(-1), -1, 100, 1e23, 8.41e21, 5e-310,
		0.000001, 0.0000001, 123456.7, 1234567.8, 0.15, 0.25, 0.35, 1.005,
		2.675, 1e15, 1e16, 1e17, 3.14159, 2.718281828459045, 1.7976931348623157e308)
	return v
}

func writeFloats(w *bufio.Writer) {
	fmt.Fprintf(w, "# Generated by tests/fmt-golden/gen.go with %s: do not edit.\n", goVersion())
	fmt.Fprintf(w, "# float<TAB>bits (hex)<TAB>bitsize<TAB>fmt<TAB>prec<TAB>strconv.FormatFloat\n")
	for _, v := range explicitFloats() {
		for _, bitsize := range []int{64, 32} {
			for _, f := range []byte{'e', 'f', 'g', 'x', 'b'} {
				for _, prec := range []int{-1, 0, 1, 2, 3, 6, 10, 16, 17, 20, 40} {
					if f == 'b' && prec != -1 {
						continue
					}
					fmt.Fprintf(w, "float\t%016x\t%d\t%c\t%d\t%s\n", math.Float64bits(v), bitsize, f, prec,
						strconv.FormatFloat(v, f, prec, bitsize))
				}
			}
		}
	}
	fmt.Fprintf(w, "# block<TAB>name<TAB>kind<TAB>bitsize<TAB>fmt<TAB>prec-lo<TAB>prec-hi<TAB>count<TAB>seed<TAB>sha256\n")
	for i, b := range floatBlocks() {
		fmt.Fprintf(w, "block\tfloat%d\t%s\t%d\t%c\t%d\t%d\t%d\t%d\t%s\n", i, b.kind, b.bitsize, b.fmt,
			b.precLo, b.precHi, b.count, b.seed, hashOf(b.run))
	}
}

// ---------------------------------------------------------------------
// strconv: quoting, UTF-8, integers; runtime print of floats

// randomBytes draws a short string that is often, but not always, UTF-8.
func (r *rng) randomBytes() []byte {
	n := r.intn(0, 12)
	b := make([]byte, 0, n*4)
	for len(b) < n {
		switch r.next() % 4 {
		case 0:
			b = append(b, byte(r.next()))
		case 1:
			b = append(b, byte(r.next()%128))
		default:
			b = utf8.AppendRune(b, rune(r.next()%0x110000))
		}
	}
	return b
}

type strBlock struct {
	name  string
	count int
	seed  uint64
	run   func(r *rng, emit func(string))
}

func strBlocks() []strBlock {
	return []strBlock{
		{"quote_rune", 0x110000, 1, func(r *rng, emit func(string)) {
			for c := rune(0); c < 0x110000; c++ {
				emit(strconv.QuoteRune(c))
			}
		}},
		{"quote_rune_ascii", 0x110000, 2, func(r *rng, emit func(string)) {
			for c := rune(0); c < 0x110000; c++ {
				emit(strconv.QuoteRuneToASCII(c))
			}
		}},
		{"quote_string", 100000, 3, func(r *rng, emit func(string)) {
			for i := 0; i < 100000; i++ {
				emit(strconv.Quote(string(r.randomBytes())))
			}
		}},
		{"quote_string_ascii", 100000, 4, func(r *rng, emit func(string)) {
			for i := 0; i < 100000; i++ {
				emit(strconv.QuoteToASCII(string(r.randomBytes())))
			}
		}},
		{"decode_rune", 100000, 5, func(r *rng, emit func(string)) {
			for i := 0; i < 100000; i++ {
				b := r.randomBytes()
				var s strings.Builder
				for len(b) > 0 {
					c, w := utf8.DecodeRune(b)
					fmt.Fprintf(&s, "%x/%d ", c, w)
					b = b[w:]
				}
				emit(s.String())
			}
		}},
		{"can_backquote", 100000, 6, func(r *rng, emit func(string)) {
			for i := 0; i < 100000; i++ {
				emit(strconv.FormatBool(strconv.CanBackquote(string(r.randomBytes()))))
			}
		}},
		{"format_int", 100000, 7, func(r *rng, emit func(string)) {
			for i := 0; i < 100000; i++ {
				v := int64(r.next()) >> (r.next() % 64)
				emit(strconv.FormatInt(v, r.intn(2, 36)))
			}
		}},
		{"format_uint", 100000, 8, func(r *rng, emit func(string)) {
			for i := 0; i < 100000; i++ {
				v := r.next() >> (r.next() % 64)
				emit(strconv.FormatUint(v, r.intn(2, 36)))
			}
		}},
	}
}

// printFloats is run in a child process: the runtime's print writes to
// standard error only.
func printFloats() {
	r := &rng{9}
	for i := 0; i < 100000; i++ {
		if i%2 == 0 {
			println(r.value("bits", 64))
		} else {
			println(r.value("dec", 64))
		}
	}
	for _, v := range explicitFloats() {
		println(v)
	}
}

func childStderr(mode string) string {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "GML_FMT_GEN_CHILD="+mode)
	out, _ := cmd.CombinedOutput()
	return string(out)
}

func writeStrconv(w *bufio.Writer) {
	fmt.Fprintf(w, "# Generated by tests/fmt-golden/gen.go with %s: do not edit.\n", goVersion())
	fmt.Fprintf(w, "# block<TAB>name<TAB>count<TAB>seed<TAB>sha256 of the outputs, one per line\n")
	for _, b := range strBlocks() {
		fmt.Fprintf(w, "block\t%s\t%d\t%d\t%s\n", b.name, b.count, b.seed, hashOf(func(emit func(string)) {
			b.run(&rng{b.seed}, emit)
		}))
	}
	// The runtime's printfloat, one line per value (explicit ones last).
	lines := strings.Split(strings.TrimSuffix(childStderr("printfloat"), "\n"), "\n")
	n := len(lines) - len(explicitFloats())
	fmt.Fprintf(w, "block\tprintfloat\t%d\t9\t%s\n", n, hashOf(func(emit func(string)) {
		for _, l := range lines[:n] {
			emit(l)
		}
	}))
	for i, v := range explicitFloats() {
		fmt.Fprintf(w, "printfloat\t%016x\t%s\n", math.Float64bits(v), lines[n+i])
	}
	for _, s := range []string{"", "abc", "héllo", "\xff", "a\x00b", "\u2028", "\U0001F600", "\ufeff", "`", "\t"} {
		fmt.Fprintf(w, "quote\t%x\t%s\t%s\t%v\n", s, strconv.Quote(s), strconv.QuoteToASCII(s), strconv.CanBackquote(s))
	}
	writePanics(w)
}

// ---------------------------------------------------------------------
// fuzz: random format strings over random catalog values

func (r *rng) pick(s string) byte { return s[r.next()%uint64(len(s))] }

func (r *rng) format() string {
	var b strings.Builder
	for n := r.intn(1, 3); n > 0; n-- {
		if r.next()%3 == 0 {
			b.WriteString("ab ")
		}
		b.WriteByte('%')
		for f := r.intn(0, 3); f > 0; f-- {
			b.WriteByte(r.pick("#0+- "))
		}
		if r.next()%8 == 0 {
			fmt.Fprintf(&b, "[%d]", r.intn(0, 4))
		}
		switch r.next() % 4 {
		case 0:
			fmt.Fprintf(&b, "%d", r.intn(0, 25))
		case 1:
			b.WriteByte('*')
		}
		switch r.next() % 4 {
		case 0:
			fmt.Fprintf(&b, ".%d", r.intn(0, 25))
		case 1:
			b.WriteString(".*")
		case 2:
			b.WriteByte('.')
		}
		if r.next()%10 == 0 {
			fmt.Fprintf(&b, "[%d]", r.intn(0, 4))
		}
		b.WriteByte(r.pick("vvvdsqxXoObcUeEfFgGtTp%w!z"))
	}
	return b.String()
}

// fuzzPool: catalog values whose printing never shows an address.
func fuzzPool() []entry {
	var pool []entry
	for _, e := range catalog {
		if !e.refs {
			pool = append(pool, e)
		}
	}
	return pool
}

func fuzzBlock(seed uint64, emit func(string)) {
	r := &rng{seed}
	pool := fuzzPool()
	for i := 0; i < 5000; i++ {
		f := r.format()
		var args []any
		for n := r.intn(0, 4); n > 0; n-- {
			args = append(args, pool[r.next()%uint64(len(pool))].v)
		}
		emit(fmt.Sprintf(f, args...))
	}
}

func writeFuzz(w *bufio.Writer) {
	fmt.Fprintf(w, "# Generated by tests/fmt-golden/gen.go with %s: do not edit.\n", goVersion())
	fmt.Fprintf(w, "# pool<TAB>the catalog values drawn from, in order\n")
	var names []string
	for _, e := range fuzzPool() {
		names = append(names, e.name)
	}
	fmt.Fprintf(w, "pool\t%s\n", strings.Join(names, " "))
	fmt.Fprintf(w, "# block<TAB>name<TAB>count<TAB>seed<TAB>sha256: random formats, random values\n")
	for i := 0; i < 40; i++ {
		seed := uint64(i+1) * 7919
		fmt.Fprintf(w, "block\tfuzz%d\t5000\t%d\t%s\n", i, seed, hashOf(func(emit func(string)) { fuzzBlock(seed, emit) }))
	}
}

// ---------------------------------------------------------------------
// panic values: printed by the runtime of a child process

type S struct{ A int }
type Ptr *int

var panicValues = map[string]any{
	"f64": 3.5, "f32": float32(3.5), "int8": int8(-3), "uint": uint(7),
	"bool": true, "string": "str\nline", "mystr": MyStr("x\"y"), "myint": MyInt(42),
	"myfloat": MyFloat(1.5), "mybool": MyBool(true), "myu8": MyU8(3), "struct": S{1},
	"nil": nil, "stringer": Str{}, "errt": ErrT{}, "perr": &PErr{}, "uintptr": uintptr(5),
	"1e300": 1e300, "f32tiny": float32(1e-40), "negzero": math.Copysign(0, -1),
	"errors_new": errors.New("an error"), "nan": math.NaN(), "ninf": math.Inf(-1),
	"ptr_nil": Ptr(nil), "slice": []int{1}, "map": map[int]int{}, "pstruct": &S{1},
}

type MyBool bool
type MyU8 uint8

func writePanics(w *bufio.Writer) {
	addr := regexp.MustCompile(`0x[0-9a-f]+`)
	for _, name := range sortedKeys(panicValues) {
		out := childStderr("panic:" + name)
		line := strings.SplitN(out, "\n", 2)[0]
		if name == "string" {
			line = strings.Join(strings.SplitN(out, "\n", 3)[:2], "\n")
		}
		line = strings.TrimPrefix(line, "panic: ")
		line = addr.ReplaceAllString(line, "0xADDR")
		fmt.Fprintf(w, "panic\t%s\t%q\n", name, line)
	}
}

func sortedKeys(m map[string]any) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	for i := range keys {
		for j := i + 1; j < len(keys); j++ {
			if keys[j] < keys[i] {
				keys[i], keys[j] = keys[j], keys[i]
			}
		}
	}
	return keys
}

// ---------------------------------------------------------------------

func goVersion() string {
	out, err := exec.Command("go", "env", "GOVERSION").Output()
	if err != nil {
		return "go"
	}
	return strings.TrimSpace(string(out))
}

func write(dir, name string, fill func(*bufio.Writer)) {
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	w := bufio.NewWriter(f)
	fill(w)
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	f.Close()
}

func dump(name string) {
	emit := func(s string) { fmt.Printf("%q\n", s) }
	for i, b := range floatBlocks() {
		if fmt.Sprintf("float%d", i) == name {
			b.run(emit)
		}
	}
	for _, b := range strBlocks() {
		if b.name == name {
			b.run(&rng{b.seed}, emit)
		}
	}
	for i := 0; i < 40; i++ {
		if fmt.Sprintf("fuzz%d", i) == name {
			fuzzBlock(uint64(i+1)*7919, emit)
		}
	}
}

func main() {
	if mode := os.Getenv("GML_FMT_GEN_CHILD"); mode != "" {
		if mode == "printfloat" {
			printFloats()
			return
		}
		panic(panicValues[strings.TrimPrefix(mode, "panic:")])
	}
	out := flag.String("out", "tests/fmt-golden", "directory for the golden files")
	dumpBlock := flag.String("dump", "", "print the outputs of one block, Go-quoted, one per line")
	flag.Parse()
	if *dumpBlock != "" {
		dump(*dumpBlock)
		return
	}
	write(*out, "printf.txt", writePrintf)
	write(*out, "floats.txt", writeFloats)
	write(*out, "strconv.txt", writeStrconv)
	write(*out, "fuzz.txt", writeFuzz)
}
