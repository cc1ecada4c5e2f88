package completion

import (
	"math/rand"
	"strconv"
	"testing"
)

// TestKeyIndexActsAsSetAndDelete applies the same random Set and Delete
// calls to an Object directly and through a keyIndex, across the size at
// which the index switches to its map, and checks both give the same
// members in the same order.
func TestKeyIndexActsAsSetAndDelete(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for round := 0; round < 200; round++ {
		var plain, indexed Object
		// A few objects start with a repeated key, as appending can make.
		if round%5 == 0 {
			plain = Object{{"k1", "a"}, {"k1", "b"}}
			indexed = plain.Clone()
		}
		ix := keyIndex{hint: rng.Intn(64)}
		for op := 0; op < 150; op++ {
			key := "k" + strconv.Itoa(rng.Intn(60))
			if rng.Intn(5) == 0 {
				plain.Delete(key)
				ix.delete(&indexed, key)
			} else {
				v := float64(op)
				plain.Set(key, v)
				ix.set(&indexed, key, v)
			}
			if len(plain) != len(indexed) {
				t.Fatalf("round %d op %d: %d members, want %d", round, op, len(indexed), len(plain))
			}
			for i := range plain {
				if plain[i] != indexed[i] {
					t.Fatalf("round %d op %d: member %d = %v, want %v", round, op, i, indexed[i], plain[i])
				}
			}
		}
		ix.release()
	}
}

func TestEqualLargeObjectsIgnoresOrder(t *testing.T) {
	var a, b Object
	for i := 0; i < 100; i++ {
		a = append(a, Member{"k" + strconv.Itoa(i), float64(i)})
		b = append(b, Member{"k" + strconv.Itoa(99-i), float64(99 - i)})
	}
	if !Equal(a, b) {
		t.Error("Equal = false for the same members in another order")
	}
	b[0].Value = -1.0
	if Equal(a, b) {
		t.Error("Equal = true for objects that differ in one value")
	}
}

func TestDecodeManyKeysKeepsOrderAndLastValue(t *testing.T) {
	in := []byte(`{`)
	for i := 0; i < 40; i++ {
		in = append(in, `"k`+strconv.Itoa(i)+`":`+strconv.Itoa(i)+`,`...)
	}
	in = append(in, `"k3":"last"}`...)
	v, err := DecodeValue(in)
	if err != nil {
		t.Fatal(err)
	}
	o := v.(Object)
	if len(o) != 40 || o[3].Key != "k3" || o[3].Value != "last" || o[39].Key != "k39" {
		t.Errorf("decoded %d members, k3 = %v, last key %q", len(o), o[3].Value, o[len(o)-1].Key)
	}
}

// TestExtrasCostAllocationsLinear checks, with allocation counts (which are
// deterministic), that many provider-specific extras do not make the
// pipeline allocate per extra: the result objects grow by doubling and the
// index maps are recycled.
func TestExtrasAllocationsDoNotGrowPerExtra(t *testing.T) {
	p := NewPipeline(Optimized, Options{})
	for _, model := range []string{"openai/gpt-4o", "anthropic/claude-3-5-sonnet-20240620"} {
		allocs := func(n int) float64 {
			req := extrasRequest(model, n)
			var res Result
			if err := p.CompleteInto(t.Context(), req, &res); err != nil {
				t.Fatal(err)
			}
			return testing.AllocsPerRun(50, func() { _ = p.CompleteInto(t.Context(), req, &res) })
		}
		a64, a256 := allocs(64), allocs(256)
		if a256 > a64+4 {
			t.Errorf("%s: %v allocs with 256 extras, %v with 64: allocations grow with the extras", model, a256, a64)
		}
	}
}

// A number written as a float with an integral value (0.0) decodes as a Float,
// is rendered back as written and shows in messages as Python shows a float;
// it equals the integer of the same value.
func TestFloatLiteralKeepsPythonFloat(t *testing.T) {
	v, err := DecodeValue([]byte(`{"a":0.0,"b":0,"c":2e0,"d":0.5,"e":1e16}`))
	if err != nil {
		t.Fatal(err)
	}
	o := v.(Object)
	for key, want := range map[string]string{"a": "0.0", "b": "0", "c": "2.0", "d": "0.5", "e": "1e+16"} {
		got, _ := o.Get(key)
		if s := pyNum(got); s != want {
			t.Errorf("pyNum(%s) = %q, want %q", key, s, want)
		}
	}
	b, err := MarshalValue(o)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"a":0.0,"b":0,"c":2.0,"d":0.5,"e":1e+16}`; string(b) != want {
		t.Errorf("MarshalValue = %s, want %s", b, want)
	}
	a, _ := o.Get("a")
	if _, ok := a.(Float); !ok || !Equal(a, 0.0) || !Equal(0.0, a) {
		t.Errorf("0.0 decoded as %T, Equal to 0: %v", a, Equal(a, 0.0))
	}
	if got := pyReprValue(Object{{"temperature", Float(1)}}); got != "{'temperature': 1.0}" {
		t.Errorf("pyReprValue = %s", got)
	}
}
