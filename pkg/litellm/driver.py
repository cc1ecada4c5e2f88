"""llmbench's driver for real LiteLLM: protocol llmbench.driver/v1 over stdin/stdout.

llmbench starts this file (embedded in its binary) with the interpreter it chose and
talks JSON lines with it: one request a line on stdin, one reply a line on stdout.
LiteLLM's own prints cannot corrupt the replies: file descriptor 1 is pointed at
stderr before litellm is imported, and replies go to a private copy of the original
stdout. Standard library only; Python 3.9 or later.

    python3 driver.py [--tree DIR]

--tree DIR: litellm must be imported from DIR (llmbench puts DIR first on PYTHONPATH);
the hello reply is an error naming the file that was imported instead.

The driver executes and measures; llmbench compares and judges. Operations (see
DESIGN.md section 6 of llmbench):

  hello    name, version, implementation, variants, capabilities, env
  load     requests (case-file or inspect format) and settings for batch/warmup/profile
  warmup   run n requests untimed
  batch    run requests [from, to): "async" = litellm.acompletion calls gathered in one
           persistent event loop (the optimization summary's set-up), "sync" = a loop
           of litellm.completion; measured with the driver's own clock
  cases    run case-file cases and return the raw outputs
  profile  run the loaded requests under a statistical sampler; return the stacks
  bye      exit 0

The case executor (run_case) is the one implementation of "run a case on LiteLLM" in
llmbench: scripts that record cases import this file and call it.
"""

import asyncio
import concurrent.futures
import contextlib
import copy
import gc
import json
import math
import os
import platform
import signal
import socket
import sys
import threading
import time
import traceback

PROTOCOL = "llmbench.driver/v1"
NAME = "litellm"
VARIANT = "litellm"
CAPABILITIES = ["bench", "cases", "profile"]
MODES = ("async", "sync")

# The messages of a request or case that gives none, as the conformance cases were
# recorded with.
DEFAULT_MESSAGES = [{"role": "user", "content": "hello"}]

# Keys of a case line that are not arguments of the call.
CASE_KEYS = frozenset(
    [
        "id",
        "expect",
        "expect_error",
        "partial",
        "settings",
        "stage",
        "optional_params_in",
        "keys_present",
        "keys_absent",
    ]
)

# How long a batch may wait for the logging work its calls queued (LiteLLM's logging
# worker and thread pool) before the driver gives up waiting.
DRAIN_TIMEOUT_S = 30.0


class ProtocolError(Exception):
    """A request the driver cannot serve: the reply is {"error": ...}."""

    def __init__(self, message, kind="BadRequest"):
        Exception.__init__(self, message)
        self.kind = kind


# --------------------------------------------------------------------------------------
# JSON


def jsonable(v):
    """Converts what LiteLLM returns into plain JSON values (non-finite floats as null,
    unknown objects by their model_dump or repr)."""
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, float):
        return v if math.isfinite(v) else None
    if isinstance(v, dict):
        return {str(k): jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [jsonable(x) for x in v]
    dump = getattr(v, "model_dump", None)
    if callable(dump):
        try:
            return jsonable(dump())
        except Exception:
            pass
    return repr(v)


def encode(reply):
    return json.dumps(jsonable(reply), ensure_ascii=False, separators=(",", ":"), allow_nan=False)


# --------------------------------------------------------------------------------------
# Requests


def call_kwargs(req):
    """The keyword arguments of litellm.completion for a request in the case/inspect
    format: params at the top level or in "params", base_url as api_base."""
    if not isinstance(req, dict):
        raise ProtocolError("a request must be a JSON object, got %s" % type(req).__name__)
    kw = {}
    for k, v in req.items():
        if k in CASE_KEYS:
            continue
        if k == "params":
            if v is None:
                continue
            if not isinstance(v, dict):
                raise ProtocolError("params must be an object")
            kw.update(v)
        elif k == "base_url":
            kw["api_base"] = v
        else:
            kw[k] = v
    if not isinstance(kw.get("model"), str):
        raise ProtocolError("a request needs a model (a string)")
    if kw.get("messages") is None:
        kw["messages"] = DEFAULT_MESSAGES
    return kw


def fresh(reqs):
    """Copies of the requests' arguments for one run: LiteLLM writes into some of the
    dicts it is given (metadata, messages), and a request run again must not see
    what the last run left there. Made before the clock starts."""
    return [copy.deepcopy(kw) for kw in reqs]


def is_stream(kw):
    return kw.get("stream") is True


# --------------------------------------------------------------------------------------
# LiteLLM's process-wide settings


class Settings:
    """Applies llmbench's settings (litellm.drop_params, providers registered at run
    time, environment variables) and restores LiteLLM's values afterwards."""

    def __init__(self, litellm):
        self.litellm = litellm

    @contextlib.contextmanager
    def applied(self, settings):
        lm = self.litellm
        settings = settings or {}
        saved_drop = getattr(lm, "drop_params", False)
        saved_lists = {}
        saved_env = {}
        try:
            env = settings.get("env") or {}
            if not isinstance(env, dict):
                raise ProtocolError("settings.env must be an object of strings")
            for k, v in env.items():
                saved_env[k] = os.environ.get(k)
                if v:  # an empty value is an unset variable, as for llmbench
                    os.environ[k] = str(v)
                else:
                    os.environ.pop(k, None)
            if settings.get("drop_params") is not None:
                lm.drop_params = bool(settings["drop_params"])
            names = []
            for e in settings.get("custom_provider_map") or settings.get("custom_providers") or []:
                name = e.get("provider") if isinstance(e, dict) else e
                if isinstance(name, str) and name:
                    names.append(name)
            if names:
                for attr in ("provider_list", "_custom_providers"):
                    cur = getattr(lm, attr, None)
                    if isinstance(cur, list):
                        saved_lists[attr] = list(cur)
                        for n in names:
                            if n not in cur:
                                cur.append(n)
            yield
        finally:
            lm.drop_params = saved_drop
            for attr, old in saved_lists.items():
                getattr(lm, attr)[:] = old
            for k, old in saved_env.items():
                if old is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = old


# --------------------------------------------------------------------------------------
# Cases: the raw outputs of one case on LiteLLM


def error_output(e):
    """An error as llmbench compares it: LiteLLM's exception class name and its text
    without the one leading "litellm.<Type>: " of its own type (the case format's
    convention; other drivers report messages the same way)."""
    kind = type(e).__name__
    msg = str(e)
    prefix = "litellm." + kind + ": "
    if msg.startswith(prefix):
        msg = msg[len(prefix):]
    # Some of LiteLLM's messages end with the traceback of the error they wrap: the
    # files and lines of one tree, not behaviour.
    i = msg.find("Traceback (most recent call last):")
    if i >= 0:
        msg = msg[:i].rstrip()
    return {"type": kind, "message": msg}


def dump(obj):
    d = getattr(obj, "model_dump", None)
    return jsonable(d() if callable(d) else obj)


def run_case(litellm, case, settings=None):
    """Runs one case (a decoded case-file line) on litellm and returns its raw outputs:
    model, custom_llm_provider, api_base, optional_params (get_optional_params and
    map_openai_params cases), response or chunks and cost (completion cases), and error
    {type, message} when LiteLLM raised. Comparing them with the expectations is the
    caller's job."""
    if settings is None:
        settings = Settings(litellm)
    kw = call_kwargs(case)
    with settings.applied(case.get("settings")):
        if "mock_response" in case or case.get("mock_tool_calls") is not None:
            return _completion_case(litellm, kw)
        if case.get("stage") == "map_openai_params":
            return _map_case(litellm, kw, case.get("optional_params_in"))
        return _optional_params_case(litellm, kw)


def _resolve(litellm, kw):
    return litellm.get_llm_provider(
        model=kw["model"],
        custom_llm_provider=kw.get("custom_llm_provider"),
        api_base=kw.get("api_base"),
    )


def _optional_params_case(litellm, kw):
    from litellm.utils import get_optional_params

    out = {}
    try:
        model, provider, _, api_base = _resolve(litellm, kw)
        args = {k: v for k, v in kw.items() if k not in ("model", "custom_llm_provider", "api_base")}
        optional = get_optional_params(model=model, custom_llm_provider=provider, **args)
        out.update(model=model, custom_llm_provider=provider, api_base=api_base, optional_params=optional)
    except Exception as e:
        out["error"] = error_output(e)
    return out


def _map_case(litellm, kw, optional_in):
    from litellm.types.utils import LlmProviders
    from litellm.utils import ProviderConfigManager

    out = {}
    try:
        model, provider, _, api_base = _resolve(litellm, kw)
        out.update(model=model, custom_llm_provider=provider, api_base=api_base)
        config = ProviderConfigManager.get_provider_chat_config(model=model, provider=LlmProviders(provider))
        if config is None:
            raise ValueError("no chat config for provider %r" % provider)
        skip = ("model", "custom_llm_provider", "api_base", "messages", "drop_params",
                "additional_drop_params", "allowed_openai_params")
        params = {k: v for k, v in kw.items() if k not in skip}
        out["optional_params"] = config.map_openai_params(
            non_default_params=params,
            optional_params=dict(optional_in or {}),
            model=model,
            drop_params=bool(kw.get("drop_params")),
        )
    except Exception as e:
        out["error"] = error_output(e)
    return out


def _completion_case(litellm, kw):
    out = {}
    chunks = None
    try:
        resp = litellm.completion(**kw)
        # Asked to stream, LiteLLM may still return a whole response (a pydantic
        # model, whose iteration yields its fields): that is what it answered.
        if is_stream(kw) and not hasattr(resp, "model_dump"):
            chunks = []
            for ch in resp:
                chunks.append(dump(ch))
            out["chunks"] = chunks
        else:
            out["response"] = dump(resp)
            hidden = getattr(resp, "_hidden_params", None) or {}
            out["cost"] = jsonable(hidden.get("response_cost"))
    except Exception as e:
        if chunks is not None:
            out["chunks"] = chunks
        out["error"] = error_output(e)
    return out


# --------------------------------------------------------------------------------------
# Batches


class Runner:
    """Runs loaded requests through litellm in one persistent event loop (LiteLLM's
    logging worker binds to the first loop it sees: asyncio.run twice would break it)."""

    def __init__(self, litellm):
        self.litellm = litellm
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)
        # The loop's default executor, as asyncio would create it on first use; made
        # here so that profile can swap it for the inline one and back.
        self.pool = concurrent.futures.ThreadPoolExecutor(thread_name_prefix="asyncio")
        self.loop.set_default_executor(self.pool)
        self.requests = []
        self.settings = {}

    # -- one call

    async def _one_async(self, kw, lat, i, errs):
        lm = self.litellm
        t0 = time.perf_counter_ns()
        try:
            r = await lm.acompletion(**kw)
            if is_stream(kw) and hasattr(r, "__aiter__"):
                async for _ in r:
                    pass
        except Exception as e:
            errs.append(e)
        lat[i] = time.perf_counter_ns() - t0

    def _one_sync(self, kw, lat, i, errs):
        t0 = time.perf_counter_ns()
        try:
            r = self.litellm.completion(**kw)
            if is_stream(kw) and not hasattr(r, "model_dump"):
                for _ in r:
                    pass
        except Exception as e:
            errs.append(e)
        lat[i] = time.perf_counter_ns() - t0

    # -- many calls

    async def _gather(self, reqs, concurrency, lat, errs):
        if concurrency <= 0 or concurrency >= len(reqs):
            await asyncio.gather(*[self._one_async(kw, lat, i, errs) for i, kw in enumerate(reqs)])
            return

        async def worker(lo, hi):
            for i in range(lo, hi):
                await self._one_async(reqs[i], lat, i, errs)

        n = len(reqs)
        await asyncio.gather(*[worker(w * n // concurrency, (w + 1) * n // concurrency) for w in range(concurrency)])

    def _loop_sync(self, reqs, concurrency, lat, errs):
        if concurrency <= 1:
            for i, kw in enumerate(reqs):
                self._one_sync(kw, lat, i, errs)
            return
        n = len(reqs)

        def worker(lo, hi):
            for i in range(lo, hi):
                self._one_sync(reqs[i], lat, i, errs)

        ts = [threading.Thread(target=worker, args=(w * n // concurrency, (w + 1) * n // concurrency))
              for w in range(min(concurrency, n))]
        for t in ts:
            t.start()
        for t in ts:
            t.join()

    def run(self, reqs, mode, concurrency):
        """Runs reqs and waits for the logging work they queued; returns the per-call
        latencies (ns), the errors and the time spent waiting for that work."""
        lat = [0] * len(reqs)
        errs = []
        if mode == "async":
            self.loop.run_until_complete(self._gather(reqs, concurrency, lat, errs))
        else:
            self._loop_sync(reqs, concurrency, lat, errs)
        t = time.perf_counter_ns()
        self.drain()
        return lat, errs, time.perf_counter_ns() - t

    @contextlib.contextmanager
    def inline_executor(self, on):
        """While on, run_in_executor(None, ...) runs the function at once on the loop's
        thread (acompletion runs completion() that way). Python runs signal handlers
        only on the main thread, and only once that thread holds the GIL: by then a
        worker thread has usually finished its work item and waits for the next, or is
        stopped at the call that released the GIL (os.urandom in uuid4, the loop's
        self-pipe write), so the sampler would put completion()'s CPU there. Inline,
        completion() is sampled where it runs, like everything else on the loop."""
        if not on:
            yield
            return
        self.loop.set_default_executor(_InlineExecutor())
        try:
            yield
        finally:
            self.loop.set_default_executor(self.pool)

    @contextlib.contextmanager
    def woken_by_signals(self):
        """Makes the event loop wake up when a signal arrives, so that its handler runs
        at once even while the loop waits for its executor threads (Python sets a flag
        in the C-level handler and runs the Python one only when the main thread gets
        to it)."""
        r, w = socket.socketpair()
        r.setblocking(False)
        w.setblocking(False)

        def discard():
            try:
                while r.recv(4096):
                    pass
            except (BlockingIOError, InterruptedError):
                pass

        self.loop.add_reader(r.fileno(), discard)
        old = signal.set_wakeup_fd(w.fileno(), warn_on_full_buffer=False)
        try:
            yield
        finally:
            signal.set_wakeup_fd(old)
            self.loop.remove_reader(r.fileno())
            r.close()
            w.close()

    def close(self):
        """Cancels the tasks still pending on the loop (LiteLLM's logging worker waits
        for work forever), so that the interpreter exits without warnings."""
        pending = [t for t in asyncio.all_tasks(self.loop) if not t.done()]
        for t in pending:
            t.cancel()
        if pending:
            self.loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))

    # -- waiting for LiteLLM's deferred work

    def drain(self):
        """Waits until the success/failure logging LiteLLM queued has run: the tasks of
        its async logging worker and the jobs of its thread pool."""
        deadline = time.monotonic() + DRAIN_TIMEOUT_S
        self.loop.run_until_complete(self._drain_async(deadline))
        pool = _litellm_executor()
        while pool is not None and not _pool_idle(pool) and time.monotonic() < deadline:
            time.sleep(0.0002)
        # Async handlers may have been queued by the thread pool's jobs.
        self.loop.run_until_complete(self._drain_async(deadline))

    async def _drain_async(self, deadline):
        worker = _logging_worker()
        while time.monotonic() < deadline:
            queue = getattr(worker, "_queue", None) if worker is not None else None
            running = getattr(worker, "_running_tasks", None) if worker is not None else None
            others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task() and not t.done()
                      and (worker is None or t is not getattr(worker, "_worker_task", None))]
            if (queue is None or queue.empty()) and not running and not others:
                return
            await asyncio.sleep(0)


class _InlineExecutor(concurrent.futures.ThreadPoolExecutor):
    """An executor that runs each job at once in the caller's thread (a
    ThreadPoolExecutor only because asyncio's set_default_executor wants one)."""

    def submit(self, fn, *args, **kwargs):
        f = concurrent.futures.Future()
        try:
            f.set_result(fn(*args, **kwargs))
        except BaseException as e:
            f.set_exception(e)
        return f


def _logging_worker():
    mod = sys.modules.get("litellm.litellm_core_utils.logging_worker")
    return getattr(mod, "GLOBAL_LOGGING_WORKER", None) if mod is not None else None


def _litellm_executor():
    mod = sys.modules.get("litellm.litellm_core_utils.thread_pool_executor")
    return getattr(mod, "executor", None) if mod is not None else None


def _pool_idle(pool):
    """Whether a concurrent.futures.ThreadPoolExecutor has no queued or running job."""
    q = getattr(pool, "_work_queue", None)
    sem = getattr(pool, "_idle_semaphore", None)
    threads = getattr(pool, "_threads", None)
    if q is None or sem is None or threads is None:
        return True
    return q.empty() and getattr(sem, "_value", 0) >= len(threads)


def gc_collections():
    return sum(s.get("collections", 0) for s in gc.get_stats())


# --------------------------------------------------------------------------------------
# The sampler


class Sampler:
    """A statistical CPU sampler for all of the process's Python threads.

    setitimer(ITIMER_PROF) sends SIGPROF for every `interval` of CPU the process uses;
    Python runs the handler on the main thread (the event loop's). The handler reads
    every thread's own CPU clock and adds what each used since the last signal to that
    thread's account; for every `period` in an account it records one sample of that
    thread's current stack: the main thread's interrupted frame, or the frame
    sys._current_frames() gives for another thread (LiteLLM's executors run
    completion() there). Each thread is sampled in proportion to the CPU it uses, and
    the count of a stack times the period estimates the CPU spent there.

    Another thread may have done its work and gone back to waiting by the time the
    handler runs. Its stack is then its idle position (where it waits for work), which
    used no CPU: the sampler learns these positions at start (every thread but the
    main one is idle then) and keeps such a thread's account until the thread is next
    found working, so that its CPU goes to the code it runs.
    """

    def __init__(self, period_ns):
        self.period = max(1, int(period_ns))
        self.main = threading.main_thread().ident
        self.clocks = {}
        self.last = {}
        self.acc = {}
        self.counts = {}
        self.names = {}
        self.idle = set()
        self.signals = 0
        self.cpu0 = 0
        self.busy = False

    def _cpu(self, ident):
        clk = self.clocks.get(ident)
        if clk is None:
            clk = time.pthread_getcpuclockid(ident)
            self.clocks[ident] = clk
        return time.clock_gettime_ns(clk)

    def start(self, interval_s):
        for ident, f in sys._current_frames().items():
            try:
                self.last[ident] = self._cpu(ident)
            except (OSError, OverflowError):
                continue
            if ident != self.main and f is not None:
                self.idle.add((f.f_code, f.f_lineno))
        self.cpu0 = time.process_time_ns()
        signal.signal(signal.SIGPROF, self._handler)
        signal.setitimer(signal.ITIMER_PROF, interval_s, interval_s)

    def stop(self):
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
        signal.signal(signal.SIGPROF, signal.SIG_IGN)
        return time.process_time_ns() - self.cpu0

    def _handler(self, signum, frame):
        # CPython may run the handler again inside itself when a signal arrives
        # meanwhile; that one would sample the handler.
        if self.busy:
            return
        while frame is not None and frame.f_code in _SAMPLER_CODE:
            frame = frame.f_back
        self.busy = True
        try:
            self._sample(frame)
        finally:
            self.busy = False

    def _sample(self, frame):
        self.signals += 1
        period = self.period
        for ident, f in sys._current_frames().items():
            try:
                now = self._cpu(ident)
            except (OSError, OverflowError):
                continue
            d = now - self.last.get(ident, 0)
            self.last[ident] = now
            if d <= 0:
                continue
            a = self.acc.get(ident, 0) + d
            if ident == self.main:
                f = frame
            elif a >= period and (f is None or (f.f_code, f.f_lineno) in self.idle):
                self.acc[ident] = a  # found waiting: its CPU was spent elsewhere
                continue
            n = a // period
            self.acc[ident] = a - n * period
            if n:
                self._record(f, n)
        # The handler's own CPU is not the program's: the main thread's account
        # starts again after it.
        try:
            self.last[self.main] = self._cpu(self.main)
        except (OSError, OverflowError):
            pass

    def _record(self, f, n):
        key = []
        names = self.names
        while f is not None:
            code = f.f_code
            if code not in names:
                names[code] = f.f_globals.get("__name__") or ""
            key.append((code, f.f_lineno or 0))
            f = f.f_back
        key = tuple(key)
        self.counts[key] = self.counts.get(key, 0) + n

    def stacks(self):
        out = []
        for key, n in self.counts.items():
            frames = []
            for code, line in key:
                frames.append({"function": _function_name(self.names.get(code, ""), code),
                               "file": code.co_filename, "line": line})
            out.append({"frames": frames, "count": n})
        out.sort(key=lambda s: -s["count"])
        return out


_SAMPLER_CODE = frozenset(f.__code__ for f in (Sampler._handler, Sampler._sample, Sampler._record, Sampler._cpu))


def _function_name(module, code):
    if module == "__main__":
        module = "llmbench_driver"
    qual = getattr(code, "co_qualname", code.co_name)  # co_qualname: Python 3.11+
    return module + "." + qual if module else qual


# --------------------------------------------------------------------------------------
# The protocol


class Driver:
    def __init__(self, out, tree=None):
        self.out = out
        self.tree = tree
        self.litellm = None
        self.import_error = None
        self.import_s = 0.0
        self.runner = None
        self.settings = None
        # The calibrated sampling interval by (mode, rate): llmbench profiles in
        # slices, and the kernel's tick does not change between them.
        self.intervals = {}

    # -- start-up

    def import_litellm(self):
        os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
        t = time.perf_counter()
        try:
            import litellm
        except BaseException as e:  # SyntaxError, SystemExit from a broken tree, ...
            self.import_error = _import_failure(e)
            return
        self.import_s = time.perf_counter() - t
        if self.tree is not None:
            f = os.path.realpath(getattr(litellm, "__file__", "") or "")
            root = os.path.realpath(self.tree)
            if not f.startswith(root.rstrip(os.sep) + os.sep):
                self.import_error = {"type": "WrongTree",
                                     "message": "litellm was imported from %s, not from %s" % (f, root)}
                return
        litellm.telemetry = False
        litellm.suppress_debug_info = True
        self.litellm = litellm
        self.runner = Runner(litellm)
        self.settings = Settings(litellm)

    def env(self):
        lm = self.litellm
        e = {
            "python": platform.python_version(),
            "python_implementation": platform.python_implementation(),
            "executable": sys.executable,
            "platform": platform.platform(),
            "litellm_file": getattr(lm, "__file__", None),
            "litellm_version": litellm_version(lm),
            "import_s": round(self.import_s, 3),
            "drop_params": bool(getattr(lm, "drop_params", False)),
            "gc_threshold": list(gc.get_threshold()),
            "gc_enabled": gc.isenabled(),
            "switch_interval_s": sys.getswitchinterval(),
        }
        for k in ("LITELLM_LOCAL_MODEL_COST_MAP", "LITELLM_DROP_PARAMS", "PYTHONHASHSEED", "PYTHONPATH",
                  "AIOHTTP_NO_EXTENSIONS"):
            if os.environ.get(k) is not None:
                e[k] = os.environ[k]
        return e

    # -- the loop

    def serve(self, lines):
        for raw in lines:
            raw = raw.strip()
            if not raw:
                continue
            try:
                req = json.loads(raw)
            except ValueError as e:
                self.reply({"error": {"type": "BadRequest", "message": "malformed JSON: %s" % e}})
                continue
            if not isinstance(req, dict):
                self.reply({"error": {"type": "BadRequest", "message": "a request must be a JSON object"}})
                continue
            op = req.get("op")
            if op == "bye":
                return 0
            try:
                self.reply(self.handle(op, req))
            except ProtocolError as e:
                self.reply({"error": {"type": e.kind, "message": str(e)}})
            except Exception as e:
                self.reply({"error": {"type": type(e).__name__, "message": "%s: %s" % (op, e),
                                      "traceback": traceback.format_exc(limit=8)}})
        return 0

    def reply(self, obj):
        self.out.write(encode(obj) + "\n")
        self.out.flush()

    def handle(self, op, req):
        if op == "hello":
            if req.get("protocol") not in (None, PROTOCOL):
                raise ProtocolError("protocol %r not supported (this driver speaks %s)" % (req.get("protocol"), PROTOCOL),
                                    "ProtocolMismatch")
            if self.litellm is None:
                e = self.import_error or {"type": "ImportError", "message": "litellm was not imported"}
                return {"error": e}
            return {"op": "hello", "protocol": PROTOCOL, "name": NAME, "version": litellm_version(self.litellm),
                    "implementation": "%s %s" % (platform.python_implementation(), platform.python_version()),
                    "variants": [VARIANT], "capabilities": CAPABILITIES, "env": self.env()}
        if self.litellm is None:
            raise ProtocolError("litellm is not imported: %s" % (self.import_error or {}).get("message"), "ImportError")
        fn = {"load": self.op_load, "warmup": self.op_warmup, "batch": self.op_batch, "cases": self.op_cases,
              "profile": self.op_profile}.get(op)
        if fn is None:
            raise ProtocolError("unknown op %r" % (op,))
        return fn(req)

    def _variant(self, req):
        v = req.get("variant")
        if v not in (None, "", VARIANT):
            raise ProtocolError("unknown variant %r (this driver runs %r)" % (v, VARIANT), "UnknownVariant")

    def _mode(self, req):
        m = req.get("mode") or "async"
        if m not in MODES:
            raise ProtocolError("unknown mode %r (want async or sync)" % (m,))
        return m

    def op_load(self, req):
        reqs = req.get("requests")
        if reqs is None:
            reqs = []
        if not isinstance(reqs, list):
            raise ProtocolError("load needs a list of requests")
        out = []
        for i, r in enumerate(reqs):
            try:
                out.append(call_kwargs(r))
            except ProtocolError as e:
                raise ProtocolError("request %d: %s" % (i, e))
        settings = req.get("settings") or {}
        if not isinstance(settings, dict):
            raise ProtocolError("settings must be an object")
        if settings.get("model_catalog"):
            raise ProtocolError("LiteLLM prices and describes models from its own catalog: a model catalog file "
                                "(--model-catalog) applies to llmbench's pipeline only", "Unsupported")
        unknown = sorted(set(settings) - {"drop_params", "model_catalog", "custom_provider_map", "custom_providers", "env"})
        if unknown:
            raise ProtocolError("unknown settings %s" % ", ".join(unknown), "Unsupported")
        self.runner.requests = out
        self.runner.settings = settings
        return {"op": "load", "n": len(out)}

    def _need_load(self):
        if not self.runner.requests:
            raise ProtocolError("no requests loaded (send load first)")

    def op_warmup(self, req):
        self._variant(req)
        self._need_load()
        n = _int(req, "n", 0)
        mode = self._mode(req)
        reqs = self.runner.requests
        with self.settings.applied(self.runner.settings):
            while n > 0:
                k = min(n, len(reqs))
                self.runner.run(fresh(reqs[:k]), mode, 0)
                n -= k
        return {"op": "warmup"}

    def op_batch(self, req):
        self._variant(req)
        self._need_load()
        reqs = self.runner.requests
        lo, hi = _int(req, "from", 0), _int(req, "to", len(reqs))
        if not 0 <= lo < hi <= len(reqs):
            raise ProtocolError("batch [%d, %d) is outside the %d loaded requests" % (lo, hi, len(reqs)))
        mode = self._mode(req)
        conc = _int(req, "concurrency", 0)
        batch = fresh(reqs[lo:hi])
        with self.settings.applied(self.runner.settings):
            g0 = gc_collections()
            c0 = time.process_time_ns()
            t0 = time.perf_counter_ns()
            lat, errs, drain_ns = self.runner.run(batch, mode, conc)
            t1 = time.perf_counter_ns()
            c1 = time.process_time_ns()
            g1 = gc_collections()
        rep = {"op": "batch", "wall_ns": t1 - t0, "cpu_ns": c1 - c0, "gc_cycles": g1 - g0,
               "latencies_ns": lat, "errors": len(errs), "drain_ns": drain_ns}
        if errs:
            rep["first_error"] = error_output(errs[0])
        return rep

    def op_cases(self, req):
        self._variant(req)
        cases = req.get("cases")
        if not isinstance(cases, list):
            raise ProtocolError("cases needs a list of cases")
        results = []
        with self.settings.applied(self.runner.settings):  # the load's settings, under each case's own
            for i, c in enumerate(cases):
                try:
                    r = run_case(self.litellm, c, self.settings)
                except ProtocolError as e:
                    r = {"error": {"type": "BadCase", "message": "case %d: %s" % (i, e)}}
                if isinstance(c, dict) and "id" in c:
                    r["id"] = c["id"]
                results.append(r)
        # Logging the case calls queued must not run into the next operation.
        self.runner.drain()
        return {"op": "cases", "results": results}

    def op_profile(self, req):
        self._variant(req)
        self._need_load()
        if not hasattr(signal, "setitimer") or not hasattr(time, "pthread_getcpuclockid"):
            raise ProtocolError("profiling needs setitimer and per-thread CPU clocks (Unix)", "Unsupported")
        duration = _int(req, "duration_ns", 5 * 10 ** 9)
        rate = _int(req, "rate_hz", 250)
        if duration <= 0 or rate <= 0:
            raise ProtocolError("duration_ns and rate_hz must be positive")
        mode = self._mode(req)
        min_samples = _int(req, "min_samples", 0)
        max_ns = max(duration, _int(req, "max_duration_ns", duration))
        reqs = self.runner.requests
        size = max(1, min(len(reqs), _int(req, "batch", 100)))
        with self.settings.applied(self.runner.settings), self.runner.woken_by_signals(), \
                self.runner.inline_executor(mode == "async"):
            interval = self.intervals.get((mode, rate))
            if interval is None:
                interval = self.intervals[(mode, rate)] = self._calibrate(reqs, mode, size, 1.0 / rate)
            sampler = Sampler(interval * 1e9)
            calls = 0
            t0 = time.perf_counter_ns()
            sampler.start(1.0 / rate)
            try:
                i = 0
                while True:
                    el = time.perf_counter_ns() - t0
                    total = sum(sampler.counts.values())
                    if el >= max_ns or (el >= duration and total >= min_samples):
                        break
                    chunk = fresh([reqs[(i + k) % len(reqs)] for k in range(size)])
                    i = (i + size) % len(reqs)
                    self.runner.run(chunk, mode, 0)
                    calls += len(chunk)
            finally:
                cpu = sampler.stop()
            wall = time.perf_counter_ns() - t0
        stacks = sampler.stacks()
        total = sum(s["count"] for s in stacks)
        return {"op": "profile", "stacks": stacks, "period_ns": int(cpu / total) if total else int(interval * 1e9),
                "requests": calls, "wall_ns": wall, "cpu_ns": cpu, "signals": sampler.signals,
                "sampling_period_ns": sampler.period, "mode": mode,
                "executor": "inline" if mode == "async" else "threads"}

    def _calibrate(self, reqs, mode, size, asked):
        """The CPU time between two handled SIGPROF signals, never less than asked: the
        kernel delivers CPU-time timer signals at most about once per tick, and Python
        runs a handler once for signals that arrive together, so a finer period would
        count one observation several times."""
        seen = [0]

        def count(signum, frame):
            seen[0] += 1

        old = signal.signal(signal.SIGPROF, count)
        c0 = time.process_time_ns()
        signal.setitimer(signal.ITIMER_PROF, asked, asked)
        try:
            t0 = time.perf_counter()
            while time.perf_counter() - t0 < 0.3 or seen[0] < 20:
                self.runner.run(fresh(reqs[:size]), mode, 0)
                if time.perf_counter() - t0 > 5:
                    break
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0, 0)
            signal.signal(signal.SIGPROF, old)
        cpu = (time.process_time_ns() - c0) / 1e9
        return max(asked, cpu / seen[0]) if seen[0] else asked


def _int(req, key, default):
    v = req.get(key, default)
    if v is None:
        return default
    if isinstance(v, bool) or not isinstance(v, (int, float)) or v != int(v):
        raise ProtocolError("%s must be an integer, got %r" % (key, v))
    return int(v)


def litellm_version(lm):
    try:
        from importlib import metadata

        return metadata.version("litellm")
    except Exception:
        return getattr(lm, "__version__", None) or "unknown"


def _import_failure(e):
    """One line about why `import litellm` failed, naming the file and line of a syntax
    error or of the innermost frame in litellm."""
    kind = type(e).__name__
    msg = str(e)
    if isinstance(e, SyntaxError) and e.filename:
        msg = "%s (%s line %s)" % (e.msg, e.filename, e.lineno)
    else:
        tb = traceback.extract_tb(e.__traceback__)
        where = [fr for fr in tb if os.sep + "litellm" + os.sep in fr.filename]
        if where:
            msg += " (%s line %s)" % (where[-1].filename, where[-1].lineno)
    if isinstance(e, ModuleNotFoundError) and getattr(e, "name", None) == "litellm":
        kind = "NoLiteLLM"
    return {"type": kind, "message": msg}


def main(argv):
    tree = None
    if len(argv) >= 2 and argv[0] == "--tree":
        tree = argv[1]
    # Replies go to a private copy of stdout; whatever LiteLLM prints goes to stderr.
    out = os.fdopen(os.dup(1), "w", encoding="utf-8", newline="\n")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    d = Driver(out, tree)
    d.import_litellm()
    try:
        rc = d.serve(sys.stdin)
    finally:
        if d.runner is not None:
            d.runner.close()
    # Every operation waited for the work it queued: nothing is left to do. The
    # interpreter's own exit would run LiteLLM's atexit clean-ups (a new event loop
    # to close HTTP clients it never opened) and join its thread pools, seconds on a
    # busy machine, past llmbench's wait for a driver to leave after bye.
    for f in (out, sys.stderr):
        try:
            f.flush()
        except (OSError, ValueError):
            pass
    os._exit(rc)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
