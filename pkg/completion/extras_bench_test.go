package completion

import (
	"context"
	"strconv"
	"strings"
	"testing"
)

// extrasRequest is the seed request with n provider-specific keyword
// arguments (x0, x1, ...), which get_optional_params passes on: into
// extra_body for OpenAI-compatible providers, at the top level for the
// others (model "anthropic/...").
func extrasRequest(model string, n int) *Request {
	r := seedRequest()
	r.Model = model
	for i := 0; i < n; i++ {
		r.Extras = append(r.Extras, Member{"x" + strconv.Itoa(i), float64(i)})
	}
	return r
}

// BenchmarkExtras measures the whole pipeline with 0 to 256 extras per
// variant: its cost must grow linearly with their number.
func BenchmarkExtras(b *testing.B) {
	ctx := context.Background()
	for _, model := range []string{"openai/gpt-4o", "anthropic/claude-3-5-sonnet-20240620"} {
		provider, _, _ := strings.Cut(model, "/")
		for _, n := range []int{0, 16, 64, 256} {
			req := extrasRequest(model, n)
			for _, name := range DefaultVariants {
				p, err := New(name, Options{})
				if err != nil {
					b.Fatal(err)
				}
				b.Run("provider="+provider+"/extras="+strconv.Itoa(n)+"/variant="+name, func(b *testing.B) {
					var res Result
					b.ReportAllocs()
					for b.Loop() {
						if err := p.CompleteInto(ctx, req, &res); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		}
	}
}
