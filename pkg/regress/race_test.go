//go:build race

package regress

func init() { raceEnabled = true }
