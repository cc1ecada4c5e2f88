package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/llmbench/llmbench/pkg/completion"
)

func main() {
	var in struct {
		Paramsets map[string]struct {
			Params  map[string]json.RawMessage `json:"params"`
			Adp     []string                   `json:"adp"`
			Allowed []string                   `json:"allowed"`
		} `json:"paramsets"`
		Models [][3]string `json:"models"`
	}
	data, _ := os.ReadFile("/tmp/pa-matrix.json")
	if err := json.Unmarshal(data, &in); err != nil {
		panic(err)
	}
	p, _ := completion.New("optimized", completion.Options{})
	filter := os.Args[1]
	for _, m := range in.Models {
		if m[0]+"|"+m[1] != filter {
			continue
		}
		for name, ps := range in.Paramsets {
			for _, drop := range []bool{false, true} {
				obj := map[string]any{"model": m[0], "drop_params": drop}
				if m[1] != "" {
					obj["custom_llm_provider"] = m[1]
				}
				if m[2] != "" {
					obj["api_base"] = m[2]
				}
				if ps.Adp != nil {
					obj["additional_drop_params"] = ps.Adp
				}
				if ps.Allowed != nil {
					obj["allowed_openai_params"] = ps.Allowed
				}
				pp := map[string]any{}
				for k, v := range ps.Params {
					var x any
					json.Unmarshal(v, &x)
					pp[k] = x
				}
				obj["params"] = pp
				b, _ := json.Marshal(obj)
				req, err := completion.DecodeRequest(b)
				if err != nil {
					fmt.Println(name, drop, "DECODE", err)
					continue
				}
				_, opt, err := p.OptionalParams(req)
				if err != nil {
					msg := err.Error()
					if len(msg) > 140 {
						msg = msg[:140]
					}
					fmt.Printf("%-40s %-5v ERR %s\n", name, drop, msg)
					continue
				}
				ob, _ := completion.MarshalValue(opt)
				s := string(ob)
				if len(s) > 200 {
					s = s[:200]
				}
				fmt.Printf("%-40s %-5v %s\n", name, drop, s)
			}
		}
	}
}
