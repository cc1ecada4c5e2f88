package workload

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/llmbench/llmbench/pkg/completion"
	"github.com/llmbench/llmbench/pkg/infile"
)

func TestDefaultWorkloadRunsClean(t *testing.T) {
	for _, v := range []string{"baseline", "optimized"} {
		p, err := completion.New(v, completion.Options{})
		if err != nil {
			t.Fatal(err)
		}
		w := Default()
		if err := w.Check(func(r *completion.Request) error {
			_, err := p.Complete(context.Background(), r)
			return err
		}); err != nil {
			t.Errorf("%s: %v", v, err)
		}
	}
}

func TestRequestsAreDeterministicAndWeighted(t *testing.T) {
	w := Default()
	a, b := w.Requests(5000, 7), w.Requests(5000, 7)
	counts := map[string]int{}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("Requests(5000, 7) differs at %d between two calls", i)
		}
		counts[a[i].Model]++
	}
	// openai/gpt-4o templates weigh 30 of 100: expect about 1500 of 5000.
	if n := counts["openai/gpt-4o"]; n < 1300 || n > 1700 {
		t.Errorf("openai/gpt-4o drawn %d times of 5000, want about 1500", n)
	}
	if c := w.Requests(10, 8); c[0] == a[0] && c[1] == a[1] && c[2] == a[2] && c[3] == a[3] {
		t.Errorf("different seeds gave the same first requests")
	}
}

func TestLookup(t *testing.T) {
	if w, err := Lookup("seed"); err != nil || w.Templates[0].Request.Model != "openai/gpt-4o" {
		t.Errorf("Lookup(seed) = %v, %v", w, err)
	}
	if _, err := Lookup("nosuch"); err == nil || !strings.Contains(err.Error(), "unknown workload") {
		t.Errorf("Lookup(nosuch) error = %v", err)
	}
	dir := t.TempDir()
	good := filepath.Join(dir, "w.json")
	os.WriteFile(good, []byte(`{"name":"mine","requests":[{"model":"gpt-4o","weight":2,"params":{"temperature":0.1}}]}`), 0o644)
	w, err := Lookup(good)
	if err != nil || w.Name != "mine" || w.Templates[0].Weight != 2 || !w.Templates[0].Request.HasMock {
		t.Errorf("Lookup(file) = %+v, %v", w, err)
	}
	for _, tt := range []struct{ body, want string }{
		{`garbage`, "malformed JSON"},
		{`{"requests":[]}`, "non-empty list"},
		{`{"requests":[{"weight":1}]}`, "has no model"},
		{`{"requests":[{"model":"gpt-4o","weight":-1}]}`, "positive number"},
		{`{"requests":[{"model":"gpt-4o","temperature":"hot"}]}`, "temperature must be a number"},
	} {
		bad := filepath.Join(dir, "bad.json")
		os.WriteFile(bad, []byte(tt.body), 0o644)
		if _, err := Load(bad); err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "bad.json") {
			t.Errorf("Load(%s) error = %v, want it to name the file and contain %q", tt.body, err, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add(`{"requests":[{"model":"gpt-4o"}]}`)
	f.Add(`{"name":"x","requests":[{"model":"anthropic/claude-3-5-sonnet-20240620","weight":3,"params":{"stop":"a"}}]}`)
	f.Add(`{"requests":[{"model":"gpt-4o","weight":1e308},{"model":"gpt-4o","weight":1e308}]}`)
	f.Add(`{"requests":[{"model":"gpt-4o","metadata":` + strings.Repeat("[", 1001) + strings.Repeat("]", 1001) + `}]}`)
	f.Fuzz(func(t *testing.T, data string) {
		w, err := Parse("fuzz.json", []byte(data))
		if err != nil {
			var ie *infile.Error
			if !errors.As(err, &ie) || ie.File != "fuzz.json" || strings.Contains(err.Error(), "\n") || strings.Contains(err.Error(), "Go ") {
				t.Fatalf("error %q: want one line naming fuzz.json in JSON's terms", err)
			}
			return
		}
		if len(w.Templates) == 0 {
			t.Fatal("Parse returned a workload with no templates")
		}
		_ = w.Requests(3, 1)
	})
}
