#!/usr/bin/env python3
"""Writes providers.json, the recording spec of testdata/cases/fidelity-providers.jsonl.

    python3 scripts/recordings/providers_spec.py

The spec is generated so that its long target lists stay readable here; the JSON it
writes is what scripts/record_cases.py reads (format: README.md in this folder).
"""
import json
import os

tool = {"type":"function","function":{"name":"get_weather","description":"Get the weather for a city","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}
tool2 = {"type":"function","function":{"name":"get_time","description":"Get the time in a city","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":False},"strict":True}}
schema = {"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"}},"required":["name"]}
# Param sets no case of the shared conformance files uses, then the usual ones.
sets = {
 "modalities_audio": {"modalities":["text","audio"],"audio":{"voice":"alloy","format":"wav"}},
 "prediction": {"prediction":{"type":"content","content":"hello"}},
 "safety_identifier": {"safety_identifier":"user-123"},
 "web_search_options_ctx": {"web_search_options":{"search_context_size":"low"}},
 "top_logprobs": {"top_logprobs":3},
 "logprobs_only": {"logprobs":True},
 "logit_bias": {"logit_bias":{"50256":-100}},
 "n3": {"n":3},
 "n1": {"n":1},
 "seed": {"seed":7},
 "penalties": {"frequency_penalty":0.3,"presence_penalty":-0.2},
 "presence_penalty": {"presence_penalty":0.4},
 "parallel_tool_calls_true": {"tools":[tool,tool2],"parallel_tool_calls":True},
 "tools_required": {"tools":[tool],"tool_choice":"required"},
 "tools_none": {"tools":[tool],"tool_choice":"none"},
 "tools_object": {"tools":[tool],"tool_choice":{"type":"function","function":{"name":"get_weather"}}},
 "tools_strict": {"tools":[tool2]},
 "response_format_text": {"response_format":{"type":"text"}},
 "response_format_json_object": {"response_format":{"type":"json_object"}},
 "response_format_json_schema_strict": {"response_format":{"type":"json_schema","json_schema":{"name":"person","schema":schema,"strict":True}}},
 "response_format_with_tools": {"response_format":{"type":"json_schema","json_schema":{"name":"person","schema":schema}},"tools":[tool]},
 "stream_options_only": {"stream_options":{"include_usage":True}},
 "stream_true_options": {"stream":True,"stream_options":{"include_usage":True}},
 "max_tokens_and_completion": {"max_tokens":100,"max_completion_tokens":200},
 "max_completion_tokens": {"max_completion_tokens":64},
 "max_tokens_big": {"max_tokens":100000},
 "reasoning_effort_minimal": {"reasoning_effort":"minimal"},
 "reasoning_effort_medium": {"reasoning_effort":"medium"},
 "reasoning_effort_none": {"reasoning_effort":"none"},
 "thinking_enabled": {"thinking":{"type":"enabled","budget_tokens":2048}},
 "thinking_disabled": {"thinking":{"type":"disabled"}},
 "verbosity": {"verbosity":"low"},
 "temperature_0": {"temperature":0},
 "temperature_2": {"temperature":2},
 "temperature_high": {"temperature":1.5,"top_p":0.5},
 "top_p": {"top_p":0.1},
 "stop_list": {"stop":["\n","END","###","STOP","x"]},
 "stop_string": {"stop":"END"},
 "user": {"user":"u-42"},
 "extra_headers": {"extra_headers":{"X-Test":"1"}},
 "functions": {"functions":[tool["function"]],"function_call":{"name":"get_weather"}},
 "service_tier": {"service_tier":"flex"},
 "top_k_extra": {"top_k":5,"repetition_penalty":1.1},
 "mixed": {"temperature":0.7,"max_tokens":256,"top_p":0.95,"stop":["\n"],"seed":1,"n":2,"presence_penalty":0.1,"frequency_penalty":0.1,"user":"u1"},
}
more = {
 "none": {},
 "sampling": {"temperature":0.2,"max_tokens":100,"stop":["\n"],"top_p":0.9},
 "tools_auto": {"tools":[tool],"tool_choice":"auto"},
 "response_format_json_schema": {"response_format":{"type":"json_schema","json_schema":{"name":"person","schema":schema}}},
 "reasoning_effort_low": {"reasoning_effort":"low"},
 "reasoning_effort_high": {"reasoning_effort":"high"},
 "stream": {"stream":True},
 "allowed_logit_bias": {"logit_bias":{"50256":-100},"allowed_openai_params":["logit_bias"]},
 "allowed_max_completion_tokens": {"max_completion_tokens":32,"allowed_openai_params":["max_completion_tokens"]},
 "additional_drop_temperature": {"temperature":0.3,"max_tokens":10,"additional_drop_params":["temperature"]},
 "user_email": {"user":"a@b.com"},
}
sets.update(more)
ALL=list(sets)
MODEL=["none","sampling","tools_required","tools_none","parallel_tool_calls_true","response_format_json_object","response_format_json_schema_strict","response_format_text","reasoning_effort_medium","reasoning_effort_minimal","thinking_enabled","stop_list","penalties","logprobs_only","top_logprobs","temperature_0","temperature_2","max_tokens_and_completion","web_search_options_ctx","n3","seed","user","modalities_audio"]
SHORT=["none","sampling","logit_bias","tools_required","response_format_json_schema","max_tokens_and_completion","top_k_extra","user","n3","stream_options_only"]
T=[]
def t(model, sets=None, **kw):
    d={"model":model}; d.update(kw)
    if sets: d["param_sets"]=sets
    T.append(d)
def cat(p, count, sets=None, **kw):
    d={"catalog":p,"count":count}; d.update(kw)
    if sets: d["param_sets"]=sets
    T.append(d)
# the providers first
t("nvidia_nim/meta/llama3-8b-instruct"); t("nvidia_nim/google/gemma-2-9b-it","MODEL"); t("nvidia_nim/nvidia/nemotron-4-340b-instruct","MODEL")
t("mistralai/mixtral-8x7b-instruct-v0.1", custom_llm_provider="nvidia_nim", sets="MODEL")
cat("sambanova",1); cat("sambanova",3,"MODEL")
t("ai21/jamba-1.5-large"); t("jamba-1.5-mini","MODEL"); t("ai21_chat/jamba-large-1.6","MODEL")
cat("featherless_ai",1); t("featherless_ai/featherless-ai/Qwerky-QwQ-32B","MODEL")
t("volcengine/doubao-seed-1-6-250615"); t("volcengine/deepseek-r1-250120","MODEL")
t("thinking-model", custom_llm_provider="volcengine", sets=["thinking_enabled","thinking_disabled","none"])
cat("deepinfra",1); cat("deepinfra",5,"MODEL"); t("deepinfra/mistralai/Mistral-7B-Instruct-v0.1","MODEL")
cat("hyperbolic",1); cat("hyperbolic",3,"MODEL")
cat("replicate",1); t("replicate/meta/llama-2-70b-chat:02e509c789964a7ea8736978a43525956ef40397be9033abf9fd2badfe68c9e3","MODEL"); t("replicate/lmsys/vicuna-13b","SHORT"); t("replicate/meta/codellama-13b","SHORT")
cat("sagemaker",1); t("sagemaker_chat/my-endpoint"); t("sagemaker/jumpstart-dft-hf-llm","MODEL")
cat("nlp_cloud",1); t("dolphin","MODEL")
t("predibase/llama-3-8b-instruct")
# the rest with own configs
t("bytez/google/gemma-3-1b-it"); t("petals/petals-team/StableBeluga2"); t("triton/my-model"); t("maritalk/sabia-3")
t("clarifai/openai.chat-completion.gpt-4o"); t("baseten/abcd1234"); t("baseten/deepseek-ai/DeepSeek-V3-0324","MODEL")
cat("azure_ai",2); t("azure_ai/grok-3-mini","MODEL"); t("azure_ai/gpt-4o","MODEL"); t("azure_ai/o3-mini","MODEL"); t("azure_ai/Phi-4-reasoning","MODEL")
cat("moonshot",1); t("moonshot/kimi-thinking-preview","MODEL"); t("moonshot/kimi-k2-thinking","MODEL")
t("text-completion-codestral/codestral-latest"); t("codestral-latest", custom_llm_provider="text-completion-codestral", sets="MODEL")
t("lm_studio/qwen2.5-7b-instruct"); t("lm_studio/llama", sets=["response_format_json_schema","response_format_json_object"])
# github_copilot: get_llm_provider authenticates over the network (device-code flow); not recordable offline
cat("snowflake",1); cat("gradient_ai",1); t("gradient_ai/openai-o3","MODEL")
cat("meta_llama",1); t("meta_llama/Llama-4-Scout-17B-16E-Instruct-FP8","MODEL")
cat("nscale",1); cat("oci",1); t("oci/cohere.command-a-03-2025"); t("oci/xai.grok-3-mini","MODEL")
cat("vercel_ai_gateway",1); cat("vercel_ai_gateway",3,"MODEL")
cat("ovhcloud",1); t("ovhcloud/gpt-oss-120b","MODEL"); t("ovhcloud/Mistral-7B-Instruct-v0.3","MODEL")
t("v0/v0-1.5-md"); t("morph/morph-v3-fast")
# vertex partners
t("vertex_ai/meta/llama-3.1-8b-instruct-maas"); t("vertex_ai/mistral-large@2407"); t("vertex_ai/codestral@2405"); t("vertex_ai/jamba-1.5-large")
t("vertex_ai/openai/gpt-oss-120b-maas"); t("vertex_ai/qwen/qwen3-235b-a22b-instruct-2507-maas","MODEL"); t("vertex_ai/deepseek-ai/deepseek-r1-0528-maas","MODEL")
t("vertex_ai/claude-sonnet-4-5@20250929","MODEL"); t("vertex_ai/claude-opus-4-1","MODEL"); t("vertex_ai/moonshotai/kimi-k2-thinking-maas","MODEL")
# OpenAI-GPT-like and OpenAI-like configs
for m in ["huggingface/meta-llama/Llama-3.1-8B-Instruct","oobabooga/my-model","dashscope/qwen-plus","compactifai/cai-llama-3-1-8b-slim","llamafile/mistral","novita/meta-llama/llama-3.1-8b-instruct","heroku/claude-3-7-sonnet","cometapi/gpt-4o","datarobot/my-model","lambda_ai/llama3.1-8b-instruct","friendliai/meta-llama-3.1-8b-instruct","empower/empower-functions","github/gpt-4o","galadriel/llama3.1","aiohttp_openai/my-model","custom_openai/my-model","openai_like/my-model","docker_model_runner/ai/smollm2","nebius/meta-llama/Meta-Llama-3.1-8B-Instruct","wandb/openai/gpt-oss-20b","lemonade/Qwen3-4B-Instruct-2507-GGUF","aiml/gpt-4o","jina_ai/jina-embeddings-v3","xinference/qwen","voyage/voyage-3","infinity/bge","clarifai/openai.chat-completion.gpt-oss-120b"]:
    t(m,"SHORT")
t("custom/my-model","SHORT")
# model-level rules on providers already mapped
for m in ["claude-sonnet-4-5-20250929","claude-opus-4-1-20250805","claude-haiku-4-5","claude-opus-4-5-20251101","claude-sonnet-4-20250514","anthropic/claude-3-7-sonnet-20250219"]:
    t(m,"MODEL")
for m in ["databricks/databricks-claude-3-7-sonnet","databricks/databricks-claude-sonnet-4","databricks/databricks-meta-llama-3-3-70b-instruct","databricks/databricks-gpt-oss-120b"]:
    t(m,"MODEL")
for m in ["bedrock/cohere.command-r-v1:0","bedrock/cohere.command-r-plus-v1:0","bedrock/cohere.command-text-v14","bedrock/meta.llama3-1-70b-instruct-v1:0","bedrock/meta.llama2-13b-chat-v1","bedrock/invoke/meta.llama3-70b-instruct-v1:0","bedrock/mistral.mistral-7b-instruct-v0:2","bedrock/invoke/mistral.mistral-large-2402-v1:0","bedrock/amazon.titan-text-express-v1","bedrock/amazon.titan-text-premier-v1:0","bedrock/us.deepseek.r1-v1:0","bedrock/invoke/us.deepseek.r1-v1:0","bedrock/deepseek.v3-v1:0","bedrock/qwen.qwen3-32b-v1:0","bedrock/invoke/qwen.qwen3-32b-v1:0","bedrock/ai21.jamba-1-5-mini-v1:0","bedrock/ai21.j2-ultra-v1","bedrock/us.amazon.nova-pro-v1:0","bedrock/invoke/us.amazon.nova-lite-v1:0","bedrock/openai.gpt-oss-20b-1:0","bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0","bedrock/invoke/anthropic.claude-opus-4-1-20250805-v1:0","bedrock/anthropic.claude-v2:1","bedrock/us.meta.llama4-scout-17b-instruct-v1:0","bedrock/twelvelabs.pegasus-1-2-v1:0"]:
    t(m,"MODEL")
for m in ["gemini/gemini-3-pro-preview","vertex_ai/gemini-3-pro-preview","gemini/gemini-2.5-flash","gemini/gemini-2.5-pro-preview-06-05"]:
    t(m,"MODEL")
for m in ["xai/grok-4","xai/grok-3-mini","xai/grok-4-1-fast-reasoning","groq/openai/gpt-oss-120b","groq/moonshotai/kimi-k2-instruct","cerebras/gpt-oss-120b","cerebras/qwen-3-32b","perplexity/sonar-reasoning","fireworks_ai/accounts/fireworks/models/deepseek-r1","together_ai/deepseek-ai/DeepSeek-R1","together_ai/Qwen/Qwen3-235B-A22B-Instruct-2507-tput","openrouter/anthropic/claude-sonnet-4","mistral/magistral-small-latest","mistral/mistral-medium-latest","hosted_vllm/Qwen/Qwen3-8B","vllm/facebook/opt-125m","watsonx/ibm/granite-3-8b-instruct","watsonx_text/ibm/granite-13b-instruct-v2","cloudflare/@cf/meta/llama-2-7b-chat-fp16","ollama/llama3.1","ollama_chat/qwen3","cohere/command-a-03-2025","command-r7b-12-2024","azure/gpt-4.1","azure/o3","azure/gpt-5-mini","gpt-5-chat-latest","gpt-4o-audio-preview","o1","o4-mini","gpt-4.1-nano","codex-mini-latest","deepseek/deepseek-chat","deepseek/o1","litellm_proxy/gpt-4o","text-completion-openai/gpt-3.5-turbo-instruct","azure_text/gpt-35-turbo-instruct"]:
    t(m,"MODEL")
# api_base alone, each endpoint of litellm.openai_compatible_endpoints
for base in ["https://api.perplexity.ai","https://api.endpoints.anyscale.com/v1","https://api.deepinfra.com/v1/openai","https://api.mistral.ai/v1","https://codestral.mistral.ai/v1/chat/completions","https://api.groq.com/openai/v1","https://integrate.api.nvidia.com/v1","https://api.deepseek.com/v1","https://api.together.xyz/v1","https://app.empower.dev/api/v1","https://api.friendli.ai/serverless/v1","https://api.sambanova.ai/v1","https://api.x.ai/v1","https://api.galadriel.ai/v1","https://api.llama.com/compat/v1/","https://api.featherless.ai/v1","https://inference.api.nscale.com/v1","https://api.studio.nebius.ai/v1","https://dashscope-intl.aliyuncs.com/compatible-mode/v1","https://api.moonshot.ai/v1","https://api.v0.dev/v1","https://api.morphllm.com/v1","https://api.lambda.ai/v1","https://api.hyperbolic.xyz/v1","https://ai-gateway.vercel.sh/v1","https://api.inference.wandb.ai/v1","https://api.clarifai.com/v2/ext/openai/v1","https://api.cerebras.ai/v1","https://inference.baseten.co/v1","https://api.ai21.com/studio/v1","http://localhost:8000/v1"]:
    t("my-model", ["none","logit_bias","max_tokens_and_completion","top_k_extra","tools_required","n3"], api_base=base)
t("gpt-4o", ["none","logit_bias","top_k_extra"], api_base="https://api.x.ai/v1")
t("claude-3-5-sonnet-20240620", ["none","logit_bias","top_k_extra"], api_base="https://api.sambanova.ai/v1")
t("my-model", ["none","logit_bias"], api_base="https://api.x.ai/v1", custom_llm_provider="foo")
# an explicit provider with an api_base: the provider decides, the api_base is kept
for base in ["https://api.x.ai/v1","https://api.sambanova.ai/v1","http://localhost:8000/v1"]:
    for p in ["openai","groq","hosted_vllm","openai_like"]:
        t("llama-3-8b", ["none","logit_bias","top_k_extra","max_tokens_and_completion"], custom_llm_provider=p, api_base=base)
# explicit providers
for m,p in [("meta/llama3-8b-instruct","nvidia_nim"),("Meta-Llama-3.1-8B-Instruct","sambanova"),("jamba-1.5-large","ai21"),("Gryphe/MythoMax-L2-13b","deepinfra"),("meta/llama-3-8b","replicate"),("my-endpoint","sagemaker"),("dolphin","nlp_cloud"),("llama-3-8b","predibase"),("grok-3","xai"),("my-model","foo"),("claude-sonnet-4-5","anthropic"),("gpt-4o","azure_ai"),("cohere.command-r-v1:0","bedrock")]:
    t(m, SHORT, custom_llm_provider=p)
comp_sets={"basic":{},"params":{"temperature":0.2,"max_tokens":50},"n2":{"n":2},"stream":{"stream":True},
 # errors of get_optional_params as completion() raises them
 "err_reasoning_effort":{"reasoning_effort":"low"},
 "err_seed_allowed":{"seed":3,"allowed_openai_params":["seed"]},
 "err_max_retries":{"max_retries":2},
 "err_user":{"user":"u"},
 "err_tools_allowed":{"tools":[tool],"allowed_openai_params":["tools"]},
 "err_tool_choice":{"tools":[tool],"tool_choice":"required"},
 "err_audio":{"audio":{"format":"mp3"}},
 "err_bad_effort":{"reasoning_effort":"bogus","allowed_openai_params":["reasoning_effort"]},
}
BASIC=["basic","params","n2","stream"]
CT=[]
def ct(m, sets=BASIC, **kw):
    d={"model":m}; d.update(kw)
    d["param_sets"]=sets
    CT.append(d)
for p,n in [("sambanova",3),("deepinfra",4),("hyperbolic",2),("replicate",2),("featherless_ai",1),("nscale",2),("ovhcloud",2),("lambda_ai",2),("moonshot",2),("dashscope",2),("wandb",2),("snowflake",2),("gradient_ai",2),("oci",2),("vercel_ai_gateway",3),("azure_ai",3),("meta_llama",1),("v0",1),("morph",1),("heroku",1),("lemonade",1),("cloudflare",1),("databricks",2),("watsonx",2),("friendliai",1),("nlp_cloud",1),("sagemaker",1),("ai21",2),("fireworks_ai",2),("together_ai",2),("groq",2),("xai",2),("mistral",2),("perplexity",1),("cerebras",1),("deepseek",1),("openrouter",2)]:
    CT.append({"catalog":p,"count":n,"param_sets":["basic","params"]})
for m in ["nvidia_nim/meta/llama3-8b-instruct","volcengine/doubao-seed-1-6-250615","predibase/llama-3-8b-instruct","ai21/jamba-1.5-large","claude-opus-4-5-20251101","claude-sonnet-4-5","bedrock/us.anthropic.claude-opus-4-5-20251101-v1:0","bedrock/cohere.command-r-v1:0","bedrock/meta.llama3-1-70b-instruct-v1:0","vertex_ai/meta/llama-3.1-8b-instruct-maas","vertex_ai/jamba-1.5-large","vertex_ai/openai/gpt-oss-120b-maas","gemini/gemini-3-pro-preview","xai/grok-4-1-fast-reasoning","cerebras/gpt-oss-120b","together_ai/zai-org/GLM-4.6"]:
    ct(m)
for m,err_sets in [("databricks/databricks-meta-llama-3-3-70b-instruct",["err_reasoning_effort"]),
               ("databricks/databricks-claude-3-7-sonnet",["err_bad_effort"]),("bytez/google/gemma-3-1b-it",["err_seed_allowed"]),
               ("oci/meta.llama-3.3-70b-instruct",["err_max_retries"]),("gradient_ai/openai-gpt-4o",["err_user"]),
               ("featherless_ai/featherless-ai/Qwerky-72B",["err_tools_allowed"]),("deepinfra/Gryphe/MythoMax-L2-13b",["err_tool_choice"]),
               ("vertex_ai/chat-bison",["err_audio"]),("claude-3-7-sonnet-20250219",["err_bad_effort"]),
               ("watsonx/ibm/granite-3-8b-instruct",["err_bad_effort"])]:
    ct(m, err_sets)
for base in ["https://api.x.ai/v1","https://api.sambanova.ai/v1","https://api.moonshot.ai/v1"]:
    ct("my-model", ["basic","params"], api_base=base)
    ct("gpt-4o", ["basic","stream","n2"], api_base=base)
spec={"id_prefix":"fidelity","dedupe_drop":True,"groups":{"MODEL":MODEL,"SHORT":SHORT},"drop_params":[False,True],"param_sets":sets,"targets":T,
      "completions":{"mock_response":"Hello world","param_sets":comp_sets,"targets":CT}}
out=os.path.join(os.path.dirname(os.path.abspath(__file__)), "providers.json")
with open(out, "w") as f:
    json.dump(spec, f, indent=1)
    f.write("\n")
print("%s: %d targets, %d completion targets, %d param sets" % (out, len(T), len(CT), len(sets)))
