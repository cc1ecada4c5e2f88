package regress

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// MeasureContention runs f and returns how much CPU contention stretched it:
// (time on a CPU + time waiting for one) / time on a CPU, summed over the
// process's threads, from Linux's per-thread scheduler statistics
// (/proc/self/task/*/schedstat). A run that never waited for a core gives
// 1; one that shared every core with another busy process gives about 2.
// Where the statistics are not available it returns 1.
func MeasureContention(f func() error) (float64, error) {
	run0, wait0, ok0 := schedTimes()
	err := f()
	run1, wait1, ok1 := schedTimes()
	if !ok0 || !ok1 {
		return 1, err
	}
	run, wait := run1-run0, wait1-wait0
	if run <= 0 || wait <= 0 {
		return 1, err
	}
	return float64(run+wait) / float64(run), err
}

// schedTimes sums the on-CPU and run-queue wait times of every thread of
// the process, in ns.
func schedTimes() (run, wait int64, ok bool) {
	paths, err := filepath.Glob("/proc/self/task/*/schedstat")
	if err != nil || len(paths) == 0 {
		return 0, 0, false
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			continue // the thread exited
		}
		f := strings.Fields(string(data))
		if len(f) < 2 {
			return 0, 0, false
		}
		r, err1 := strconv.ParseInt(f[0], 10, 64)
		w, err2 := strconv.ParseInt(f[1], 10, 64)
		if err1 != nil || err2 != nil {
			return 0, 0, false
		}
		run += r
		wait += w
	}
	return run, wait, true
}
