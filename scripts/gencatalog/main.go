// Command gencatalog writes llmbench's compact embedded model catalog
// (pkg/completion/catalog.json) from LiteLLM's full
// model_prices_and_context_window.json, with only the fields llmbench reads.
//
// It keeps every entry: LiteLLM prices a mock completion of any model in its
// catalog (embedding models too), and resolves bare names of every mode.
//
//	go run ./scripts/gencatalog -src ../shared/litellm/1.80.5/src/litellm/model_prices_and_context_window_backup.json \
//	    -out pkg/completion/catalog.json
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"
)

var keep = []string{
	"litellm_provider", "mode", "max_tokens", "max_input_tokens", "max_output_tokens",
	"input_cost_per_token", "output_cost_per_token", "input_cost_per_character", "output_cost_per_character",
	"output_cost_per_character_above_128k_tokens", "input_cost_per_token_priority", "output_cost_per_token_priority",
	"input_cost_per_token_flex", "output_cost_per_token_flex",
	"supports_function_calling", "supports_tool_choice",
	"supports_response_schema", "supports_reasoning", "supports_vision", "supports_audio_input",
	"supports_audio_output", "supports_web_search", "supports_system_messages", "tiered_pricing",
}

func main() {
	src := flag.String("src", "../shared/litellm/1.80.5/src/litellm/model_prices_and_context_window_backup.json",
		"LiteLLM catalog")
	out := flag.String("out", "pkg/completion/catalog.json", "output file")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "gencatalog: no arguments expected (every chat and completion entry is kept)")
		os.Exit(2)
	}
	if err := run(*src, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gencatalog:", err)
		os.Exit(1)
	}
}

func run(src, out string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	var all map[string]map[string]any
	if err := json.Unmarshal(data, &all); err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	res := map[string]map[string]any{}
	for k, v := range all {
		if k == "sample_spec" {
			continue
		}
		e := map[string]any{}
		for _, f := range keep {
			if x, ok := v[f]; ok {
				e[f] = x
			}
		}
		res[k] = e
	}
	keys := make([]string, 0, len(res))
	for k := range res {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b bytes.Buffer
	b.WriteString("{\n")
	for i, k := range keys {
		kj, _ := json.Marshal(k)
		vj, _ := json.Marshal(res[k])
		fmt.Fprintf(&b, "%s: %s", kj, vj)
		if i < len(keys)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("}\n")
	fmt.Fprintf(os.Stderr, "gencatalog: %d of %d entries, %d bytes\n", len(keys), len(all)-1, b.Len())
	return os.WriteFile(out, b.Bytes(), 0o644)
}
