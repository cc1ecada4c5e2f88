"""Unit tests of driver.py against the fake litellm in testdata/fake (run by go test:
TestDriverPython in litellm_test.go, or by hand:
PYTHONPATH=testdata/fake python3 -m unittest driver_test)."""

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
FAKE = os.path.join(HERE, "testdata", "fake")
DRIVER = os.path.join(HERE, "driver.py")
sys.path.insert(0, HERE)
if FAKE not in sys.path:
    sys.path.insert(0, FAKE)

import driver  # noqa: E402


def session(lines, env=None, args=()):
    """Runs the driver as llmbench does and returns its reply lines and stderr."""
    e = dict(os.environ)
    e["PYTHONPATH"] = FAKE
    e["PYTHONDONTWRITEBYTECODE"] = "1"
    e.update(env or {})
    p = subprocess.run([sys.executable, DRIVER] + list(args), input="\n".join(json.dumps(x) if not isinstance(x, str) else x
                                                                            for x in lines) + "\n",
                       capture_output=True, text=True, env=e, timeout=120)
    return [json.loads(x) for x in p.stdout.splitlines()], p.stderr, p.returncode


HELLO = {"op": "hello", "protocol": "llmbench.driver/v1"}
REQ = {"model": "openai/gpt-4o", "messages": [{"role": "user", "content": "hello"}], "mock_response": "Hello, world!"}


class Kwargs(unittest.TestCase):
    def test_params_flattened(self):
        kw = driver.call_kwargs({"model": "gpt-4o", "params": {"temperature": 0.2}, "base_url": "http://x",
                                 "id": "c", "expect": {}, "top_k": 3})
        self.assertEqual(kw, {"model": "gpt-4o", "temperature": 0.2, "api_base": "http://x", "top_k": 3,
                              "messages": driver.DEFAULT_MESSAGES})

    def test_bad_requests(self):
        for bad in ([], {"params": {}}, {"model": 3}, {"model": "m", "params": [1]}):
            with self.assertRaises(driver.ProtocolError):
                driver.call_kwargs(bad)

    def test_jsonable(self):
        self.assertEqual(driver.jsonable({"a": float("nan"), "b": (1, 2), 3: object}),
                         {"a": None, "b": [1, 2], "3": repr(object)})


class Protocol(unittest.TestCase):
    def test_session(self):
        replies, err, rc = session([
            HELLO,
            {"op": "load", "requests": [REQ, dict(REQ, params={"stream": True})], "settings": {}},
            {"op": "warmup", "variant": "litellm", "n": 5},
            {"op": "batch", "variant": "litellm", "from": 0, "to": 2, "concurrency": 0, "mode": "async"},
            {"op": "batch", "variant": "litellm", "from": 0, "to": 2, "concurrency": 2, "mode": "sync"},
            {"op": "cases", "variant": "litellm", "cases": [
                {"id": "a", "model": "claude-3", "params": {"logit_bias": {"1": 2}}, "drop_params": False},
                {"id": "b", "model": "claude-3", "params": {"logit_bias": {"1": 2}}, "drop_params": None,
                 "settings": {"drop_params": True}},
                {"id": "c", "model": "gpt-4o", "params": {}, "mock_response": "hi"},
                {"id": "d", "model": "gpt-4o", "params": {}, "settings": {"env": {"FAKE_ECHO": "yes"}}},
                {"id": "e", "model": "gpt-4o", "params": {}},
            ]},
            {"op": "bye"},
        ])
        self.assertEqual(rc, 0, err)
        hello, load, warm, b1, b2, cases = replies
        self.assertEqual(hello["name"], "litellm")
        self.assertEqual(hello["variants"], ["litellm"])
        self.assertEqual(hello["capabilities"], ["bench", "cases", "profile"])
        self.assertIn("litellm_file", hello["env"])
        self.assertEqual(load, {"op": "load", "n": 2})
        self.assertEqual(warm, {"op": "warmup"})
        for b in (b1, b2):
            self.assertEqual(b["op"], "batch")
            self.assertEqual(len(b["latencies_ns"]), 2)
            self.assertEqual(b["errors"], 0)
            self.assertGreater(b["wall_ns"], 0)
            self.assertGreater(b["cpu_ns"], 0)
            self.assertNotIn("allocs", b)
        a, b, c, d, e = cases["results"]
        self.assertEqual(d["optional_params"]["echo_env"], "yes")
        self.assertNotIn("echo_env", e["optional_params"])  # the case's environment is undone
        self.assertEqual(a["id"], "a")
        self.assertEqual(a["error"]["type"], "UnsupportedParamsError")
        self.assertTrue(a["error"]["message"].startswith("anthropic does not support"), a["error"])
        self.assertEqual(b["optional_params"], {"stream": False})  # the global drop_params of its settings
        self.assertEqual(c["response"]["choices"][0]["message"]["content"], "hi")
        self.assertEqual(c["cost"], 0.000225)
        self.assertTrue(c["response"]["weird"].startswith("<object"))  # not JSON: rendered, not crashed

    def test_litellm_prints_do_not_reach_the_protocol(self):
        replies, err, rc = session([HELLO, {"op": "load", "requests": [REQ]},
                                    {"op": "batch", "from": 0, "to": 1, "mode": "sync"}, {"op": "bye"}],
                                   env={"FAKE_LITELLM_NOISE": "1"})
        self.assertEqual(rc, 0)
        self.assertEqual([r.get("op") for r in replies], ["hello", "load", "batch"])
        self.assertIn("noise on stdout", err)
        self.assertIn("a print at import", err)

    def test_bad_requests_get_error_replies(self):
        replies, _, rc = session([
            "not json",
            "[1]",
            {"op": "batch", "from": 0, "to": 1},  # before load
            {"op": "nope"},
            {"op": "load", "requests": "x"},
            {"op": "load", "requests": [REQ]},
            {"op": "batch", "from": 0, "to": 5},
            {"op": "batch", "from": 0, "to": 1, "variant": "baseline"},
            {"op": "batch", "from": 0, "to": 1, "mode": "threads"},
            {"op": "batch", "from": "0", "to": 1},
            {"op": "hello", "protocol": "llmbench.driver/v9"},
            {"op": "load", "requests": [REQ], "settings": {"model_catalog": "/x.json"}},
            {"op": "bye"},
        ])
        self.assertEqual(rc, 0)
        types = [r["error"]["type"] if "error" in r else r["op"] for r in replies]
        self.assertEqual(types, ["BadRequest", "BadRequest", "BadRequest", "BadRequest", "BadRequest", "load",
                                 "BadRequest", "UnknownVariant", "BadRequest", "BadRequest", "ProtocolMismatch", "Unsupported"])
        self.assertIn("outside the 1 loaded requests", replies[6]["error"]["message"])

    def test_errors_are_counted(self):
        replies, _, _ = session([HELLO, {"op": "load", "requests": [REQ, dict(REQ, mock_response="raise")]},
                                 {"op": "batch", "from": 0, "to": 2, "mode": "async"}, {"op": "bye"}])
        b = replies[2]
        self.assertEqual(b["errors"], 1)
        self.assertEqual(b["first_error"]["type"], "BadRequestError")

    def test_import_failure_is_the_hello_reply(self):
        replies, _, rc = session([HELLO, {"op": "load", "requests": [REQ]}, {"op": "bye"}],
                                 env={"FAKE_LITELLM_IMPORT_ERROR": "no module named pydantic"})
        self.assertEqual(rc, 0)
        self.assertEqual(replies[0]["error"]["type"], "ImportError")
        self.assertIn("no module named pydantic", replies[0]["error"]["message"])
        self.assertEqual(replies[1]["error"]["type"], "ImportError")

    def test_no_litellm(self):
        replies, _, _ = session([HELLO, {"op": "bye"}], env={"PYTHONPATH": os.path.join(HERE, "testdata")})
        self.assertEqual(replies[0]["error"]["type"], "NoLiteLLM")

    def test_wrong_tree(self):
        with tempfile.TemporaryDirectory() as other:
            replies, _, _ = session([HELLO, {"op": "bye"}], args=["--tree", other])
        self.assertEqual(replies[0]["error"]["type"], "WrongTree")
        self.assertIn("not from", replies[0]["error"]["message"])
        replies, _, _ = session([HELLO, {"op": "bye"}], args=["--tree", FAKE])
        self.assertEqual(replies[0]["op"], "hello")

    def test_crash_mid_batch(self):
        replies, _, rc = session([HELLO, {"op": "load", "requests": [REQ] * 10},
                                  {"op": "batch", "from": 0, "to": 10, "mode": "sync"}],
                                 env={"FAKE_LITELLM_CRASH_AFTER": "4"})
        self.assertEqual(rc, 3)
        self.assertEqual([r.get("op") for r in replies], ["hello", "load"])


class Drain(unittest.TestCase):
    def test_batch_waits_for_queued_logging(self):
        import litellm

        d = driver.Driver(sys.stderr)
        d.import_litellm()
        d.op_load({"requests": [REQ] * 20})
        before = litellm.GLOBAL_LOGGING_WORKER.logged
        d.op_batch({"from": 0, "to": 20, "mode": "async"})
        d.runner.close()
        self.assertEqual(litellm.GLOBAL_LOGGING_WORKER.logged - before, 20)


def burn(seconds):
    t = time.thread_time()
    x = 0
    while time.thread_time() - t < seconds:
        x += 1
    return x


def burn_main(seconds):
    return burn(seconds)


def burn_thread(seconds):
    return burn(seconds)


class SamplerTest(unittest.TestCase):
    @unittest.skipUnless(hasattr(time, "pthread_getcpuclockid"), "needs per-thread CPU clocks")
    def test_threads_sampled_by_their_cpu(self):
        s = driver.Sampler(4e6)
        s.start(0.004)
        t = threading.Thread(target=burn_thread, args=(0.4,))
        t.start()
        burn_main(0.8)
        t.join()
        cpu = s.stop()
        by = {"burn_main": 0, "burn_thread": 0}
        total = 0
        for st in s.stacks():
            names = [f["function"] for f in st["frames"]]
            total += st["count"]
            for k in by:
                if "driver_test." + k in names:
                    by[k] += st["count"]
            self.assertNotIn("driver.Sampler._handler", names)
            self.assertTrue(all(f["line"] > 0 and f["file"] for f in st["frames"]))
        self.assertGreater(total, 0)
        # Each thread is sampled in proportion to its CPU: 0.8 s against 0.4 s.
        self.assertGreater(by["burn_main"], 0)
        self.assertGreater(by["burn_thread"], 0)
        ratio = by["burn_main"] / by["burn_thread"]
        self.assertTrue(1.3 < ratio < 3.2, (by, ratio))
        # Counts times the period account for the CPU that was used.
        self.assertTrue(0.6 < total * s.period / cpu <= 1.05, (total, s.period, cpu))


class Profile(unittest.TestCase):
    @unittest.skipUnless(hasattr(time, "pthread_getcpuclockid"), "needs per-thread CPU clocks")
    def test_profile_op(self):
        replies, err, rc = session([HELLO, {"op": "load", "requests": [REQ]},
                                    {"op": "profile", "variant": "litellm", "duration_ns": 400000000, "rate_hz": 250, "min_samples": 30, "max_duration_ns": 30000000000,
                                     "mode": "sync"},
                                    {"op": "bye"}], env={"FAKE_LITELLM_SPIN": "20000"})
        self.assertEqual(rc, 0, err)
        p = replies[2]
        self.assertEqual(p["op"], "profile", p)
        self.assertGreater(len(p["stacks"]), 0)
        self.assertGreater(p["period_ns"], 0)
        self.assertGreater(p["requests"], 0)
        leafs = {s["frames"][0]["function"] for s in p["stacks"]}
        self.assertIn("litellm._spin", leafs)

    @unittest.skipUnless(hasattr(time, "pthread_getcpuclockid"), "needs per-thread CPU clocks")
    def test_profile_async_sees_the_executor_work(self):
        # acompletion runs the blocking part in the loop's executor; the profile must
        # find that work where it runs, not where the worker thread waits.
        replies, err, rc = session([HELLO, {"op": "load", "requests": [REQ] * 50},
                                    {"op": "profile", "variant": "litellm", "duration_ns": 500000000, "rate_hz": 250, "min_samples": 30, "max_duration_ns": 30000000000,
                                     "mode": "async"},
                                    {"op": "bye"}], env={"FAKE_LITELLM_SPIN": "20000"})
        self.assertEqual(rc, 0, err)
        p = replies[2]
        total = sum(s["count"] for s in p["stacks"])
        spin = sum(s["count"] for s in p["stacks"] if s["frames"][0]["function"] == "litellm._spin")
        self.assertGreater(spin, 0.5 * total, p["stacks"][:3])
        self.assertEqual(p["executor"], "inline")


if __name__ == "__main__":
    unittest.main()
