// Command gencatalog writes llmbench's compact embedded model catalog
// (pkg/completion/catalog.json) from LiteLLM's full
// model_prices_and_context_window.json.
//
// It keeps, with only the fields llmbench reads: every entry whose key has no
// provider prefix (LiteLLM's known-model lists resolve bare names from these),
// every entry whose provider is mistral or cohere_chat (also consulted by
// name), every entry of the providers in flagProviders, the Vertex AI image
// and video models (listed by bare name), and every entry that a model named
// in the given case or workload files could be priced from.
//
//	go run ./scripts/gencatalog -src ../shared/data/model_prices_and_context_window.json \
//	    -out pkg/completion/catalog.json testdata/cases/*.jsonl
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
)

var keep = []string{
	"litellm_provider", "mode", "max_tokens", "max_input_tokens", "max_output_tokens",
	"input_cost_per_token", "output_cost_per_token", "input_cost_per_character", "output_cost_per_character",
	"output_cost_per_character_above_128k_tokens", "input_cost_per_token_priority", "output_cost_per_token_priority",
	"input_cost_per_token_flex", "output_cost_per_token_flex",
	"supports_function_calling", "supports_tool_choice", "supports_parallel_function_calling",
	"supports_response_schema", "supports_reasoning", "supports_vision", "supports_audio_input",
	"supports_audio_output", "supports_web_search", "supports_system_messages",
}

// flagProviders are the providers whose supported params depend on the
// catalog's supports_* flags for any model (ollama_chat looks its models up
// under "ollama"): all their entries are kept, so that models the case files
// do not name behave as with the full catalog.
var flagProviders = map[string]bool{
	"ollama": true, "together_ai": true, "fireworks_ai": true, "groq": true, "xai": true, "perplexity": true,
	"cerebras": true, "openrouter": true, "deepseek": true,
}

func main() {
	src := flag.String("src", "../shared/data/model_prices_and_context_window.json", "LiteLLM catalog")
	out := flag.String("out", "pkg/completion/catalog.json", "output file")
	flag.Parse()
	if err := run(*src, *out, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "gencatalog:", err)
		os.Exit(1)
	}
}

func run(src, out string, files []string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	var all map[string]map[string]any
	if err := json.Unmarshal(data, &all); err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	wanted := map[string]bool{}
	for _, f := range files {
		models, err := modelsIn(f)
		if err != nil {
			return err
		}
		for _, m := range models {
			for _, k := range candidates(m) {
				wanted[k] = true
			}
		}
	}
	res := map[string]map[string]any{}
	for k, v := range all {
		if k == "sample_spec" {
			continue
		}
		if ps, _ := v["litellm_provider"].(string); byProvider[ps] {
			wanted[k] = true
		}

		p, _ := v["litellm_provider"].(string)
		if !strings.Contains(k, "/") || p == "mistral" || p == "cohere_chat" || flagProviders[p] || wanted[k] ||
			p == "vertex_ai-image-models" || p == "vertex_ai-video-models" {
			e := map[string]any{}
			for _, f := range keep {
				if x, ok := v[f]; ok {
					e[f] = x
				}
			}
			res[k] = e
		}
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
	fmt.Fprintf(os.Stderr, "gencatalog: %d of %d entries\n", len(keys), len(all)-1)
	return os.WriteFile(out, b.Bytes(), 0o644)
}

// modelsIn returns the model strings (with their custom_llm_provider prefix
// when given) named by a JSONL case file or a JSON workload file.
func modelsIn(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var models []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var whole bytes.Buffer
	for sc.Scan() {
		whole.Write(sc.Bytes())
		whole.WriteByte('\n')
		var c struct {
			Model    string  `json:"model"`
			Provider *string `json:"custom_llm_provider"`
		}
		if json.Unmarshal(sc.Bytes(), &c) == nil && c.Model != "" {
			models = append(models, c.Model)
			if c.Provider != nil && *c.Provider != "" {
				models = append(models, *c.Provider+"/"+c.Model)
			}
		}
	}
	var wl struct {
		Requests []struct {
			Model string `json:"model"`
		} `json:"requests"`
	}
	if json.Unmarshal(whole.Bytes(), &wl) == nil {
		for _, r := range wl.Requests {
			models = append(models, r.Model)
		}
	}
	return models, sc.Err()
}

// candidates lists the catalog keys a model string may be priced from.
func candidates(m string) []string {
	out := []string{m}
	parts := strings.Split(m, "/")
	for i := 1; i < len(parts); i++ {
		out = append(out, strings.Join(parts[i:], "/"))
		out = append(out, parts[0]+"/"+strings.Join(parts[i:], "/"))
	}
	return out
}

// byProvider are providers whose entries are all kept: LiteLLM resolves vertex
// image and video models by name (without the vertex_ai/ prefix), and the
// bedrock and vertex configs read supports_* flags of any of their models,
// also under prefixed keys (vertex_ai/claude-*, bedrock/<region>/...).
var byProvider = map[string]bool{
	"bedrock": true, "bedrock_converse": true, "vertex_ai": true, "vertex_ai-anthropic_models": true,
	"vertex_ai-mistral_models": true, "vertex_ai-language-models": true, "vertex_ai-image-models": true,
	"vertex_ai-video-models": true, "gemini": true,
}
