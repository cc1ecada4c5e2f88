#!/usr/bin/env python3
"""Writes every_provider.json, the recording spec of testdata/cases/fidelity-every-provider.jsonl:
every LlmProviders value of LiteLLM 1.80.5 with a model no catalog knows and twelve param
sets of unusual values (zeros, empty stop, extras with allowed_openai_params and
additional_drop_params, e-mail users, thinking with tools, audio modalities, ...).

    python3 scripts/recordings/every_provider_spec.py
"""
import json
import os
provs=['openai', 'openai_like', 'jina_ai', 'xai', 'custom_openai', 'text-completion-openai', 'cohere', 'cohere_chat', 'clarifai', 'anthropic', 'anthropic_text', 'bytez', 'replicate', 'runwayml', 'huggingface', 'together_ai', 'openrouter', 'datarobot', 'vertex_ai', 'vertex_ai_beta', 'gemini', 'ai21', 'baseten', 'azure', 'azure_text', 'azure_ai', 'sagemaker', 'sagemaker_chat', 'bedrock', 'vllm', 'nlp_cloud', 'petals', 'oobabooga', 'ollama', 'ollama_chat', 'deepinfra', 'perplexity', 'mistral', 'milvus', 'groq', 'nvidia_nim', 'cerebras', 'ai21_chat', 'volcengine', 'codestral', 'text-completion-codestral', 'dashscope', 'moonshot', 'v0', 'morph', 'lambda_ai', 'deepseek', 'sambanova', 'maritalk', 'voyage', 'cloudflare', 'xinference', 'fireworks_ai', 'friendliai', 'featherless_ai', 'watsonx', 'watsonx_text', 'triton', 'predibase', 'databricks', 'empower', 'github', 'compactifai', 'docker_model_runner', 'custom', 'litellm_proxy', 'hosted_vllm', 'llamafile', 'lm_studio', 'galadriel', 'nebius', 'infinity', 'deepgram', 'elevenlabs', 'novita', 'aiohttp_openai', 'langfuse', 'humanloop', 'topaz', 'assemblyai', 'snowflake', 'gradient_ai', 'meta_llama', 'nscale', 'pg_vector', 'hyperbolic', 'recraft', 'fal_ai', 'heroku', 'aiml', 'cometapi', 'oci', 'auto_router', 'vercel_ai_gateway', 'dotprompt', 'wandb', 'ovhcloud', 'lemonade']
tool = {"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"a":{"type":"integer"}},"additionalProperties":False},"strict":True}}
sets={
 "s1":{"temperature":0,"max_tokens":0,"n":1,"stop":"","top_p":1},
 "s2":{"tools":[tool],"tool_choice":{"type":"function","function":{"name":"f"}},"parallel_tool_calls":True},
 "s3":{"response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{"type":"object","properties":{"b":{"type":"number"}},"required":["b"]},"strict":True}},"stream":True},
 "s4":{"extra_body":{"k":1},"top_k":2,"min_p":0.1,"allowed_openai_params":["seed"],"seed":9},
 "s5":{"additional_drop_params":["top_k","extra_body"],"top_k":3,"extra_body":{"z":1},"temperature":0.9},
 "s6":{"user":"someone@example.com","reasoning_effort":"low","max_completion_tokens":2000},
 "s7":{"thinking":{"type":"enabled","budget_tokens":1024},"tools":[tool]},
 "s8":{"modalities":["text","image"],"logprobs":True,"top_logprobs":5,"presence_penalty":2},
 "s9":{"stream":False,"stream_options":{"include_usage":True},"max_retries":3,"extra_headers":{"h":"v"}},
 "s10":{"functions":[tool["function"]],"function_call":"none","tool_choice":"auto"},
 "s11":{"response_format":{"type":"json_object"},"tools":[tool],"tool_choice":"required"},
 "s12":{"audio":{"voice":"alloy","format":"pcm16"},"modalities":["audio"]},
}
# Each provider under a model name no catalog knows, as a prefix; a few as an
# explicit custom_llm_provider. replicate's completion is left out: LiteLLM
# prices an unmapped replicate model by the request's wall time.
T=[{"model":p+"/org/some-model-7b"} for p in provs]
T+=[{"model":"test-model","custom_llm_provider":p,"param_sets":["s1","s4","s6"]} for p in provs]
spec={"id_prefix":"every-provider","dedupe_drop":True,"drop_params":[False,True],"param_sets":sets,"targets":T,
 "completions":{"mock_response":"Hey","param_sets":{"basic":{}},
                "targets":[{"model":p+"/org/some-model-7b"} for p in provs if p != "replicate"]}}
out=os.path.join(os.path.dirname(os.path.abspath(__file__)), "every_provider.json")
with open(out, "w") as f:
    json.dump(spec, f, indent=1)
    f.write("\n")
print("%s: %d targets, %d param sets" % (out, len(T), len(sets)))
