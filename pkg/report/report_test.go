package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/llmbench/llmbench/internal/golden"
	"github.com/llmbench/llmbench/pkg/bench"
	"github.com/llmbench/llmbench/pkg/profile"
	"github.com/llmbench/llmbench/pkg/regress"
)

func load(t *testing.T, name string) *Result {
	t.Helper()
	r, err := Load(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// scaled is a copy of the bench result in file with every per-batch time
// (wall and CPU) multiplied by k, saved as another file.
func scaled(t *testing.T, file string, k float64) *Result {
	t.Helper()
	r := load(t, file)
	var buf bytes.Buffer
	if err := bench.WriteJSON(&buf, r.Bench); err != nil {
		t.Fatal(err)
	}
	c, err := Parse("slow.json", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	for i := range c.Bench.Variants {
		v := &c.Bench.Variants[i]
		for j := range v.Samples {
			v.Samples[j] *= k
		}
		for j := range v.SamplesCPU {
			v.SamplesCPU[j] *= k
		}
		v.NsPerOp, v.CPUNsPerOp = bench.Summarize(v.Samples), bench.Summarize(v.SamplesCPU)
	}
	return c
}

func TestRender(t *testing.T) {
	for _, file := range []string{"bench.json", "bench-ablation.json", "bench-old.json", "profile.json", "regress.json"} {
		r := load(t, file)
		for _, format := range Formats(r.Kind) {
			t.Run(strings.TrimSuffix(file, ".json")+"/"+format, func(t *testing.T) {
				var buf bytes.Buffer
				if err := Render(&buf, r, format); err != nil {
					t.Fatal(err)
				}
				golden.Check(t, buf.Bytes())
			})
		}
	}
}

func TestRenderReusesEachKindsRenderer(t *testing.T) {
	// A saved result re-rendered in one of its kind's own formats is what
	// the kind's own renderer writes.
	for _, file := range []string{"bench.json", "profile.json", "regress.json"} {
		r := load(t, file)
		own := map[Kind]func(w *bytes.Buffer, format string) error{
			KindBench:   func(w *bytes.Buffer, f string) error { return bench.Render(w, r.Bench, f) },
			KindProfile: func(w *bytes.Buffer, f string) error { return profile.Render(w, r.Profile, f) },
			KindRegress: func(w *bytes.Buffer, f string) error { return regress.Render(w, r.Regress, f) },
		}[r.Kind]
		for _, format := range Formats(r.Kind) {
			var want bytes.Buffer
			if own(&want, format) != nil {
				continue // a format this package adds
			}
			var got bytes.Buffer
			if err := Render(&got, r, format); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Errorf("%s as %s differs from the %s package's rendering", file, format, r.Kind)
			}
		}
	}
}

func TestRenderUnknownFormatForKind(t *testing.T) {
	tests := []struct{ file, format, want string }{
		{"profile.json", "gobench", "format gobench does not apply to a profile result (formats: table, markdown, json, html) (testdata/profile.json)"},
		{"regress.json", "bmf", "format bmf does not apply to a regress result (formats: table, markdown, json, junit, html) (testdata/regress.json)"},
		{"bench.json", "junit", "format junit does not apply to a bench result"},
	}
	for _, tt := range tests {
		err := Render(&bytes.Buffer{}, load(t, tt.file), tt.format)
		if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("Render(%s, %s) = %v, want one line containing %q", tt.file, tt.format, err, tt.want)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	good, err := os.ReadFile("testdata/bench.json")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, data, want string }{
		{"foreign", `{"hello": 1}`, `not an llmbench result: no "schema" string (want llmbench.bench/v2, llmbench.profile/v1, llmbench.regress/v1)`},
		{"other tool", `{"schema": "https://json.schemastore.org/package", "name": "x"}`, `not an llmbench result: schema "https://json.schemastore.org/package"`},
		{"array", `[1, 2]`, "not an llmbench result: the JSON is not an object"},
		{"empty", "  \n", "empty file: not an llmbench result"},
		{"truncated", string(good[:len(good)/2]), "malformed JSON: unexpected end of input"},
		{"malformed", "{\n\"schema\": \"llmbench.bench/v1\",\n}", "malformed JSON: invalid character '}'"},
		{"two values", `{"schema": "llmbench.bench/v1"} {}`, "malformed JSON: more data after the document"},
		{"bad bench", `{"schema": "llmbench.bench/v1", "variants": [{"name": "b"}]}`, "bench result: variants[0] has no name or no samples_ns_per_op"},
		{"other version", `{"schema": "llmbench.bench/v9", "variants": []}`, `bench result: schema "llmbench.bench/v9"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.json")
			if err := os.WriteFile(path, []byte(tt.data), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Load(path)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !namesFile(err, path) || strings.Contains(err.Error(), "\n") {
				t.Errorf("Load = %v\nwant one line containing %q and ending with (%s[:line:col])", err, tt.want, path)
			}
		})
	}
	for _, path := range []string{t.TempDir(), filepath.Join(t.TempDir(), "missing.json")} {
		if _, err := Load(path); err == nil || !namesFile(err, path) {
			t.Errorf("Load(%s) = %v, want an error naming the file", path, err)
		}
	}
}

// namesFile reports whether err ends with the file in parentheses, with or
// without a line and column.
func namesFile(err error, path string) bool {
	return regexp.MustCompile(`\(` + regexp.QuoteMeta(path) + `(:\d+(:\d+)?)?\)$`).MatchString(err.Error())
}

func TestOldBenchResultStaysReadable(t *testing.T) {
	r := load(t, "bench-old.json")
	for _, v := range r.Bench.Variants {
		if v.SamplesGC != nil || v.LatencyHistogram != nil {
			t.Fatalf("fixture %s has the new fields", r.File)
		}
	}
	var buf bytes.Buffer
	if err := Render(&buf, r, "html"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"does not record GC cycles per batch", "records no latency distribution"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("the HTML report of an old result does not say %q", want)
		}
	}
}

func TestPaletteInGrayscale(t *testing.T) {
	// The first four series must differ in lightness as well as in colour,
	// marker and dashes.
	for i := 0; i < 4; i++ {
		for j := i + 1; j < 4; j++ {
			li, lj := lightness(palette[i].color), lightness(palette[j].color)
			if d := li - lj; d < 10 && d > -10 {
				t.Errorf("series %d and %d: lightness %.0f and %.0f, want at least 10 apart", i, j, li, lj)
			}
		}
	}
	seen := map[string]bool{}
	for i, s := range palette {
		k := strings.TrimSpace(strings.Join([]string{typeName(s.glyph), dashKey(s)}, " "))
		if seen[k] {
			t.Errorf("series %d repeats marker and dashes %s", i, k)
		}
		seen[k] = true
	}
}

func typeName(v any) string { return fmt.Sprintf("%T", v) }

func dashKey(s seriesStyle) string { b, _ := json.Marshal(s.dashes); return string(b) }

func FuzzParse(f *testing.F) {
	for _, file := range []string{"bench.json", "profile.json", "regress.json"} {
		data, err := os.ReadFile(filepath.Join("testdata", file))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"schema": "llmbench.bench/v1", "variants": [{"name": "b", "samples_ns_per_op": [1]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Parse("f.json", data)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error of more than one line: %q", err)
			}
			return
		}
		// Whatever parses renders in every format of its kind.
		for _, format := range Formats(r.Kind) {
			if err := Render(&bytes.Buffer{}, r, format); err != nil {
				t.Fatalf("Render(%s): %v", format, err)
			}
		}
	})
}

func TestAblationChart(t *testing.T) {
	// The result with an ablation comes from bench --ablate; here the
	// chart's input is written out to check what the chart says.
	r := load(t, "bench.json")
	g := func(x, lo, hi float64) bench.Gain { return bench.Gain{GainPct: x, CILow: lo, CIHigh: hi} }
	r.Bench.Ablation = &bench.Ablation{Variant: "summary", Baseline: "baseline", Total: g(4, 1, 7), Claimed: "17-20%",
		Changes: []bench.ChangeGain{
			{Name: "providers-set", Task: "1", Claimed: "6.5%", Alone: g(3, 2, 4), Marginal: g(2.5, 1, 4)},
			{Name: "preprocess-loop", Task: "3", Alone: g(-1.5, -3, 0), Marginal: g(-1, -2.5, 0.5)},
		},
		Interaction: g(2.5, -1, 6), Method: "paired per-batch ratios"}
	var buf bytes.Buffer
	if err := Render(&buf, r, FormatHTML); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	if !strings.Contains(page, `<figure class="chart" id="ablation">`) {
		t.Fatal("no ablation chart")
	}
	for _, want := range []string{"total (claimed 17-20%)",
		"providers-set (task 1, claimed 6.5%)", "+3.0% [+2.0, +4.0]", "-1.5% [-3.0, +0.0]", "interaction", "+2.5 pp [-1.0, +6.0]",
		"alone on baseline", "inside summary", "summary against summary-C"} {
		if !strings.Contains(page, html.EscapeString(want)) {
			t.Errorf("the ablation chart lacks %q", want)
		}
	}
}

// TestHTMLOfARunWithNoBatch: a bench interrupted before its first batch
// finished renders as a page without charts, not as an error or a hang
// (gonum's tick search never ends on an axis of NaN).
func TestHTMLOfARunWithNoBatch(t *testing.T) {
	r := load(t, "bench.json")
	b := *r.Bench
	b.Interrupted = true
	b.Ablation = nil
	b.Variants = append([]bench.Variant(nil), b.Variants...)
	for i := range b.Variants {
		v := &b.Variants[i]
		v.Samples, v.SamplesCPU, v.SamplesAllocs, v.SamplesBytes, v.SamplesGC = nil, nil, nil, nil, nil
		v.NsPerOp, v.CPUNsPerOp = bench.Summarize(nil), bench.Summarize(nil)
	}
	var buf bytes.Buffer
	if err := Render(&buf, Bench(&b), "html"); err != nil {
		t.Fatalf("html of a run with no batch: %v", err)
	}
	if s := buf.String(); !strings.Contains(s, "No batch finished") || strings.Contains(s, "<svg") {
		t.Errorf("want a page that says no batch finished and draws no chart")
	}
}
