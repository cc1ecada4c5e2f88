package completion

import "testing"

// TestEveryConfigKindIsRegistered: the dispatch chain may pick any kind, so
// each needs a config from its provider file.
func TestEveryConfigKindIsRegistered(t *testing.T) {
	for k := configKind(1); k < numConfigKinds; k++ {
		if configs[k] == nil || newConfigs[k] == nil {
			t.Errorf("config kind %d has no registered config", k)
		}
	}
}
