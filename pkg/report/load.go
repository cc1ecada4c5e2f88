package report

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/llmbench/llmbench/pkg/bench"
	"github.com/llmbench/llmbench/pkg/infile"
	"github.com/llmbench/llmbench/pkg/profile"
	"github.com/llmbench/llmbench/pkg/regress"
)

// A Kind is the kind of a saved result: which command wrote it.
type Kind string

// The kinds of results llmbench writes.
const (
	KindBench   Kind = "bench"
	KindProfile Kind = "profile"
	KindRegress Kind = "regress"
)

// schemaPrefix maps the schema family of each kind ("llmbench.bench/" for
// every version of a bench result) to its kind.
var schemaPrefix = map[string]Kind{
	"llmbench.bench/":   KindBench,
	"llmbench.profile/": KindProfile,
	"llmbench.regress/": KindRegress,
}

// A Result is one saved result file, of one of the kinds; exactly one of
// Bench, Profile and Regress is set.
type Result struct {
	File    string
	Kind    Kind
	Bench   *bench.Result
	Profile *profile.Report
	Regress *regress.Report
}

// Bench, Profile and Regress wrap a result a command just measured, for
// Render.
func Bench(r *bench.Result) *Result { return &Result{Kind: KindBench, Bench: r} }

// Profile wraps a profile report for Render.
func Profile(r *profile.Report) *Result { return &Result{Kind: KindProfile, Profile: r} }

// Regress wraps a regress report for Render.
func Regress(r *regress.Report) *Result { return &Result{Kind: KindRegress, Regress: r} }

// Load reads a saved result: bench (`bench --out`), profile (`profile
// --format json`) or regress (`regress --format json`). Its errors are
// *infile.Error values naming the file (and the line where there is one).
func Load(path string) (*Result, error) {
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		return nil, infile.Errorf(path, 0, "not a regular file")
	}
	return infile.Load(path, Parse)
}

// Parse decodes a saved result; name is the file named in errors. The kind
// comes from the "schema" field; each kind is then decoded and checked by
// its own package (bench.ParseResult, profile.ParseReport,
// regress.ParseReport).
func Parse(name string, data []byte) (*Result, error) {
	bad := func(format string, args ...any) error {
		return infile.Errorf(name, 0, format, args...)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, bad("empty file: not an llmbench result")
	}
	var doc any
	if err := infile.DecodeJSON(name, data, &doc, false); err != nil {
		return nil, err // malformed or truncated, with the line and column
	}
	obj, ok := doc.(map[string]any)
	if !ok {
		return nil, bad("not an llmbench result: the JSON is not an object")
	}
	schema, ok := obj["schema"].(string)
	if !ok {
		return nil, bad("not an llmbench result: no \"schema\" string (want %s)", wantSchemas())
	}
	kind := Kind("")
	for prefix, k := range schemaPrefix {
		if strings.HasPrefix(schema, prefix) {
			kind = k
		}
	}
	res := &Result{File: name, Kind: kind}
	var err error
	switch kind {
	case KindBench:
		res.Bench, err = bench.ParseResult(name, data)
	case KindProfile:
		res.Profile, err = profile.ParseReport(name, data)
	case KindRegress:
		res.Regress, err = regress.ParseReport(name, data)
	default:
		return nil, bad("not an llmbench result: schema %q (want %s)", clip(schema), wantSchemas())
	}
	if err != nil {
		// The kind's package names the file (and line) in an *infile.Error;
		// say which kind of result it read, and name the file once.
		var ie *infile.Error
		if errors.As(err, &ie) {
			return nil, &infile.Error{File: ie.File, Line: ie.Line, Col: ie.Col, Err: fmt.Errorf("%s result: %w", kind, ie.Err)}
		}
		return nil, bad("%s result: %s", kind, strings.ReplaceAll(err.Error(), "\n", " "))
	}
	return res, nil
}

func wantSchemas() string {
	return strings.Join([]string{bench.Schema, profile.Schema, regress.Schema}, ", ")
}

// clip shortens a string from a file for a one-line message.
func clip(s string) string {
	if len(s) > 60 {
		return s[:57] + "..."
	}
	return s
}
