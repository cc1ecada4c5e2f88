package completion_test

import (
	"context"
	"fmt"

	"github.com/llmbench/llmbench/pkg/completion"
)

// The optional params LiteLLM would send to Anthropic for an OpenAI-style
// request, as get_optional_params computes them.
func ExamplePipeline_OptionalParams() {
	p, _ := completion.New("optimized", completion.Options{})
	req, _ := completion.DecodeRequest([]byte(`{"model":"anthropic/claude-3-5-sonnet-20240620",
		"max_completion_tokens":100,"stop":"END","stream":true,"user":"u1"}`))
	r, opt, err := p.OptionalParams(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	b, _ := completion.MarshalValue(opt)
	fmt.Println(r.Provider, r.Model)
	fmt.Println(string(b))
	// Output:
	// anthropic claude-3-5-sonnet-20240620
	// {"stream":true,"stop_sequences":["END"],"max_tokens":100,"metadata":{"user_id":"u1"}}
}

// A whole mock completion: the response and its cost from the catalog.
func ExamplePipeline_Complete() {
	p, _ := completion.New("baseline", completion.Options{})
	req, _ := completion.DecodeRequest([]byte(`{"model":"gpt-4o","temperature":0.2,"mock_response":"Hello world"}`))
	res, err := p.Complete(context.Background(), req)
	if err != nil {
		fmt.Println(err)
		return
	}
	b, _ := completion.MarshalValue(res.OptionalParams)
	fmt.Println(string(b))
	resp := res.Response.Value()
	usage, _ := resp.Get("usage")
	u, _ := completion.MarshalValue(usage)
	fmt.Println(string(u))
	fmt.Println("cost:", res.Cost)
	// Output:
	// {"temperature":0.2,"extra_body":{}}
	// {"completion_tokens":20,"prompt_tokens":10,"total_tokens":30,"completion_tokens_details":null,"prompt_tokens_details":null}
	// cost: 0.00022500000000000002
}

// LiteLLM's errors keep their type and text.
func ExamplePipeline_OptionalParams_unsupported() {
	p, _ := completion.New("optimized", completion.Options{})
	req, _ := completion.DecodeRequest([]byte(`{"model":"claude-3-5-sonnet-20240620","seed":42}`))
	_, _, err := p.OptionalParams(req)
	e := err.(*completion.Error)
	fmt.Println(e.Type, e.Message[:65])
	// Output:
	// UnsupportedParamsError anthropic does not support parameters: ['seed'], for model=claude
}
