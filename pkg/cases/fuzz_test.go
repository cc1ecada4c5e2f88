package cases

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/llmbench/llmbench/pkg/completion"
	"github.com/llmbench/llmbench/pkg/infile"
)

// FuzzParseCase: any line gives a case or an error, never a panic; a parsed
// case runs through both variants without panicking (Run recovers, so a
// panic shows as an "Exception: panic" error in Got).
func FuzzParseCase(f *testing.F) {
	for _, path := range []string{"../../testdata/cases/litellm-tests.jsonl", "../../testdata/cases/litellm-completions.jsonl"} {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		for i, line := range bytes.Split(data, []byte("\n")) {
			if i%25 == 0 && len(line) > 0 {
				f.Add(line)
			}
		}
	}
	f.Add([]byte(`{"id":"x","model":"gpt-4o","params":{"temperature":"hot"},"expect":{}}`))
	f.Add([]byte(`{"id":"x","model":"gpt-4o","stage":"map_openai_params","optional_params_in":{"a":1},"settings":{"drop_params":true,"custom_provider_map":[{"provider":"p"}]},"expect":{}}`))
	f.Add([]byte(`{not json`))
	f.Fuzz(func(t *testing.T, line []byte) {
		c, err := ParseCase(line)
		if err != nil {
			if c != nil {
				t.Fatalf("ParseCase returned a case and an error %v", err)
			}
			return
		}
		if c.ID == "" || c.Request == nil {
			t.Fatalf("ParseCase accepted a case without id or request: %s", line)
		}
		if n, ok := c.Request.Params[paramN(t)].(float64); ok && n > 1000 {
			t.Skip("n too large to materialize") // mock_completion builds n choices
		}
		for _, v := range []*completion.Variant{completion.Baseline, completion.Optimized} {
			o := Run(context.Background(), v, completion.Options{}, c)
			if strings.Contains(o.Got, "panic:") {
				t.Fatalf("variant %s panicked on %s:\n%s", v.Name, line, o.Got)
			}
		}
	})
}

func paramN(t *testing.T) completion.Param {
	p, ok := completion.ParamByName("n")
	if !ok {
		t.Fatal("no param n")
	}
	return p
}

// FuzzParse: a whole case file, any bytes: cases with ids unique in the
// file and their lines, or an error naming the file and a line.
func FuzzParse(f *testing.F) {
	f.Add([]byte("{\"id\":\"a\",\"model\":\"gpt-4o\",\"expect\":{}}\n# comment\n\n{\"id\":\"b\",\"model\":\"gpt-4o\",\"expect\":{}}\n"))
	f.Add([]byte("{\"id\":\"a\",\"model\":\"gpt-4o\",\"expect\":{}}\n{\"id\":\"a\",\"model\":\"gpt-4o\",\"expect\":{}}"))
	f.Add([]byte("[[[[[[\n{not json"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cs, err := Parse("f.jsonl", bytes.NewReader(data))
		if err != nil {
			var ie *infile.Error
			if !errors.As(err, &ie) || ie.File != "f.jsonl" || ie.Line < 1 || strings.Contains(err.Error(), "Go ") {
				t.Fatalf("error %q: want one naming f.jsonl and a line", err)
			}
			return
		}
		seen := map[string]bool{}
		for _, c := range cs {
			if seen[c.ID] || c.Line < 1 || c.File != "f.jsonl" {
				t.Fatalf("case %q at line %d: duplicate or unplaced", c.ID, c.Line)
			}
			seen[c.ID] = true
		}
	})
}
