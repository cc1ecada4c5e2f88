import os

import litellm
from litellm.types.utils import LlmProviders


class UnsupportedParamsError(Exception):
    pass


def get_optional_params(model, custom_llm_provider="", drop_params=None, messages=None, stream=False,
                        additional_drop_params=None, allowed_openai_params=None, **kwargs):
    out = {k: v for k, v in kwargs.items() if v is not None}
    if os.environ.get("FAKE_ECHO"):
        out["echo_env"] = os.environ["FAKE_ECHO"]
    if stream is not None:
        out["stream"] = stream
    if custom_llm_provider == "anthropic" and "logit_bias" in out:
        if drop_params or litellm.drop_params:
            out.pop("logit_bias")
        else:
            raise UnsupportedParamsError(
                "litellm.UnsupportedParamsError: anthropic does not support parameters: ['logit_bias'], for model=%s" % model)
    return out


class _Config:
    def map_openai_params(self, non_default_params, optional_params, model, drop_params):
        optional_params.update(non_default_params)
        return optional_params


class ProviderConfigManager:
    @staticmethod
    def get_provider_chat_config(model, provider):
        return _Config() if provider in (LlmProviders.OPENAI, LlmProviders.ANTHROPIC) else None
