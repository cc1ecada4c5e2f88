// Package infile reads llmbench's input files within stated limits and
// reports their problems in one form, "<what> (<file>:<line>:<column>)",
// with no Go type names.
//
// The limits hold for every input: a file is read up to MaxSize bytes (a
// device such as /dev/zero or an endless pipe is cut off there, not read
// until memory runs out), a line of a line-oriented file up to MaxLine
// bytes, and a JSON document nests at most MaxDepth levels (the same limit
// the pipeline's JSON encoder holds, see completion.MaxDepth).
package infile

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"reflect"
	"strconv"
	"strings"
)

// Limits of every input file.
const (
	// MaxSize is the largest input file, in bytes (64 MiB; LiteLLM's whole
	// model catalog is about 1 MiB).
	MaxSize = 64 << 20
	// MaxLine is the longest line of a line-oriented file such as a case
	// file, in bytes (1 MiB; the longest conformance case is 4 KiB).
	MaxLine = 1 << 20
)

// An Error is a problem with an input file, at a line and column when they
// are known (0 when not).
type Error struct {
	File      string
	Line, Col int
	Err       error
}

func (e *Error) Error() string { return e.Err.Error() + " (" + e.Where() + ")" }
func (e *Error) Unwrap() error { return e.Err }

// Where is "file", "file:line" or "file:line:col".
func (e *Error) Where() string {
	switch {
	case e.Line > 0 && e.Col > 0:
		return fmt.Sprintf("%s:%d:%d", e.File, e.Line, e.Col)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	return e.File
}

// Errorf returns an *Error about file at line (0: unknown) with a formatted
// message.
func Errorf(file string, line int, format string, args ...any) error {
	return &Error{File: file, Line: line, Err: fmt.Errorf(format, args...)}
}

// ErrTooLarge is matched (errors.Is) by the error for an input beyond
// MaxSize or a line beyond MaxLine.
var ErrTooLarge = errors.New("too large")

// limitError is a limit exceeded; it is ErrTooLarge.
type limitError string

func (e limitError) Error() string        { return string(e) }
func (e limitError) Is(target error) bool { return target == ErrTooLarge }

func tooLong() error  { return limitError("line longer than the " + Size(MaxLine) + " limit") }
func tooLarge() error { return limitError("input larger than the " + Size(MaxSize) + " limit") }

// Size formats a byte count the way limits are stated: "64 MiB".
func Size(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Load reads the file at path (at most MaxSize bytes) and decodes it with
// parse, which is given path as the name to use in its errors: the one way
// every input file of llmbench is read.
func Load[T any](path string, parse func(name string, data []byte) (T, error)) (T, error) {
	data, err := ReadFile(path)
	if err != nil {
		var zero T
		return zero, err
	}
	return parse(path, data)
}

// ReadFile reads the file at path, at most MaxSize bytes.
func ReadFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &Error{File: path, Err: bare(err)}
	}
	defer f.Close()
	return Read(path, f)
}

// Read reads r, named name in errors, at most MaxSize bytes.
func Read(name string, r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, &Error{File: name, Err: bare(err)}
	}
	if len(data) > MaxSize {
		return nil, &Error{File: name, Err: tooLarge()}
	}
	return data, nil
}

// Open opens path for Lines.
func Open(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &Error{File: path, Err: bare(err)}
	}
	return f, nil
}

// Lines calls fn with every line of r (without its line ending) and its
// 1-based number; name names r in errors. A line longer than MaxLine, or
// more than MaxSize bytes in all, is an *Error at that line; so is an error
// fn returns that is not already an *Error.
func Lines(name string, r io.Reader, fn func(line []byte, n int) error) error {
	sc := bufio.NewScanner(io.LimitReader(r, MaxSize+1))
	sc.Buffer(make([]byte, 0, 64<<10), MaxLine+1)
	n, total := 0, 0
	for sc.Scan() {
		n++
		b := sc.Bytes()
		total += len(b) + 1
		if len(b) > MaxLine {
			return &Error{File: name, Line: n, Err: tooLong()}
		}
		if total > MaxSize {
			return &Error{File: name, Line: n, Err: tooLarge()}
		}
		if err := fn(b, n); err != nil {
			var ie *Error
			if errors.As(err, &ie) {
				return err
			}
			return &Error{File: name, Line: n, Err: err}
		}
	}
	switch err := sc.Err(); {
	case errors.Is(err, bufio.ErrTooLong):
		return &Error{File: name, Line: n + 1, Err: tooLong()}
	case err != nil:
		return &Error{File: name, Line: n + 1, Err: bare(err)}
	}
	return nil
}

// bare strips the path from an *os.PathError, leaving the system's reason.
func bare(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Position returns the 1-based line and column of byte offset off in data.
func Position(data []byte, off int64) (line, col int) {
	off = max(0, min(off, int64(len(data))))
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(off) - bytes.LastIndexByte(before, '\n')
	return line, col
}

// DecodeJSON decodes the JSON document data (read from file) into v with
// encoding/json, rejecting unknown fields when strict, and turns its errors
// into *Error values that give the line and column and the field and
// types in JSON's terms: `field "litellm_provider": want a string, got a
// number (catalog.json:3:25)`.
func DecodeJSON(file string, data []byte, v any, strict bool) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if strict {
		dec.DisallowUnknownFields()
	}
	err := dec.Decode(v)
	if err == nil {
		end := dec.InputOffset()
		if _, terr := dec.Token(); terr != io.EOF {
			for end < int64(len(data)) && strings.IndexByte(" \t\r\n", data[end]) >= 0 {
				end++
			}
			line, col := Position(data, end)
			return &Error{File: file, Line: line, Col: col, Err: errors.New("malformed JSON: more data after the document")}
		}
		return nil
	}
	return JSONError(file, data, err)
}

// An OffsetError is a problem at byte Offset of a JSON document, such as
// one that nests too deeply; JSONError gives it a line and column.
type OffsetError struct {
	Offset int64
	Err    error
}

func (e *OffsetError) Error() string { return e.Err.Error() }
func (e *OffsetError) Unwrap() error { return e.Err }

// JSONError turns an error of encoding/json about data (read from file)
// into an *Error with the position and no Go type names.
func JSONError(file string, data []byte, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	var oe *OffsetError
	var ie *Error
	switch {
	case errors.As(err, &ie):
		return err
	case errors.As(err, &oe):
		line, col := Position(data, oe.Offset)
		return &Error{File: file, Line: line, Col: col, Err: oe.Err}
	case errors.As(err, &se):
		line, col := Position(data, syntaxOffset(data, se))
		return &Error{File: file, Line: line, Col: col, Err: fmt.Errorf("malformed JSON: %s", se.Error())}
	case errors.As(err, &te):
		line, col := Position(data, te.Offset-1)
		what := "want " + jsonType(te.Type) + ", got " + article(te.Value)
		if outOfRange(te) {
			what = strings.TrimPrefix(te.Value, "number ") + " is out of range"
		}
		if te.Field != "" {
			what = fmt.Sprintf("field %q: %s", te.Field, what)
		}
		return &Error{File: file, Line: line, Col: col, Err: errors.New(what)}
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		line, col := Position(data, int64(len(data)))
		return &Error{File: file, Line: line, Col: col, Err: errors.New("malformed JSON: unexpected end of input")}
	}
	msg := err.Error()
	if rest, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		return &Error{File: file, Err: fmt.Errorf("unknown field %s", rest)}
	}
	return &Error{File: file, Err: errors.New(strings.TrimPrefix(msg, "json: "))}
}

// outOfRange reports whether te is about a JSON number of the right kind
// that does not fit the Go number type (1e400 for a float64, 1e30 for an
// int).
func outOfRange(te *json.UnmarshalTypeError) bool {
	num, ok := strings.CutPrefix(te.Value, "number ")
	if !ok || te.Type == nil {
		return false
	}
	switch jsonType(te.Type) {
	case "a number":
		return true
	case "a whole number":
		return !strings.ContainsAny(num, ".eE") || isWholeFloat(num)
	}
	return false
}

// isWholeFloat reports whether num, a JSON number with a fraction or an
// exponent, is a whole number (1e30, 2.0).
func isWholeFloat(num string) bool {
	f, err := strconv.ParseFloat(num, 64)
	return err == nil && f == math.Trunc(f)
}

// Problem is what JSONError says about err, without a file or a position:
// `field "n": want a whole number, got a string`, for a document that is not
// a file (a driver's reply, say).
func Problem(data []byte, err error) error {
	var ie *Error
	if errors.As(JSONError("", data, err), &ie) {
		return ie.Err
	}
	return err
}

// syntaxOffset is the offset of the byte a *json.SyntaxError is about.
// encoding/json counts it in Offset when it scans a whole value (Unmarshal)
// and does not when a Decoder reads tokens; the offending character the
// message quotes tells which.
func syntaxOffset(data []byte, se *json.SyntaxError) int64 {
	off := se.Offset
	msg := se.Error()
	if i := strings.Index(msg, "invalid character '"); i >= 0 && off < int64(len(data)) {
		if rest := msg[i+len("invalid character '"):]; len(rest) >= 2 && rest[1] == '\'' && data[off] == rest[0] {
			if off == 0 || data[off-1] != rest[0] {
				return off
			}
		}
	}
	return max(0, off-1)
}

// jsonType names the JSON type a Go type decodes from.
func jsonType(t reflect.Type) string {
	if t == nil {
		return "a value"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	case reflect.Pointer:
		return jsonType(t.Elem())
	}
	return "a value"
}

// article puts an article before a JSON value kind of encoding/json
// ("string", "number", "number 1.5", "object", "array", "bool").
func article(v string) string {
	switch {
	case v == "bool":
		return "a boolean"
	case strings.HasPrefix(v, "number"):
		return "a " + v
	case v == "object" || v == "array":
		return "an " + v
	}
	return "a " + v
}
