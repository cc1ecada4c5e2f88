package completion

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// An Error is one of LiteLLM's exceptions: its type name (BadRequestError,
// UnsupportedParamsError, ...), HTTP status, message and provider.
type Error struct {
	Type       string // LiteLLM's exception class name
	StatusCode int
	Message    string // the message without the "litellm.<Type>: " prefix
	Provider   string
	// Unprefixed marks a message that LiteLLM's str(e) shows as is, without
	// the "litellm.<Type>: " prefix (ContentPolicyViolationError's stacked
	// constructors put "litellm.BadRequestError: " first).
	Unprefixed bool
}

// Error returns the message as LiteLLM formats it: "litellm.<Type>: <message>".
func (e *Error) Error() string {
	if e.Unprefixed {
		return e.Message
	}
	return "litellm." + e.Type + ": " + e.Message
}

func newError(typ string, status int, provider, format string, args ...any) *Error {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	return &Error{Type: typ, StatusCode: status, Message: msg, Provider: provider}
}

// unsupportedParamsError is LiteLLM's UnsupportedParamsError (status 400 unless given).
func unsupportedParamsError(provider, format string, args ...any) *Error {
	return newError("UnsupportedParamsError", 400, provider, format, args...)
}

// pyRepr renders s like Python's repr of a str.
func pyRepr(s string) string {
	q := byte('\'')
	for i := 0; i < len(s); i++ {
		if s[i] == '\'' {
			q = '"'
			break
		}
	}
	for i := 0; i < len(s); i++ {
		if s[i] == '"' && q == '"' {
			q = '\''
			break
		}
	}
	out := []byte{q}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\':
			out = append(out, '\\', '\\')
		case c == q:
			out = append(out, '\\', c)
		case c == '\n':
			out = append(out, '\\', 'n')
		case c == '\t':
			out = append(out, '\\', 't')
		case c == '\r':
			out = append(out, '\\', 'r')
		default:
			out = append(out, c)
		}
	}
	return string(append(out, q))
}

// pyList renders names like Python's repr of a list of str.
func pyList(names []string) string {
	b := []byte{'['}
	for i, n := range names {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, pyRepr(n)...)
	}
	return string(append(b, ']'))
}

// pyNum renders a JSON number as Python prints the value the caller passed:
// integral values as ints (JSON integers arrive as float64), others like
// Python's repr of a float.
func pyNum(v any) string {
	switch x := v.(type) {
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e16 {
			return strconv.FormatInt(int64(x), 10)
		}
		return pyFloat(x)
	case Float:
		return pyFloat(float64(x)) // 0.0: Python's float
	case string:
		return x
	case bool:
		if x {
			return "True"
		}
		return "False"
	case nil:
		return "None"
	}
	return fmt.Sprint(v)
}

// pyFloat formats f like Python's repr(float).
func pyFloat(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	a := math.Abs(f)
	if a != 0 && (a < 1e-4 || a >= 1e16) {
		return strconv.FormatFloat(f, 'e', -1, 64) // Go writes e-05 and e+16 as Python does
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}
