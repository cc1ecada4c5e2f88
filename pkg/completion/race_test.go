//go:build race

package completion_test

// raceEnabled is set when the tests run under the race detector, which
// slows the pipeline down about tenfold: the biggest tests then run a
// sample of their inputs.
const raceEnabled = true
