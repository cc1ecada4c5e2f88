package completion

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/llmbench/llmbench/pkg/infile"
)

// A Member is one key/value pair of an Object.
type Member struct {
	Key   string
	Value any
}

// An Object is a JSON object that keeps its keys in insertion order.
//
// Values held in an Object (and in the []any lists inside it) are always one
// of: nil, bool, float64, Float, string, []any or Object. Pipelines never modify a
// value they did not create, so decoded requests can be shared by goroutines.
type Object []Member

// A Float is a JSON number written with a fraction or an exponent whose
// value is integral (0.0, 1.0, 2e0). Python's json.loads makes a float of it
// and LiteLLM's messages then show "0.0" where a JSON integer shows "0", so
// decoding keeps the difference; every other number is a float64. Num reads
// both.
type Float float64

// Num returns the value of a JSON number (a float64 or a Float).
func Num(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case Float:
		return float64(x), true
	}
	return 0, false
}

// Get returns the value stored under key and whether the key exists.
func (o Object) Get(key string) (any, bool) {
	for i := range o {
		if o[i].Key == key {
			return o[i].Value, true
		}
	}
	return nil, false
}

// Has reports whether key exists.
func (o Object) Has(key string) bool {
	_, ok := o.Get(key)
	return ok
}

// Set stores value under key, replacing an existing value in place.
func (o *Object) Set(key string, value any) {
	for i := range *o {
		if (*o)[i].Key == key {
			(*o)[i].Value = value
			return
		}
	}
	*o = append(*o, Member{key, value})
}

// Delete removes key, keeping the order of the others.
func (o *Object) Delete(key string) {
	for i := range *o {
		if (*o)[i].Key == key {
			*o = append((*o)[:i:i], (*o)[i+1:]...)
			return
		}
	}
}

// indexMin is the number of keys from which a keyIndex looks keys up in a
// map. Below it a linear scan is faster and allocates nothing, which is what
// almost every object of a request (a handful of params) gets.
const indexMin = 16

// A keyIndex makes repeated Set and Delete calls on one Object cost
// constant time each once the object holds indexMin keys, so that filling
// an object with n keys costs O(n), as it does for a Python dict, instead of
// the O(n^2) of n linear scans. The zero value is ready to use; an index
// belongs to one Object, which must not be changed except through it while
// the index is in use, and release gives its map back for reuse.
type keyIndex struct {
	pos map[string]int
	// hint is how many keys the object will hold at most, when the caller
	// knows: the map and the object are sized for it once instead of
	// growing step by step.
	hint int
}

// keyIndexMaps recycles the maps of released indexes, so that a request
// with many extras does not allocate two large maps every time.
var keyIndexMaps = sync.Pool{New: func() any { return map[string]int(nil) }}

// maxPooledIndex is the largest map keyIndexMaps keeps.
const maxPooledIndex = 4096

// set is o.Set(key, value) through the index.
func (ix *keyIndex) set(o *Object, key string, value any) {
	if ix.pos == nil {
		if len(*o) < indexMin {
			o.Set(key, value)
			return
		}
		ix.build(*o)
		if ix.hint > cap(*o) {
			*o = append(make(Object, 0, ix.hint), *o...)
		}
	}
	if i, ok := ix.pos[key]; ok {
		(*o)[i].Value = value
		return
	}
	ix.pos[key] = len(*o)
	*o = append(*o, Member{key, value})
}

// delete is o.Delete(key) through the index.
func (ix *keyIndex) delete(o *Object, key string) {
	if ix.pos == nil {
		o.Delete(key)
		return
	}
	i, ok := ix.pos[key]
	if !ok {
		return
	}
	*o = append((*o)[:i:i], (*o)[i+1:]...)
	delete(ix.pos, key)
	for j := i; j < len(*o); j++ {
		ix.pos[(*o)[j].Key] = j
	}
}

// build indexes o's keys; a repeated key (possible only in objects built by
// appending) keeps its first position, the one Set and Get find.
func (ix *keyIndex) build(o Object) {
	ix.pos = keyIndexMaps.Get().(map[string]int)
	if ix.pos == nil {
		ix.pos = make(map[string]int, max(2*len(o), ix.hint))
	}
	for i := len(o) - 1; i >= 0; i-- {
		ix.pos[o[i].Key] = i
	}
}

// release ends the index's use and recycles its map.
func (ix *keyIndex) release() {
	if ix.pos == nil {
		return
	}
	if len(ix.pos) <= maxPooledIndex {
		clear(ix.pos)
		keyIndexMaps.Put(ix.pos)
	}
	ix.pos = nil
}

// Clone returns a shallow copy of o.
func (o Object) Clone() Object {
	if o == nil {
		return nil
	}
	return append(Object(nil), o...)
}

// MarshalJSON writes o with its keys in order.
func (o Object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	if err := writeJSON(&b, o, 0, true); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// UnmarshalJSON decodes a JSON object keeping key order.
func (o *Object) UnmarshalJSON(data []byte) error {
	v, err := DecodeValue(data)
	if err != nil {
		return err
	}
	obj, ok := v.(Object)
	if !ok {
		return fmt.Errorf("want a JSON object, got %s", TypeName(v))
	}
	*o = obj
	return nil
}

// MaxDepth is how deeply JSON values may nest, for decoding and encoding
// alike: deeper input is refused with an error instead of exhausting the
// stack. Python's json module stops near the same depth (its recursion
// limit).
const MaxDepth = 1000

// errTooDeep is the error for a value nested beyond MaxDepth.
var errTooDeep = fmt.Errorf("JSON nested more than %d levels deep", MaxDepth)

// DecodeValue decodes one JSON value into the Object value model. Its
// errors about the input (malformed JSON, a number out of range, nesting
// beyond MaxDepth) are *json.SyntaxError or *infile.OffsetError values that
// carry the byte offset (infile.JSONError turns them into a line and
// column).
func DecodeValue(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := decodeValue(dec, 0)
	if err != nil {
		return nil, err
	}
	end := dec.InputOffset()
	if _, err := dec.Token(); err != io.EOF {
		for end < int64(len(data)) && bytes.IndexByte([]byte(" \t\r\n"), data[end]) >= 0 {
			end++
		}
		return nil, &infile.OffsetError{Offset: end, Err: errors.New("malformed JSON: more data after the value")}
	}
	return v, nil
}

func decodeValue(dec *json.Decoder, depth int) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		if err == io.EOF {
			return nil, &infile.OffsetError{Offset: dec.InputOffset(), Err: errors.New("malformed JSON: unexpected end of input")}
		}
		return nil, err
	}
	if t, ok := tok.(json.Delim); ok && depth >= MaxDepth && (t == '{' || t == '[') {
		return nil, &infile.OffsetError{Offset: dec.InputOffset() - 1, Err: errTooDeep}
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			obj := Object{}
			var ix keyIndex // an object with many keys decodes in linear time
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k, _ := kt.(string)
				v, err := decodeValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				ix.set(&obj, k, v) // a repeated key keeps its place and takes the last value
			}
			ix.release()
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return obj, nil
		case '[':
			list := []any{}
			for dec.More() {
				v, err := decodeValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				list = append(list, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return list, nil
		}
		return nil, fmt.Errorf("unexpected %v", t)
	case json.Number:
		f, err := strconv.ParseFloat(string(t), 64)
		if err != nil {
			return nil, &infile.OffsetError{Offset: dec.InputOffset() - int64(len(t)), Err: fmt.Errorf("number %s is out of range", t)}
		}
		if f == math.Trunc(f) && strings.ContainsAny(string(t), ".eE") {
			return Float(f), nil
		}
		return f, nil
	default:
		return t, nil // nil, bool, string
	}
}

// ToValue converts a value built from Go maps, slices and numbers (as
// encoding/json produces them, or as tests write them) into the Object value
// model. Map keys are sorted, since Go maps have no order.
func ToValue(v any) any {
	switch x := v.(type) {
	case nil, bool, string, float64, Float, Object:
		return x
	case int:
		return float64(x)
	case int64:
		return float64(x)
	case float32:
		return float64(x)
	case json.Number:
		f, _ := x.Float64()
		return f
	case []any:
		out := make([]any, len(x))
		for i := range x {
			out[i] = ToValue(x[i])
		}
		return out
	case []string:
		out := make([]any, len(x))
		for i := range x {
			out[i] = x[i]
		}
		return out
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		obj := make(Object, 0, len(x))
		for _, k := range keys {
			obj = append(obj, Member{k, ToValue(x[k])})
		}
		return obj
	}
	return v
}

// Equal reports whether a and b are the same JSON value. Object key order
// does not matter; numbers compare as numbers.
func Equal(a, b any) bool {
	switch x := a.(type) {
	case nil:
		return b == nil
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case float64:
		y, ok := Num(b)
		return ok && x == y
	case Float:
		y, ok := Num(b)
		return ok && float64(x) == y
	case string:
		y, ok := b.(string)
		return ok && x == y
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !Equal(x[i], y[i]) {
				return false
			}
		}
		return true
	case Object:
		y, ok := b.(Object)
		if !ok || len(x) != len(y) {
			return false
		}
		if len(y) >= indexMin {
			var ix keyIndex
			ix.build(y)
			defer ix.release()
			for _, m := range x {
				i, ok := ix.pos[m.Key]
				if !ok || !Equal(m.Value, y[i].Value) {
					return false
				}
			}
			return true
		}
		for _, m := range x {
			v, ok := y.Get(m.Key)
			if !ok || !Equal(m.Value, v) {
				return false
			}
		}
		return true
	}
	return false
}

// TypeName names the JSON type of v, for error messages.
func TypeName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64, Float:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case Object:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// MarshalValue encodes v as compact JSON with object keys in order.
func MarshalValue(v any) ([]byte, error) {
	var b bytes.Buffer
	if err := writeJSON(&b, v, 0, true); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// MarshalValueText is MarshalValue without escaping <, > and & in strings,
// for files people read (case files with their "<id>" placeholders).
func MarshalValueText(v any) ([]byte, error) {
	var b bytes.Buffer
	if err := writeJSON(&b, v, 0, false); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// jsonString encodes s, escaping HTML characters when html is set.
func jsonString(b *bytes.Buffer, s string, html bool) {
	if html {
		enc, _ := json.Marshal(s)
		b.Write(enc)
		return
	}
	e := json.NewEncoder(b)
	e.SetEscapeHTML(false)
	_ = e.Encode(s)
	b.Truncate(b.Len() - 1) // Encode's newline
}

// writeJSON encodes v at nesting level depth; like decoding, it refuses
// values nested beyond MaxDepth.
func writeJSON(b *bytes.Buffer, v any, depth int, html bool) error {
	switch v.(type) {
	case []any, Object:
		if depth >= MaxDepth {
			return errTooDeep
		}
	}
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case float64:
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return fmt.Errorf("unsupported number %v", x)
		}
		enc, _ := json.Marshal(x)
		b.Write(enc)
	case Float:
		if math.IsInf(float64(x), 0) {
			return fmt.Errorf("unsupported number %v", x)
		}
		b.WriteString(pyFloat(float64(x))) // 1.0, 1e+16: as json.dumps writes the float
	case string:
		jsonString(b, x, html)
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := writeJSON(b, e, depth+1, html); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case Object:
		b.WriteByte('{')
		for i, m := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			jsonString(b, m.Key, html)
			b.WriteByte(':')
			if err := writeJSON(b, m.Value, depth+1, html); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	default:
		enc, err := json.Marshal(x)
		if err != nil {
			return err
		}
		b.Write(enc)
	}
	return nil
}
