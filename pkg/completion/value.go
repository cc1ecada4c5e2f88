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
)

// A Member is one key/value pair of an Object.
type Member struct {
	Key   string
	Value any
}

// An Object is a JSON object that keeps its keys in insertion order.
//
// Values held in an Object (and in the []any lists inside it) are always one
// of: nil, bool, float64, string, []any or Object. Pipelines never modify a
// value they did not create, so decoded requests can be shared by goroutines.
type Object []Member

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
	if err := writeJSON(&b, o, true); err != nil {
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

// DecodeValue decodes one JSON value into the Object value model.
func DecodeValue(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	v, err := decodeValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("invalid character after top-level value")
	}
	return v, nil
}

func decodeValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		if err == io.EOF {
			return nil, io.ErrUnexpectedEOF
		}
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			obj := Object{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k, _ := kt.(string)
				v, err := decodeValue(dec)
				if err != nil {
					return nil, err
				}
				obj.Set(k, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return obj, nil
		case '[':
			list := []any{}
			for dec.More() {
				v, err := decodeValue(dec)
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
	default:
		return t, nil // nil, bool, float64, string
	}
}

// ToValue converts a value built from Go maps, slices and numbers (as
// encoding/json produces them, or as tests write them) into the Object value
// model. Map keys are sorted, since Go maps have no order.
func ToValue(v any) any {
	switch x := v.(type) {
	case nil, bool, string, float64, Object:
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
		y, ok := b.(float64)
		return ok && x == y
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
	case float64:
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
	if err := writeJSON(&b, v, true); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// MarshalValueText is MarshalValue without escaping <, > and & in strings,
// for files people read (case files with their "<id>" placeholders).
func MarshalValueText(v any) ([]byte, error) {
	var b bytes.Buffer
	if err := writeJSON(&b, v, false); err != nil {
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

func writeJSON(b *bytes.Buffer, v any, html bool) error {
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
	case string:
		jsonString(b, x, html)
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := writeJSON(b, e, html); err != nil {
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
			if err := writeJSON(b, m.Value, html); err != nil {
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
