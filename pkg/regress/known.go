package regress

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// ParseKnown reads a known-differences file: one case a line, the case id, a
// tab, and the reason it is expected to fail. Blank lines and lines starting
// with # are ignored.
func ParseKnown(name string, r io.Reader) (map[string]string, error) {
	known := map[string]string{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimRight(sc.Text(), " \r")
		if strings.TrimSpace(s) == "" || strings.HasPrefix(s, "#") {
			continue
		}
		id, reason, ok := strings.Cut(s, "\t")
		id, reason = strings.TrimSpace(id), strings.TrimSpace(reason)
		if !ok || id == "" || reason == "" {
			return nil, fmt.Errorf("%s:%d: want \"<case id><TAB><reason>\"", name, line)
		}
		if _, dup := known[id]; dup {
			return nil, fmt.Errorf("%s:%d: case %q listed twice", name, line, id)
		}
		known[id] = reason
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	return known, nil
}
