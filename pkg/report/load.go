package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/llmbench/llmbench/pkg/bench"
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

// A FileError is a file that cannot be reported on: unreadable, not JSON,
// not an llmbench result, or not one that fits with the others. Its message
// is one line: what is wrong, then the file in parentheses.
type FileError struct {
	File string
	Msg  string
}

func (e *FileError) Error() string { return e.Msg + " (" + e.File + ")" }

// MaxFileSize is the largest result file Load reads: a default bench run
// writes about 100 kB, so anything near this is not a result.
const MaxFileSize = 64 << 20

// Load reads a saved result: bench (`bench --out`), profile (`profile
// --format json`) or regress (`regress --format json`).
func Load(path string) (*Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &FileError{File: path, Msg: "cannot read: " + pathErr(err)}
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && !fi.Mode().IsRegular() {
		return nil, &FileError{File: path, Msg: "not a regular file"}
	}
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(io.LimitReader(f, MaxFileSize+1)); err != nil {
		return nil, &FileError{File: path, Msg: "cannot read: " + pathErr(err)}
	}
	if buf.Len() > MaxFileSize {
		return nil, &FileError{File: path, Msg: fmt.Sprintf("larger than %d MiB: not an llmbench result", MaxFileSize>>20)}
	}
	return Parse(path, buf.Bytes())
}

func pathErr(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Parse decodes a saved result; name is the file named in errors. The kind
// comes from the "schema" field; each kind is then decoded and checked by
// its own package (bench.ParseResult, profile.ParseReport,
// regress.ParseReport).
func Parse(name string, data []byte) (*Result, error) {
	bad := func(format string, args ...any) error {
		return &FileError{File: name, Msg: fmt.Sprintf(format, args...)}
	}
	if err := syntaxCheck(data); err != nil {
		return nil, bad("%s", err)
	}
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, bad("not an llmbench result: the JSON is not an object")
	}
	raw, ok := probe["schema"]
	var schema string
	if !ok || json.Unmarshal(raw, &schema) != nil {
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
		// The packages name the file first ("bench result a.json: ..."); a
		// FileError names it last.
		msg := err.Error()
		for _, noun := range []string{" result ", " report "} {
			msg = strings.TrimPrefix(msg, string(kind)+noun+name+": ")
		}
		return nil, bad("%s result: %s", kind, strings.ReplaceAll(msg, "\n", " "))
	}
	return res, nil
}

func wantSchemas() string {
	return strings.Join([]string{bench.Schema, profile.Schema, regress.Schema}, ", ")
}

// syntaxCheck reports malformed or truncated JSON with the line it happens
// on.
func syntaxCheck(data []byte) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return errors.New("empty file: not an llmbench result")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	var v json.RawMessage
	err := dec.Decode(&v)
	if err == nil {
		if _, extra := dec.Token(); extra == nil {
			return fmt.Errorf("malformed JSON: more than one value (line %d)", lineOf(data, dec.InputOffset()))
		}
		return nil
	}
	var se *json.SyntaxError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("truncated JSON: the file ends at line %d before the document does", lineOf(data, int64(len(data))))
	case errors.As(err, &se):
		return fmt.Errorf("malformed JSON at line %d: %s", lineOf(data, se.Offset), se.Error())
	}
	return fmt.Errorf("malformed JSON: %v", err)
}

func lineOf(data []byte, offset int64) int {
	offset = min(max(offset, 0), int64(len(data)))
	return 1 + bytes.Count(data[:offset], []byte("\n"))
}

// clip shortens a string from a file for a one-line message.
func clip(s string) string {
	if len(s) > 60 {
		return s[:57] + "..."
	}
	return s
}
