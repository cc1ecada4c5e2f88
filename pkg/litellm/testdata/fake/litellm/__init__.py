"""A small stand-in for litellm, for testing llmbench's driver without LiteLLM.

Behaviour is switched by environment variables read at import:
  FAKE_LITELLM_SLOW_START=S   sleep S seconds while importing
  FAKE_LITELLM_IMPORT_ERROR=M raise ImportError(M) while importing
  FAKE_LITELLM_CRASH_AFTER=N  the process dies (exit 3) in the Nth completion call
  FAKE_LITELLM_NOISE=1        write junk to file descriptor 1 at import and on every call
  FAKE_LITELLM_PIDFILE=F      write the process id into F
"""
import asyncio
import functools
import os
import sys
import time
import uuid

if os.environ.get("FAKE_LITELLM_IMPORT_ERROR"):
    raise ImportError(os.environ["FAKE_LITELLM_IMPORT_ERROR"])
if os.environ.get("FAKE_LITELLM_PIDFILE"):
    with open(os.environ["FAKE_LITELLM_PIDFILE"], "w") as f:
        f.write(str(os.getpid()))
if os.environ.get("FAKE_LITELLM_SLOW_START"):
    time.sleep(float(os.environ["FAKE_LITELLM_SLOW_START"]))
_NOISE = bool(os.environ.get("FAKE_LITELLM_NOISE"))
_CRASH_AFTER = int(os.environ.get("FAKE_LITELLM_CRASH_AFTER") or 0)
if _NOISE:
    os.write(1, b"fake litellm: hello from import\n")
    print("fake litellm: a print at import")

__version__ = "0.0.fake"
drop_params = False
telemetry = True
suppress_debug_info = False
provider_list = ["openai", "anthropic"]
_custom_providers = []
calls = 0

from litellm.litellm_core_utils.logging_worker import GLOBAL_LOGGING_WORKER  # noqa: E402
from litellm.utils import UnsupportedParamsError, get_optional_params  # noqa: E402,F401


class BadRequestError(Exception):
    pass


def get_llm_provider(model, custom_llm_provider=None, api_base=None):
    if custom_llm_provider:
        return model, custom_llm_provider, None, api_base
    if "/" in model:
        p, m = model.split("/", 1)
        if p not in provider_list:
            raise BadRequestError("LLM Provider NOT provided. You passed model=%s" % model)
        return m, p, None, api_base
    if model.startswith("claude"):
        return model, "anthropic", None, api_base
    return model, "openai", None, api_base


class ModelResponse:
    def __init__(self, model, content):
        self.model = model
        self.content = content
        self.id = "chatcmpl-" + str(uuid.uuid4())
        self._hidden_params = {"response_cost": 0.000225}

    def model_dump(self):
        return {"id": self.id, "model": self.model, "object": "chat.completion",
                "choices": [{"index": 0, "message": {"role": "assistant", "content": self.content}}],
                "weird": object()}


def _spin(n):
    x = 0
    for i in range(n):
        x += i * i
    return x


def _call(kw):
    global calls
    calls += 1
    if _NOISE:
        os.write(1, b"fake litellm: noise on stdout\n")
    if _CRASH_AFTER and calls >= _CRASH_AFTER:
        os._exit(3)
    model, provider, _, _ = get_llm_provider(kw["model"], kw.get("custom_llm_provider"))
    params = {k: v for k, v in kw.items()
              if k not in ("model", "messages", "mock_response", "custom_llm_provider", "stream", "api_base")}
    get_optional_params(model=model, custom_llm_provider=provider, **params)
    if kw.get("mock_response") == "raise":
        raise BadRequestError("litellm.BadRequestError: mock says no")
    _spin(int(os.environ.get("FAKE_LITELLM_SPIN") or 200))
    return ModelResponse(model, kw.get("mock_response") or "This is a mock request")


class _Stream:
    def __init__(self, resp):
        self.parts = [{"content": resp.content[i:i + 3]} for i in range(0, len(resp.content), 3)]

    def __iter__(self):
        return iter(self.parts)

    def __aiter__(self):
        self._it = iter(self.parts)
        return self

    async def __anext__(self):
        try:
            return next(self._it)
        except StopIteration:
            raise StopAsyncIteration


def completion(**kw):
    r = _call(kw)
    return _Stream(r) if kw.get("stream") else r


async def _log(r):
    await asyncio.sleep(0)
    _spin(2000)
    GLOBAL_LOGGING_WORKER.logged += 1


async def acompletion(**kw):
    # As LiteLLM does: the blocking call in the loop's default executor.
    r = await asyncio.get_running_loop().run_in_executor(None, functools.partial(_call, kw))
    GLOBAL_LOGGING_WORKER.enqueue(_log(r))
    return _Stream(r) if kw.get("stream") else r
