#!/usr/bin/env python3
"""Writes matrix.json, the recording spec of testdata/cases/fidelity-matrix.jsonl.

    python3 scripts/recordings/matrix_spec.py

A wide matrix: models of every provider of LiteLLM's catalog (picked at other
places of the sorted catalog than providers.json picks them), explicit
providers, api_base endpoints, and param sets that combine params (several
unusual ones in one call, edge values), each with drop_params false and true;
then whole completions of catalog models. The recording keeps one case for
each outcome per provider and param set ("dedupe_outcome"), so the file stays
small while every behaviour seen is pinned.
"""
import json
import os

tool = {"type":"function","function":{"name":"get_weather","description":"Get the weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}
stool = {"type":"function","function":{"name":"lookup","parameters":{"type":"object","properties":{"q":{"type":"string"}},"required":["q"],"additionalProperties":False},"strict":True}}
schema = {"type":"object","properties":{"name":{"type":"string"},"tags":{"type":"array","items":{"type":"string"}}},"required":["name"],"additionalProperties":False}
sets = {
 "none": {},
 "sampling": {"temperature":0.2,"max_tokens":100,"stop":["\n"],"top_p":0.9},
 "modalities_text": {"modalities":["text"]},
 "audio_only": {"audio":{"voice":"alloy","format":"mp3"}},
 "prediction_n": {"prediction":{"type":"content","content":"x"},"n":2},
 "safety_user": {"safety_identifier":"s-1","user":"u-7"},
 "web_search_empty": {"web_search_options":{}},
 "web_search_location": {"web_search_options":{"search_context_size":"high","user_location":{"type":"approximate","approximate":{"country":"US"}}}},
 "logprobs_top": {"logprobs":True,"top_logprobs":5},
 "logit_bias_seed": {"logit_bias":{"1":5},"seed":42},
 "n1_stop_str": {"n":1,"stop":"\n\n"},
 "n4": {"n":4},
 "penalties_edge": {"frequency_penalty":2.0,"presence_penalty":-2.0},
 "frequency_only": {"frequency_penalty":0.5},
 "parallel_false": {"tools":[tool],"parallel_tool_calls":False},
 "parallel_only": {"parallel_tool_calls":True},
 "required_two_tools": {"tools":[tool,stool],"tool_choice":"required","parallel_tool_calls":True},
 "tool_choice_auto_no_tools": {"tool_choice":"auto"},
 "tool_choice_object_named": {"tools":[tool,stool],"tool_choice":{"type":"function","function":{"name":"lookup"}}},
 "rf_json_schema_strict_tools": {"response_format":{"type":"json_schema","json_schema":{"name":"out","schema":schema,"strict":True}},"tools":[tool],"tool_choice":"auto"},
 "rf_json_schema_nostrict": {"response_format":{"type":"json_schema","json_schema":{"name":"out","schema":schema}}},
 "rf_json_object_maxtok": {"response_format":{"type":"json_object"},"max_tokens":300},
 "rf_text_temp": {"response_format":{"type":"text"},"temperature":0.9},
 "stream_options_usage_false": {"stream":True,"stream_options":{"include_usage":False}},
 "max_both_reverse": {"max_completion_tokens":50,"max_tokens":500},
 "max_tokens_1": {"max_tokens":1},
 "max_completion_temp": {"max_completion_tokens":128,"temperature":1},
 "effort_low_maxtok": {"reasoning_effort":"low","max_tokens":2000},
 "effort_high_temp": {"reasoning_effort":"high","temperature":0.3},
 "effort_minimal_tools": {"reasoning_effort":"minimal","tools":[tool]},
 "thinking_budget_1024": {"thinking":{"type":"enabled","budget_tokens":1024},"max_tokens":4096},
 "thinking_with_temp": {"thinking":{"type":"enabled","budget_tokens":2000},"temperature":0.5},
 "thinking_and_effort": {"thinking":{"type":"enabled","budget_tokens":3000},"reasoning_effort":"low"},
 "stop_single_list": {"stop":["END"]},
 "stop_many": {"stop":["a","b","c","d","e","f"]},
 "temperature_0_0": {"temperature":0.0},
 "temperature_2_0": {"temperature":2.0,"top_p":1.0},
 "temperature_1": {"temperature":1.0},
 "temperature_0_05": {"temperature":0.05},
 "temperature_1_9": {"temperature":1.9},
 "top_p_1": {"top_p":1.0},
 "top_p_0": {"top_p":0},
 "user_only": {"user":"someone"},
 "functions_auto": {"functions":[tool["function"]],"function_call":"auto"},
 "extra_body": {"extra_body":{"foo":"bar"}},
 "top_k_min_p": {"top_k":40,"min_p":0.05},
 "service_tier_auto": {"service_tier":"auto"},
 "verbosity_high_effort": {"verbosity":"high","reasoning_effort":"medium"},
 "kitchen_sink": {"temperature":0.4,"top_p":0.8,"max_tokens":64,"n":1,"stop":["\n"],"presence_penalty":0.2,"frequency_penalty":0.2,"seed":3,"logprobs":True,"top_logprobs":2,"user":"u","tools":[tool],"tool_choice":"auto","parallel_tool_calls":True,"response_format":{"type":"json_object"}},
 "allowed_seed_drop_temp": {"seed":5,"temperature":0.1,"allowed_openai_params":["seed"],"additional_drop_params":["temperature"]},
 "allowed_modalities": {"modalities":["text","audio"],"audio":{"voice":"alloy","format":"wav"},"allowed_openai_params":["modalities","audio"]},
 "additional_drop_top_k": {"top_k":3,"temperature":0.5,"additional_drop_params":["top_k"]},
}
CORE = ["none","sampling","modalities_text","audio_only","prediction_n","safety_user","web_search_empty","logprobs_top","logit_bias_seed","n1_stop_str","n4","penalties_edge","parallel_false","required_two_tools","tool_choice_object_named","rf_json_schema_strict_tools","rf_json_schema_nostrict","rf_json_object_maxtok","stream_options_usage_false","max_both_reverse","max_tokens_1","effort_low_maxtok","effort_minimal_tools","thinking_budget_1024","thinking_with_temp","stop_many","temperature_0_0","temperature_2_0","temperature_0_05","temperature_1_9","top_p_0","user_only","top_k_min_p","kitchen_sink","allowed_seed_drop_temp"]
ENDPOINT = ["none","logit_bias_seed","n4","max_both_reverse","required_two_tools","top_k_min_p","modalities_text","kitchen_sink"]
T = []
def cat(p, count, offset=0.5, sets=None, **kw):
    d = {"catalog":p,"count":count,"offset":offset}; d.update(kw)
    d["param_sets"] = sets or "CORE"
    T.append(d)
def t(model, sets=None, **kw):
    d = {"model":model}; d.update(kw)
    d["param_sets"] = sets or "CORE"
    T.append(d)
BIG = {"bedrock":10,"azure":8,"openrouter":8,"openai":8,"vercel_ai_gateway":6,"deepinfra":6,"bedrock_converse":8,"gemini":6,"azure_ai":6,"together_ai":5,"mistral":5,"watsonx":5,"fireworks_ai":4,"groq":5,"xai":5,"perplexity":4,"snowflake":3,"dashscope":4,"ollama":3,"anthropic":6,"lambda_ai":3,"moonshot":4,"hyperbolic":4,"sambanova":4,"ovhcloud":3,"nscale":3,"wandb":3,"gradient_ai":3,"oci":4,"replicate":3,"databricks":5,"ai21":3,"cohere_chat":3,"deepseek":3,"cerebras":3,"lemonade":2,"cloudflare":2,"heroku":2,"meta_llama":2,"v0":2,"codestral":2,"cohere":2,"featherless_ai":2,"friendliai":2,"morph":2,"text-completion-codestral":1,"text-completion-openai":2,"azure_text":2,"sagemaker":3,"nlp_cloud":2}
for p, n in BIG.items():
    if p == "bedrock_converse":
        cat(p, n, prefix="bedrock/")
    else:
        cat(p, n)
for p, n in [("vertex_ai-language-models",5),("vertex_ai-anthropic_models",4),("vertex_ai-mistral_models",3),("vertex_ai-llama_models",2),("vertex_ai-ai21_models",1),("vertex_ai-qwen_models",1),("vertex_ai-deepseek_models",1),("vertex_ai-openai_models",1),("vertex_ai-minimax_models",1),("vertex_ai-moonshot_models",1),("vertex_ai-chat-models",1),("vertex_ai-code-chat-models",1)]:
    cat(p, n, prefix="vertex_ai/")
# own chat configs without catalog models, and explicit providers
for m in ["nvidia_nim/meta/llama-3.1-70b-instruct","nvidia_nim/google/gemma-2-27b-it","nvidia_nim/nvidia/llama-3.1-nemotron-70b-instruct","nvidia_nim/microsoft/phi-3-mini-4k-instruct",
          "ai21_chat/jamba-1.5-mini","ai21_chat/jamba-mini-1.6","volcengine/doubao-1-5-pro-32k-250115","volcengine/doubao-seed-1-6-thinking-250715",
          "predibase/mistral-7b-instruct","sagemaker_chat/hf-llm-endpoint","sagemaker/meta-textgeneration-llama-2-7b-f","replicate/mistralai/mixtral-8x7b-instruct-v0.1",
          "deepinfra/meta-llama/Llama-3.3-70B-Instruct","hyperbolic/meta-llama/Llama-3.3-70B-Instruct","featherless_ai/Qwen/Qwen2.5-72B-Instruct",
          "databricks/databricks-claude-opus-4-1","databricks/databricks-claude-sonnet-4-5","databricks/databricks-gemini-2-5-pro","databricks/databricks-llama-4-maverick",
          "bedrock/us.anthropic.claude-haiku-4-5-20251001-v1:0","bedrock/cohere.command-light-text-v14","bedrock/meta.llama3-2-90b-instruct-v1:0","bedrock/mistral.mixtral-8x7b-instruct-v0:1",
          "bedrock/amazon.titan-text-lite-v1","bedrock/invoke/amazon.titan-text-express-v1","bedrock/converse/us.deepseek.r1-v1:0","bedrock/qwen.qwen3-coder-30b-a3b-v1:0",
          "bedrock/invoke/cohere.command-r-plus-v1:0","bedrock/converse/cohere.command-r-v1:0","bedrock/converse/mistral.mistral-large-2407-v1:0","bedrock/writer.palmyra-x5-v1:0",
          "claude-opus-4-1","claude-sonnet-4-5","claude-3-5-haiku-20241022","anthropic/claude-opus-4-5","gemini/gemini-3-pro-preview","vertex_ai/gemini-3-pro-preview","gemini/gemini-2.0-flash-lite",
          "watsonx/meta-llama/llama-3-3-70b-instruct","watsonx/ibm/granite-3-3-8b-instruct","watsonx_text/google/flan-t5-xxl",
          "cohere_chat/command-r-plus-08-2024","cohere/command-nightly","mistral/mistral-large-2411","mistral/devstral-small-latest","mistral/pixtral-large-latest",
          "groq/llama-3.1-8b-instant","groq/qwen/qwen3-32b","groq/deepseek-r1-distill-llama-70b","fireworks_ai/accounts/fireworks/models/qwen3-235b-a22b","fireworks_ai/accounts/fireworks/models/kimi-k2-instruct",
          "together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo","together_ai/openai/gpt-oss-120b","perplexity/sonar-pro","perplexity/sonar-deep-research","xai/grok-3","xai/grok-code-fast-1",
          "openrouter/openai/gpt-5","openrouter/google/gemini-2.5-pro","openrouter/deepseek/deepseek-r1","openrouter/x-ai/grok-4",
          "azure/gpt-4o","azure/o1","azure/gpt-5","azure/o4-mini","azure/gpt-4.1-mini","azure/my-deployment","vertex_ai/claude-3-5-haiku@20241022","vertex_ai/mistral-medium-3",
          "gpt-5.1","gpt-5-nano","o3-pro","gpt-4o-mini-audio-preview","gpt-4o-search-preview","chatgpt-4o-latest","gpt-4.5-preview",
          "hosted_vllm/meta-llama/Llama-3.1-8B-Instruct","vllm/meta-llama/Llama-3.1-8B","ollama/qwen2.5","ollama_chat/llama3.2","lm_studio/gemma-3","llamafile/llama","openai_like/x","custom_openai/x","litellm_proxy/claude-sonnet-4-5",
          "github/gpt-4o-mini","huggingface/together/deepseek-ai/DeepSeek-R1","dashscope/qwen3-max","moonshot/kimi-k2-0905-preview","cerebras/llama-3.3-70b","deepseek/deepseek-reasoner","nebius/Qwen/Qwen3-235B-A22B"]:
    t(m)
for m, p in [("meta/llama-3.1-8b-instruct","nvidia_nim"),("DeepSeek-V3-0324","sambanova"),("jamba-large-1.7","ai21_chat"),("doubao-pro","volcengine"),("meta-llama/Meta-Llama-3-70B-Instruct","deepinfra"),
             ("deepseek-ai/DeepSeek-V3","hyperbolic"),("meta/meta-llama-3-8b-instruct","replicate"),("ep","sagemaker_chat"),("finetuned_gpt-j","nlp_cloud"),("qwen3-8b","predibase"),
             ("Qwerky-72B","featherless_ai"),("databricks-claude-sonnet-4","databricks"),("us.meta.llama3-3-70b-instruct-v1:0","bedrock"),("command-r","cohere_chat"),("grok-4","xai"),
             ("gpt-4o","openai"),("claude-3-7-sonnet-20250219","anthropic"),("gemini-2.5-flash","gemini"),("gemini-2.5-pro","vertex_ai"),("mistral-small","mistral"),("llama3-70b-8192","groq"),
             ("qwen2.5","ollama_chat"),("my-model","hosted_vllm"),("my-model","openai_like"),("ibm/granite-13b","watsonx"),("sonar","perplexity")]:
    t(m, custom_llm_provider=p)
for base in ["https://api.perplexity.ai","https://api.deepinfra.com/v1/openai","https://api.groq.com/openai/v1","https://integrate.api.nvidia.com/v1","https://api.together.xyz/v1",
             "https://api.sambanova.ai/v1","https://api.x.ai/v1","https://api.featherless.ai/v1","https://api.hyperbolic.xyz/v1","https://api.mistral.ai/v1","https://api.deepseek.com/v1",
             "https://api.fireworks.ai/inference/v1","https://openrouter.ai/api/v1","https://api.cerebras.ai/v1","https://api.moonshot.ai/v1","https://ark.cn-beijing.volces.com/api/v3",
             "https://api.studio.nebius.ai/v1","https://api.llama.com/compat/v1/","http://localhost:11434","http://localhost:1234/v1"]:
    t("some-model", ENDPOINT, api_base=base)
    t("gpt-4o-mini", ["none","n4","logit_bias_seed"], api_base=base)
for base in ["https://integrate.api.nvidia.com/v1","https://api.sambanova.ai/v1"]:
    for p in ["nvidia_nim","sambanova","deepinfra","openai","xai"]:
        t("llama-3.1-8b", ENDPOINT, custom_llm_provider=p, api_base=base)
comp_sets = {
 "basic": {},
 "params": {"temperature":0.2,"max_tokens":50},
 "stream": {"stream":True},
 "n2": {"n":2},
 "tools": {"tools":[tool],"tool_choice":"auto"},
 "effort": {"reasoning_effort":"low"},
 "rf": {"response_format":{"type":"json_object"}},
 "seed_stop": {"seed":1,"stop":["\n"]},
 "logit_bias": {"logit_bias":{"1":1}},
 "stream_usage": {"stream":True,"stream_options":{"include_usage":True}},
 "stream_usage_n2": {"stream":True,"n":2,"stream_options":{"include_usage":True}},
 "stream_usage_messages": {"stream":True,"stream_options":{"include_usage":True},"messages":[{"role":"system","content":"be brief"},{"role":"user","content":[{"type":"text","text":"hi there"}],"name":"bob"}]},
 "temperature_0_0": {"temperature":0.0},
}
CT = []
for p, n in BIG.items():
    pre = "bedrock/" if p == "bedrock_converse" else None
    d = {"catalog":p,"count":max(1, n//2),"offset":0.25,"param_sets":["basic","params","effort","rf","seed_stop","logit_bias","stream_usage","temperature_0_0"]}
    if pre:
        d["prefix"] = pre
    CT.append(d)
for p, n in [("vertex_ai-language-models",3),("vertex_ai-anthropic_models",2),("vertex_ai-mistral_models",2),("vertex_ai-llama_models",1),("vertex_ai-ai21_models",1),("vertex_ai-qwen_models",1),("vertex_ai-deepseek_models",1),("vertex_ai-openai_models",1)]:
    CT.append({"catalog":p,"count":n,"offset":0.25,"prefix":"vertex_ai/","param_sets":["basic","params","effort","rf"]})
for m in ["nvidia_nim/meta/llama-3.1-70b-instruct","ai21_chat/jamba-1.5-mini","volcengine/doubao-1-5-pro-32k-250115","predibase/mistral-7b-instruct","sagemaker_chat/hf-llm-endpoint",
          "featherless_ai/Qwen/Qwen2.5-72B-Instruct","databricks/databricks-claude-sonnet-4-5","bedrock/cohere.command-light-text-v14","gemini/gemini-3-pro-preview","claude-sonnet-4-5",
          "gpt-5.1","azure/o1","groq/qwen/qwen3-32b","xai/grok-3","perplexity/sonar-pro","openrouter/openai/gpt-5","mistral/mistral-large-2411","deepseek/deepseek-reasoner"]:
    CT.append({"model":m,"param_sets":list(comp_sets)})
for base in ["https://integrate.api.nvidia.com/v1","https://api.groq.com/openai/v1","https://api.featherless.ai/v1","http://localhost:1234/v1"]:
    CT.append({"model":"some-model","api_base":base,"param_sets":["basic","params","stream","n2"]})
for m, p in [("meta/llama-3.1-8b-instruct","nvidia_nim"),("DeepSeek-V3-0324","sambanova"),("my-model","hosted_vllm"),("claude-3-7-sonnet-20250219","anthropic")]:
    CT.append({"model":m,"custom_llm_provider":p,"param_sets":["basic","params","stream","tools"]})
spec = {"id_prefix":"matrix","dedupe_drop":True,"dedupe_outcome":True,"groups":{"CORE":CORE,"ENDPOINT":ENDPOINT},"drop_params":[False,True],
        "param_sets":sets,"targets":T,"completions":{"mock_response":"Hello world","param_sets":comp_sets,"targets":CT}}
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "matrix.json")
with open(out, "w") as f:
    json.dump(spec, f, indent=1)
    f.write("\n")
print("%s: %d targets, %d completion targets, %d param sets" % (out, len(T), len(CT), len(sets)))
