#!/usr/bin/env bash
# For each hostile input of issue #12's "Why" list, runs llmbench as a user
# would and prints one Markdown table row: the case, the command, the exit
# code, and the one line on stderr (or what the run left behind). Run from
# the repository root: scripts/hostile-evidence.sh (about a minute; as root
# the device cases create a FIFO and a character device in a temporary
# directory).
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/llmbench" "$root" || exit 1
cd "$tmp"
B=./llmbench
small="--requests 200 --batches 2 --count 1 --warmup 10 --quiet"

row() { # CASE COMMAND... : runs the command (stdin /dev/null) and prints a row
  local case=$1; shift
  "$@" </dev/null >out.txt 2>err.txt
  local rc=$?
  local line
  line=$(grep -v '^warning:' err.txt | tail -1)
  [ -n "$line" ] || line="(stdout: $(head -c 60 out.txt | tr '\n' ' ')...)"
  if grep -q '^panic:\|^goroutine \|^fatal error:' out.txt err.txt; then line="TRACE: $line"; fi
  printf '| %s | `%s` | %s | %s |\n' "$case" "$(echo "$*" | sed "s|$tmp/||g; s|\./llmbench|llmbench|")" "$rc" "${line//|/\\|}"
}
note() { printf '| %s | | | %s |\n' "$1" "$2"; }

echo '| case | command | exit | output |'
echo '|---|---|---|---|'
# --out
row "--out /dev/stdout (a pipe here)" bash -c "set -o pipefail; $B bench $small --out /dev/stdout | cat"
row "--out /dev/full" $B bench $small --out /dev/full
note "/dev/full afterwards" "$(stat -c %F /dev/full)"
ln -s target.json link.json; echo '{}' > target.json
row "--out onto a symlink" $B bench $small --out link.json
note "the symlink afterwards" "$(stat -c %F link.json) -> $(readlink link.json), target holds $(grep -o '"schema": "[^"]*"' target.json)"
printf '{"name":"w","requests":[{"weight":1,"model":"gpt-4o","mock_response":"hi"}]}' > w.json; cp w.json w.orig
row "--out = --workload" $B bench $small --workload w.json --out w.json
note "the workload afterwards" "$(cmp -s w.json w.orig && echo unchanged || echo CHANGED)"
row "--out -" $B bench $small --out -
note "a file named -" "$([ -e ./- ] && echo EXISTS || echo none)"
(umask 022; $B bench $small --out mode.json >/dev/null 2>&1)
note "new result file mode, umask 022" "$(stat -c %a mode.json)"
mkfifo fifo 2>/dev/null && row "--out onto a FIFO" timeout 30 $B bench $small --out fifo
mknod chardev c 1 3 2>/dev/null && row "--out onto a character device" $B bench $small --out chardev
# sizes
row "--requests max int64" $B bench --requests 9223372036854775807
row "--requests 1e12" $B bench --requests 1000000000000 --batches 1 --count 1 --warmup 0
row "--concurrency 0, 2M requests in one batch" $B bench --concurrency 0 --requests 2000000 --batches 1 --count 1 --warmup 0 --quiet
python3 - <<'PY'
d = 10_000_000
open('deep.json', 'w').write('{"name":"d","requests":[{"weight":1,"model":"gpt-4o","mock_response":"hi","metadata":' + '[' * d + ']' * d + '}]}')
open('long.jsonl', 'w').write('{"id":"long","model":"gpt-4o","params":{"user":"' + 'x' * 200_000_000 + '"},"expect":{}}\n')
PY
row "10M-deep JSON workload" $B bench --workload deep.json $small
row "10M-deep JSON request" $B inspect --request deep.json
row "/dev/zero workload" $B bench --workload /dev/zero $small
row "/dev/zero request" $B inspect --request /dev/zero
row "/dev/zero case file" $B regress --cases /dev/zero --fuzz 0
row "200 MB case line" $B regress --cases long.jsonl --fuzz 0
# interrupts (SIGINT after 3 s)
row "SIGINT bench" timeout --preserve-status -s INT 3 $B bench --requests 1000000 --batches 100 --count 1 --quiet --out int.json
note "bench: marker, result file" "$(grep -c INTERRUPTED out.txt) INTERRUPTED line(s) on stdout; int.json $([ -e int.json ] && echo EXISTS || echo 'not written')"
row "SIGINT bench during warmup" timeout --preserve-status -s INT 1 $B bench --requests 100000 --warmup 100000000 --quiet
note "overhead line" "$(grep 'Harness overhead' out.txt)"
row "SIGINT bench --format csv" timeout --preserve-status -s INT 3 $B bench --requests 1000000 --batches 100 --count 1 --quiet --format csv
note "csv marker" "$(tail -1 out.txt)"
row "SIGINT bench --format gobench" timeout --preserve-status -s INT 3 $B bench --requests 1000000 --batches 100 --count 1 --quiet --format gobench
note "gobench marker" "$(grep '^status:' out.txt)"
row "SIGINT profile" timeout --preserve-status -s INT 3 $B profile --duration 20s --quiet --out pint
note "profile: marker, directory" "$(grep -c INTERRUPTED out.txt) INTERRUPTED line(s); pint $([ -e pint ] && echo "exists with $(ls -A pint | wc -l) files" || echo 'not created')"
row "SIGINT regress --format junit" timeout --preserve-status -s INT 3 $B regress --fuzz 5000000 --format junit
note "JUnit document" "$(python3 -c "import xml.dom.minidom; d=xml.dom.minidom.parse('out.txt'); print('valid XML, suites:', ', '.join(s.getAttribute('name') for s in d.getElementsByTagName('testsuite')))" 2>&1 | tail -1)"
# accepted, then lost
row "--rps Inf" $B bench --rps Inf $small
row "--rps 1e308" $B bench --rps 1e308 $small
row "profile --duration 1ns" $B profile --duration 1ns --out p1
: > empty.jsonl
row "empty case file" $B regress --cases empty.jsonl --fuzz 0
row "fuzz with one variant" $B regress --fuzz 100 --variants baseline
printf 'no-such-case\tstale\n' > known
printf '%s\n' '{"id":"gpt-4o-temperature","model":"gpt-4o","params":{"temperature":0.2},"expect":{"custom_llm_provider":"openai"}}' > one.jsonl
"$B" regress --cases one.jsonl --known known --fuzz 0 >/dev/null 2>err.txt
note "stale known-difference id (exit $?)" "$(grep 'no-such-case' err.txt)"
row "--cases f --cases f" $B regress --cases one.jsonl --cases one.jsonl --fuzz 0
"$B" bench $small --out tiny.json >/dev/null 2>&1
row "baseline too small to show significance" $B regress --baseline tiny.json --fuzz 0
row "ambiguous --threshold 10" $B regress --baseline tiny.json --threshold 10 --fuzz 0
# settings
LITELLM_DROP_PARAMS=1 $B bench $small --out dp.json >out.txt 2>/dev/null
note "LITELLM_DROP_PARAMS=1: header" "$(grep '^settings:' out.txt)"
note "LITELLM_DROP_PARAMS=1: result" "$(grep -o '"drop_params": [a-z]*, *\|"drop_params_source": "[^"]*"' dp.json | tr '\n' ' ')"
# surface
row "profile --model with --workload" $B profile --model openai/gpt-4o --workload seed
row "regress --seed -1" $B regress --seed -1
row "regress table to a full disk" sh -c "$B regress --fuzz 0 >/dev/full"
printf '{"gpt-4o": {"litellm_provider": 3}}' > badcat.json
row "catalog with a wrong type" $B bench $small --model-catalog badcat.json
row "unwritable --out (no temp name)" $B bench $small --out nodir/r.json
row "--version" $B --version
