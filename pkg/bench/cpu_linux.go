package bench

import "golang.org/x/sys/unix"

// ProcessCPUTime returns the CPU time of the whole process (every thread,
// user and system) from CLOCK_PROCESS_CPUTIME_ID: the scheduler's own
// nanosecond accounting, including the time of threads running right now.
// getrusage would split tick-sampled time into user and system and lag
// behind over a few milliseconds.
func ProcessCPUTime() (int64, bool) {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_PROCESS_CPUTIME_ID, &ts); err != nil {
		return 0, false
	}
	return ts.Nano(), true
}
