#!/usr/bin/env python3
"""Run llmbench cases on real LiteLLM, and record new ones from it.

Two jobs, one way of executing a case:

  run_case(case) -> result
      Executes one case (the JSONL case format of DESIGN.md section 3) on the
      LiteLLM that is importable, the way the conformance cases were recorded:
      get_llm_provider(model, custom_llm_provider, api_base) and then a direct
      get_optional_params(model=<resolved>, custom_llm_provider=<resolved>,
      messages=[user "hello"], ...) call; or, for a case with mock_response or
      mock_tool_calls, one whole litellm.completion(...) call. The result holds
      the raw outputs (model, custom_llm_provider, api_base, optional_params,
      response, chunks, cost) or the raised error's type and message; it does
      not compare anything.

  expect_from(case, result) -> case line
      Turns a result into the case's expectation (expect / expect_error).

Commands:

  python3 scripts/litellm_cases.py record SPEC.json [--out FILE]
      Expands a recording spec (see scripts/recordings/README.md) into cases,
      runs each on LiteLLM and writes them, with their expectations, as JSONL
      (to stdout without --out; --out writes a temporary file and renames it).

  python3 scripts/litellm_cases.py run [FILE]
      Reads case lines (from FILE or stdin) and writes one result line each:
      {"id": ..., "result": {...}}. This is the part a driver for real LiteLLM
      can reuse unchanged (import this file and call run_case).

Needs only the standard library and litellm; run it with LiteLLM on the path,
e.g. `. ../shared/litellm/env.sh && "$LLMBENCH_PYTHON" scripts/litellm_cases.py ...`.
"""

import argparse
import copy
import json
import math
import os
import sys
import tempfile

MESSAGES = [{"role": "user", "content": "hello"}]

# Case keys that are not keyword arguments of the call.
CASE_KEYS = {"id", "expect", "expect_error", "partial", "settings", "stage", "optional_params_in",
             "keys_present", "keys_absent", "model", "custom_llm_provider", "api_base", "params",
             "drop_params", "additional_drop_params", "allowed_openai_params", "mock_response",
             "mock_tool_calls", "messages"}

_litellm = None


def _lib():
    """Imports litellm once, quietly."""
    global _litellm
    if _litellm is None:
        import litellm

        litellm.telemetry = False
        litellm.suppress_debug_info = True
        litellm.set_verbose = False
        _litellm = litellm
    return _litellm


def plain(v):
    """Converts LiteLLM's outputs (pydantic models, tuples, ...) into JSON values."""
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        if math.isnan(v) or math.isinf(v):
            return repr(v)
        return v
    if isinstance(v, dict):
        return {str(k): plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    dump = getattr(v, "model_dump", None)
    if callable(dump):
        return plain(dump())
    return repr(v)


def error_of(e):
    """The type and message of a raised error, as the case format compares them:
    the message without one leading "litellm.<Type>: " of the error's own type."""
    t = type(e).__name__
    msg = str(e)
    prefix = "litellm." + t + ": "
    if msg.startswith(prefix):
        msg = msg[len(prefix):]
    return {"type": t, "message": msg}


class _Settings:
    """Applies a case's process-wide settings for the length of one call."""

    def __init__(self, settings):
        self.settings = settings or {}

    def __enter__(self):
        lib = _lib()
        self.saved = (lib.drop_params, list(lib.custom_provider_map), list(lib.provider_list))
        if "drop_params" in self.settings:
            lib.drop_params = bool(self.settings["drop_params"])
        for p in self.settings.get("custom_provider_map") or []:
            name = p["provider"] if isinstance(p, dict) else p
            if name not in lib.provider_list:
                lib.provider_list.append(name)
        return self

    def __exit__(self, *exc):
        lib = _lib()
        lib.drop_params, cpm, pl = self.saved
        lib.custom_provider_map[:] = cpm
        lib.provider_list[:] = pl
        return False


def _kwargs(case):
    """The keyword arguments of the call: params plus the LiteLLM controls."""
    kw = {}
    for k, v in (case.get("params") or {}).items():
        kw[k] = v
    for k, v in case.items():
        if k not in CASE_KEYS:
            kw[k] = v
    for k in ("drop_params", "additional_drop_params", "allowed_openai_params"):
        if case.get(k) is not None:
            kw[k] = case[k]
    return kw


def run_case(case):
    """Executes one case on LiteLLM and returns its raw outputs (see the module doc).
    The case is not modified: LiteLLM changes some arguments in place (tool
    schemas lose "strict", non-default params are popped), so it gets a copy."""
    case = copy.deepcopy(case)
    lib = _lib()
    with _Settings(case.get("settings")):
        if "mock_response" in case or case.get("mock_tool_calls") is not None:
            return _run_completion(lib, case)
        return _run_optional_params(lib, case)


def _run_optional_params(lib, case):
    from litellm.utils import get_optional_params

    kw = _kwargs(case)
    api_base = kw.pop("api_base", None) or kw.pop("base_url", None) or case.get("api_base")
    try:
        model, provider, _, base = lib.get_llm_provider(
            model=case["model"], custom_llm_provider=case.get("custom_llm_provider"), api_base=api_base)
    except Exception as e:  # LiteLLM's own error, compared by type and text
        return {"error": error_of(e)}
    out = {"model": model, "custom_llm_provider": provider, "api_base": base}
    try:
        if case.get("stage") == "map_openai_params":
            cfg = lib.ProviderConfigManager.get_provider_chat_config(
                model=model, provider=lib.LlmProviders(provider))
            params = dict(case.get("params") or {})
            opt = cfg.map_openai_params(non_default_params=params,
                                        optional_params=dict(case.get("optional_params_in") or {}),
                                        model=model, drop_params=bool(case.get("drop_params")))
        else:
            opt = get_optional_params(model=model, custom_llm_provider=provider, messages=MESSAGES, **kw)
    except Exception as e:
        out["error"] = error_of(e)
        return out
    out["optional_params"] = plain(opt)
    return out


def _run_completion(lib, case):
    kw = _kwargs(case)
    if case.get("custom_llm_provider") is not None:
        kw["custom_llm_provider"] = case["custom_llm_provider"]
    if case.get("api_base") is not None:
        kw["api_base"] = case["api_base"]
    if "mock_response" in case:
        kw["mock_response"] = case["mock_response"]
    if case.get("mock_tool_calls") is not None:
        kw["mock_tool_calls"] = case["mock_tool_calls"]
    out = {}
    try:
        r = lib.completion(model=case["model"], messages=case.get("messages") or MESSAGES, **kw)
    except Exception as e:
        out["error"] = error_of(e)
        return out
    if kw.get("stream"):
        chunks = []
        out["chunks"] = chunks
        try:
            for ch in r:
                chunks.append(plain(ch.model_dump()))
        except Exception as e:
            out["error"] = error_of(e)
        return out
    out["response"] = plain(r.model_dump())
    out["cost"] = (getattr(r, "_hidden_params", None) or {}).get("response_cost")
    return out


def _blank(v):
    """Replaces a response's random id and time by the case format's placeholders."""
    if isinstance(v, dict):
        v = dict(v)
        if isinstance(v.get("id"), str) and v["id"].startswith("chatcmpl-"):
            v["id"] = "<id>"
        if isinstance(v.get("created"), int):
            v["created"] = "<created>"
    return v


def _sorted(v):
    if isinstance(v, dict):
        return {k: _sorted(v[k]) for k in sorted(v)}
    if isinstance(v, list):
        return [_sorted(x) for x in v]
    return v


def expect_from(case, result):
    """Returns the case with the expectation that result meets."""
    line = {k: v for k, v in case.items() if k not in ("expect", "expect_error", "partial")}
    if "error" in result:
        line["expect_error"] = {"type": result["error"]["type"], "contains": result["error"]["message"]}
        if "chunks" in result:
            line["expect"] = {"chunks": [_sorted(_blank(c)) for c in result["chunks"]]}
        return line
    if "mock_response" in case or case.get("mock_tool_calls") is not None:
        exp = {}
        if "response" in result:
            exp["response"] = _sorted(_blank(result["response"]))
            if result.get("cost") is not None:
                exp["cost"] = result["cost"]
        else:
            exp["chunks"] = [_sorted(_blank(c)) for c in result["chunks"]]
    else:
        exp = {"model": result["model"], "custom_llm_provider": result["custom_llm_provider"],
               "api_base": result["api_base"], "optional_params": _sorted(result["optional_params"])}
    line["expect"] = exp
    line["partial"] = False
    return line


# ---- recording specs ----

def _catalog():
    lib = _lib()
    return lib.model_cost


def catalog_models(provider, count, modes=("chat", "completion"), skip=(), prefix=None):
    """count models of provider from LiteLLM's catalog, spread evenly over its
    sorted keys, each with prefix (default: the provider and "/", so that
    get_llm_provider resolves the provider the catalog names) unless the key
    already starts with it."""
    if prefix is None:
        prefix = provider + "/"
    keys = []
    for k, v in sorted(_catalog().items()):
        if k == "sample_spec" or not isinstance(v, dict):
            continue
        if v.get("litellm_provider") != provider or v.get("mode", "chat") not in modes:
            continue
        if any(s in k for s in skip):
            continue
        keys.append(k if k.startswith(prefix) else prefix + k)
    if count >= len(keys):
        return keys
    step = len(keys) / count
    return [keys[int(i * step)] for i in range(count)]


def _targets(spec):
    out = []
    for t in spec.get("targets", []):
        if "catalog" in t:
            for m in catalog_models(t["catalog"], t.get("count", 4), tuple(t.get("modes", ("chat", "completion"))),
                                    tuple(t.get("skip", ())), t.get("prefix")):
                out.append({k: v for k, v in t.items()
                            if k not in ("catalog", "count", "modes", "skip", "prefix")} | {"model": m})
        else:
            out.append(t)
    return out


def _target_name(t):
    name = t["model"]
    if t.get("custom_llm_provider"):
        name += "|" + t["custom_llm_provider"]
    else:
        name += "|"
    if t.get("api_base"):
        name += "|" + t["api_base"]
    return name


def expand(spec):
    """The cases of a recording spec: every target with every param set (with
    each drop_params setting), then the completion targets."""
    prefix = spec.get("id_prefix", "recorded")
    drops = spec.get("drop_params", [False, True])
    cases, seen = [], set()

    def add(c):
        if c["id"] in seen:
            return
        seen.add(c["id"])
        cases.append(c)

    sets = spec.get("param_sets", {})
    groups = spec.get("groups", {})
    for t in _targets(spec):
        only = t.get("param_sets")
        if isinstance(only, str):  # a group name
            only = groups[only]
        for name, params in sets.items():
            if only is not None and name not in only:
                continue
            for d in drops:
                c = {"id": "%s/%s|%s|drop=%s" % (prefix, _target_name(t), name, str(d).lower()),
                     "model": t["model"]}
                if t.get("custom_llm_provider"):
                    c["custom_llm_provider"] = t["custom_llm_provider"]
                if t.get("api_base"):
                    c["api_base"] = t["api_base"]
                c["params"] = params
                c["drop_params"] = d
                add(c)
    comp = spec.get("completions") or {}
    csets = comp.get("param_sets", {"basic": {}})
    for t in _targets(comp):
        only = t.get("param_sets")
        for name, params in csets.items():
            if only is not None and name not in only:
                continue
            c = {"id": "%s-completion/%s|%s" % (prefix, _target_name(t), name), "model": t["model"]}
            for k in ("custom_llm_provider", "api_base"):
                if t.get(k):
                    c[k] = t[k]
            c["params"] = params
            c["mock_response"] = comp.get("mock_response", "Hello world")
            add(c)
    return cases


def record(spec):
    """Runs the cases of a spec and returns them with their expectations.
    With "dedupe_drop": true, a drop_params=true case whose outcome is the
    same as that of the drop_params=false case before it is left out (it
    would check nothing the first does not)."""
    out, prev = [], None
    for c in expand(spec):
        res = run_case(c)
        if (spec.get("dedupe_drop") and c.get("drop_params") is True and prev is not None
                and prev[0] == c["id"].rsplit("|drop=", 1)[0] and prev[1] == res):
            continue
        if c.get("drop_params") is False:
            prev = (c["id"].rsplit("|drop=", 1)[0], res)
        out.append(expect_from(c, res))
    return out


def _write(lines, out):
    if out is None:
        for l in lines:
            sys.stdout.write(l + "\n")
        return
    d = os.path.dirname(os.path.abspath(out))
    fd, tmp = tempfile.mkstemp(prefix=".record-", dir=d)
    try:
        with os.fdopen(fd, "w") as f:
            for l in lines:
                f.write(l + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    except BaseException:
        os.unlink(tmp)
        raise


def main(argv=None):
    ap = argparse.ArgumentParser(description="Run or record llmbench cases on real LiteLLM.")
    sub = ap.add_subparsers(dest="cmd", required=True)
    rec = sub.add_parser("record", help="record the cases of a spec")
    rec.add_argument("spec")
    rec.add_argument("--out")
    run = sub.add_parser("run", help="run case lines, print raw results")
    run.add_argument("file", nargs="?")
    a = ap.parse_args(argv)
    if a.cmd == "record":
        with open(a.spec) as f:
            spec = json.load(f)
        lines = []
        for c in record(spec):
            lines.append(json.dumps(c, ensure_ascii=False, separators=(",", ":")))
        _write(lines, a.out)
        sys.stderr.write("recorded %d cases from %s\n" % (len(lines), a.spec))
        return 0
    src = open(a.file) if a.file else sys.stdin
    for n, raw in enumerate(src, 1):
        raw = raw.strip()
        if not raw or raw.startswith("#"):
            continue
        c = json.loads(raw)
        print(json.dumps({"id": c.get("id"), "result": run_case(c)}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
