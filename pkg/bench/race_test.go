//go:build race

package bench

// raceEnabled reports that the race detector is on: it allows at most 8128
// live goroutines, fewer than a run at the memory bound starts.
const raceEnabled = true
