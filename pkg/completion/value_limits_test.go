package completion

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/llmbench/llmbench/pkg/infile"
)

// nested is a JSON array nested depth levels deep.
func nested(depth int) []byte {
	return []byte(strings.Repeat("[", depth) + strings.Repeat("]", depth))
}

// depthOf is how deeply v nests.
func depthOf(v any) int {
	switch x := v.(type) {
	case []any:
		d := 0
		for _, e := range x {
			d = max(d, depthOf(e))
		}
		return d + 1
	case Object:
		d := 0
		for _, m := range x {
			d = max(d, depthOf(m.Value))
		}
		return d + 1
	}
	return 0
}

// TestDepthLimit: decoding and encoding share MaxDepth; a value exactly
// that deep passes both ways, one level more is refused by both, and ten
// million levels are refused without exhausting the stack.
func TestDepthLimit(t *testing.T) {
	v, err := DecodeValue(nested(MaxDepth))
	if err != nil {
		t.Fatalf("decoding %d levels: %v", MaxDepth, err)
	}
	if _, err := MarshalValue(v); err != nil {
		t.Fatalf("encoding %d levels: %v", MaxDepth, err)
	}
	for _, depth := range []int{MaxDepth + 1, 10_000_000} {
		_, err := DecodeValue(nested(depth))
		var oe *infile.OffsetError
		if !errors.As(err, &oe) || oe.Offset != MaxDepth || !strings.Contains(err.Error(), "nested more than 1000 levels deep") {
			t.Errorf("decoding %d levels: %v, want the depth error at offset %d", depth, err, MaxDepth)
		}
	}
	deeper := []any{v}
	if _, err := MarshalValue(deeper); err == nil || !strings.Contains(err.Error(), "nested more than 1000 levels deep") {
		t.Errorf("encoding %d levels: %v, want the depth error", MaxDepth+1, err)
	}
	// encoding/json reaches MarshalJSON for an Object inside a struct: the
	// limit holds there too.
	if _, err := (Object{{"x", deeper}}).MarshalJSON(); err == nil {
		t.Error("Object.MarshalJSON of a value beyond MaxDepth: no error")
	}
}

// TestManyKeys: an object with many keys decodes in linear time (an
// index from indexAbove keys on) and keeps the last of duplicate keys in
// the first one's place, as Object.Set does.
func TestManyKeys(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("{")
	const n = 200_000
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `"k%d":%d,`, i, i)
	}
	b.WriteString(`"k0":"last"}`)
	v, err := DecodeValue(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	obj := v.(Object)
	if len(obj) != n || obj[0].Value != "last" || obj[n-1].Key != fmt.Sprintf("k%d", n-1) {
		t.Errorf("decoded %d keys, first %v, last %q; want %d, the duplicate's value in place", len(obj), obj[0], obj[n-1].Key, n)
	}
}

// FuzzDecodeValue: any input decodes to a value within MaxDepth that
// encodes and decodes back to an equal value, or fails with an error that
// carries an offset inside the input (infile.JSONError gives it a line and
// column).
func FuzzDecodeValue(f *testing.F) {
	f.Add([]byte(`{"a":[1,2,{"b":null}],"c":"d"}`))
	f.Add([]byte(`[1e999]`))
	f.Add(nested(MaxDepth + 1))
	f.Add([]byte(`{"x":1} {}`))
	f.Add([]byte(`{"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k10":10,"k11":11,"k12":12,"k13":13,"k14":14,"k15":15,"k16":16,"k17":17,"k1":0}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := DecodeValue(data)
		if err != nil {
			var ie *infile.Error
			if !errors.As(infile.JSONError("f.json", data, err), &ie) || strings.Contains(ie.Error(), "Go ") {
				t.Fatalf("error %v: want a located error in JSON's terms", err)
			}
			if ie.Line > bytes.Count(data, []byte("\n"))+1 {
				t.Fatalf("error %v points past the input", ie)
			}
			return
		}
		if d := depthOf(v); d > MaxDepth {
			t.Fatalf("decoded a value %d levels deep", d)
		}
		enc, err := MarshalValue(v)
		if err != nil {
			t.Fatalf("encoding a decoded value: %v", err)
		}
		back, err := DecodeValue(enc)
		if err != nil || !Equal(v, back) {
			t.Fatalf("round trip through %s: %v", enc, err)
		}
	})
}
