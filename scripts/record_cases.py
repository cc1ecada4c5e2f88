#!/usr/bin/env python3
"""Record llmbench cases from real LiteLLM.

    python3 scripts/record_cases.py SPEC.json [--out FILE]

Expands a recording spec (scripts/recordings/README.md) into cases, runs each on
the LiteLLM that is importable and writes them, with what LiteLLM did as their
expectation, in the case format of DESIGN.md section 3 (JSONL, one case a line):
stdout without --out; --out writes a temporary file next to FILE and renames it.

A case is get_llm_provider(model, custom_llm_provider, api_base) followed by a
direct get_optional_params(...) call (without a stream argument, as LiteLLM's
tests call it), or, for a completion target, one litellm.completion(...,
mock_response=...) call. Executing a case is pkg/litellm/driver.py's run_case,
the one implementation of "run a case on LiteLLM" in llmbench (the litellm
target's driver uses it too); this script only expands specs and turns results
into expectations. Standard library and litellm only:

    . ../shared/litellm/env.sh && "$LLMBENCH_PYTHON" scripts/record_cases.py \\
        scripts/recordings/providers.json --out testdata/cases/fidelity-providers.jsonl
"""

import argparse
import copy
import importlib.util
import json
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DRIVER = os.path.join(HERE, "..", "pkg", "litellm", "driver.py")


def _driver():
    spec = importlib.util.spec_from_file_location("llmbench_litellm_driver", DRIVER)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _litellm():
    import litellm

    litellm.telemetry = False
    litellm.suppress_debug_info = True
    return litellm


def _blank(v):
    """A response's random id and time as the case format's placeholders."""
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
    """The case with the expectation that result (run_case's raw outputs) meets."""
    line = {k: v for k, v in case.items() if k not in ("expect", "expect_error", "partial")}
    completion = "mock_response" in case or case.get("mock_tool_calls") is not None
    if "error" in result:
        line["expect_error"] = {"type": result["error"]["type"], "contains": result["error"]["message"]}
        if "chunks" in result:
            line["expect"] = {"chunks": [_sorted(_blank(c)) for c in result["chunks"]]}
        return line
    if completion:
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


# ---- specs


def catalog_models(litellm, provider, count, modes=("chat", "completion"), skip=(), prefix=None, offset=0.0):
    """count models of provider from LiteLLM's catalog (litellm.model_cost), spread
    evenly over its sorted keys starting offset (a fraction of the spacing) into
    them, each with prefix (default: the provider and "/", so that
    get_llm_provider resolves the provider the catalog names) unless the key
    already starts with it."""
    if prefix is None:
        prefix = provider + "/"
    keys = []
    for k, v in sorted(litellm.model_cost.items()):
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
    return [keys[int((i + offset) * step)] for i in range(count)]


TARGET_KEYS = ("catalog", "count", "modes", "skip", "prefix", "offset")


def _targets(litellm, targets):
    out = []
    for t in targets:
        if "catalog" in t:
            rest = {k: v for k, v in t.items() if k not in TARGET_KEYS}
            for m in catalog_models(litellm, t["catalog"], t.get("count", 4),
                                    tuple(t.get("modes", ("chat", "completion"))), tuple(t.get("skip", ())),
                                    t.get("prefix"), float(t.get("offset", 0.0))):
                out.append(dict(rest, model=m))
        else:
            out.append(t)
    return out


def _target_name(t):
    name = t["model"] + "|" + (t.get("custom_llm_provider") or "")
    if t.get("api_base"):
        name += "|" + t["api_base"]
    return name


def _sets_of(t, sets, groups):
    only = t.get("param_sets")
    if isinstance(only, str):
        only = groups[only]
    return [(n, p) for n, p in sets.items() if only is None or n in only]


def expand(litellm, spec):
    """The cases of a recording spec: every target with each of its param sets
    and each drop_params setting, then every completion target with each of its
    param sets. Case ids are unique; a repeated one is left out."""
    prefix = spec.get("id_prefix", "recorded")
    drops = spec.get("drop_params", [False, True])
    groups = spec.get("groups", {})
    cases, seen = [], set()

    def add(c):
        if c["id"] not in seen:
            seen.add(c["id"])
            cases.append(c)

    for t in _targets(litellm, spec.get("targets", [])):
        for name, params in _sets_of(t, spec.get("param_sets", {}), groups):
            for d in drops:
                c = {"id": "%s/%s|%s|drop=%s" % (prefix, _target_name(t), name, str(d).lower()), "model": t["model"]}
                for k in ("custom_llm_provider", "api_base"):
                    if t.get(k):
                        c[k] = t[k]
                c["params"] = params
                c["drop_params"] = d
                add(c)
    comp = spec.get("completions") or {}
    for t in _targets(litellm, comp.get("targets", [])):
        for name, params in _sets_of(t, comp.get("param_sets", {"basic": {}}), groups):
            c = {"id": "%s-completion/%s|%s" % (prefix, _target_name(t), name), "model": t["model"]}
            for k in ("custom_llm_provider", "api_base"):
                if t.get(k):
                    c[k] = t[k]
            c["params"] = params
            c["mock_response"] = comp.get("mock_response", "Hello world")
            add(c)
    return cases


def _outcome_key(c, res):
    """What a case checks, with its model names taken out: the resolved provider,
    the param set, drop_params and the outcome (an error's type and text with the
    model named as <model>, or the optional params)."""
    provider = res.get("custom_llm_provider") or c.get("custom_llm_provider") or c["model"].split("/", 1)[0]
    pset = c["id"].rsplit("|drop=", 1)[0].rsplit("|", 1)[-1]
    model = res.get("model") or c["model"]
    text = json.dumps(res, sort_keys=True, default=str)
    for m in sorted({model, c["model"], c["model"].split("/", 1)[-1]}, key=len, reverse=True):
        text = text.replace(m, "<model>")
    return (provider, pset, c.get("drop_params"), "mock_response" in c, text)


def record(spec):
    """Runs the cases of a spec on LiteLLM and returns them with their
    expectations. With "dedupe_drop": true, a drop_params=true case whose outcome
    is that of the drop_params=false case before it is left out (it would check
    nothing the first does not). With "dedupe_outcome": true, a case is left out
    when an earlier one of the same provider and param set had the same outcome
    up to the model's name (another model of a provider checks nothing new unless
    LiteLLM treats it differently)."""
    driver, litellm = _driver(), _litellm()
    out, prev, outcomes = [], None, set()
    for c in expand(litellm, spec):
        # run_case gets a copy: LiteLLM changes some arguments in place (tool
        # schemas lose "strict", non-default params are popped).
        res = driver.jsonable(driver.run_case(litellm, copy.deepcopy(c)))
        key = c["id"].rsplit("|drop=", 1)[0]
        if spec.get("dedupe_drop") and c.get("drop_params") is True and prev == (key, res):
            continue
        if c.get("drop_params") is False:
            prev = (key, res)
        if spec.get("dedupe_outcome"):
            ok = _outcome_key(c, res)
            if ok in outcomes:
                continue
            outcomes.add(ok)
        out.append(expect_from(c, res))
    return out


def write_lines(lines, out):
    if out is None:
        for l in lines:
            sys.stdout.write(l + "\n")
        return
    fd, tmp = tempfile.mkstemp(prefix=".record-", dir=os.path.dirname(os.path.abspath(out)))
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
    ap = argparse.ArgumentParser(description="Record llmbench cases from real LiteLLM.")
    ap.add_argument("spec", help="recording spec (JSON)")
    ap.add_argument("--out", help="case file to write (default: stdout)")
    a = ap.parse_args(argv)
    with open(a.spec) as f:
        spec = json.load(f)
    lines = [json.dumps(c, ensure_ascii=False, separators=(",", ":")) for c in record(spec)]
    write_lines(lines, a.out)
    sys.stderr.write("recorded %d cases from %s\n" % (len(lines), a.spec))
    return 0


if __name__ == "__main__":
    sys.exit(main())
