package cases

import (
	"strings"
	"testing"

	"github.com/llmbench/llmbench/pkg/completion"
)

func mustObject(t *testing.T, s string) completion.Object {
	t.Helper()
	v, err := completion.DecodeValue([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return v.(completion.Object)
}

// TestRecordRoundTrip records outputs as expectations; the recorded case
// must then pass on the same output, and fail on another.
func TestRecordRoundTrip(t *testing.T) {
	mock := "hi"
	spec := RecordSpec{Models: []string{"claude-3-5-sonnet-20240620"}, Params: []completion.Object{mustObject(t, `{"temperature":0.2,"seed":1}`)}}
	cs, err := spec.Cases()
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 2 || cs[0].ID != `recorded/claude-3-5-sonnet-20240620|{"seed":1,"temperature":0.2}|drop=false` || cs[1].Request.DropParams == nil || !*cs[1].Request.DropParams {
		t.Fatalf("cases: %d, %s", len(cs), cs[0].ID)
	}
	outputs := []completion.Object{
		mustObject(t, `{"id":"x","error":{"type":"UnsupportedParamsError","message":"anthropic does not support parameters: ['seed']"}}`),
		mustObject(t, `{"model":"claude-3-5-sonnet-20240620","custom_llm_provider":"anthropic","api_base":null,"optional_params":{"temperature":0.2}}`),
	}
	for i, c := range cs {
		line, err := Record(c, outputs[i])
		if err != nil {
			t.Fatal(err)
		}
		b, _ := completion.MarshalValue(line)
		rc, err := ParseCase(b)
		if err != nil {
			t.Fatalf("recorded line does not parse: %v\n%s", err, b)
		}
		if o := Check(rc, outputs[i]); !o.Pass {
			t.Errorf("recorded case fails on its own output:\n%s\n%s", b, o.Diff())
		}
		if o := Check(rc, outputs[1-i]); o.Pass {
			t.Errorf("recorded case passes on another output:\n%s", b)
		}
	}

	spec = RecordSpec{Models: []string{"gpt-4o"}, MockResponse: &mock, Prefix: "new"}
	cs, err = spec.Cases()
	if err != nil || len(cs) != 1 || !cs[0].Completion || cs[0].ID != "new/gpt-4o|{}" {
		t.Fatalf("completion cases: %v %v", cs, err)
	}
	got := mustObject(t, `{"response":{"id":"chatcmpl-123","created":1700000000,"model":"gpt-4o","choices":[{"message":{"content":"hi"}}]},"cost":0.000225}`)
	line, err := Record(cs[0], got)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := completion.MarshalValueText(line)
	if !strings.Contains(string(b), `"id":"<id>"`) || !strings.Contains(string(b), `"created":"<created>"`) || !strings.Contains(string(b), `"cost":0.000225`) {
		t.Errorf("placeholders or cost missing: %s", b)
	}
	rc, err := ParseCase(b)
	if err != nil {
		t.Fatal(err)
	}
	other := mustObject(t, `{"response":{"id":"chatcmpl-456","created":1700000009,"model":"gpt-4o","choices":[{"message":{"content":"hi"}}]},"cost":0.000225}`)
	if o := Check(rc, other); !o.Pass {
		t.Errorf("another id and time must pass:\n%s", o.Diff())
	}
}

func TestRecordRejects(t *testing.T) {
	if _, err := (RecordSpec{}).Cases(); err == nil {
		t.Error("no models: no error")
	}
	cs, _ := RecordSpec{Models: []string{"gpt-4o"}}.Cases()
	if _, err := Record(cs[0], mustObject(t, `{"model":"gpt-4o"}`)); err == nil || !strings.Contains(err.Error(), "no custom_llm_provider") {
		t.Errorf("incomplete output: %v", err)
	}
	if _, err := Record(cs[0], mustObject(t, `{"error":{"message":"x"}}`)); err == nil {
		t.Error("an error without type: no error")
	}
}
