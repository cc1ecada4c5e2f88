package regress

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/llmbench/llmbench/pkg/infile"
)

// ParseKnown reads a known-differences file: one case a line, the case id, a
// tab, and the reason it is expected to fail. Blank lines and lines starting
// with # are ignored. Its errors are *infile.Error values with the line.
func ParseKnown(name string, r io.Reader) (map[string]string, error) {
	known := map[string]string{}
	err := infile.Lines(name, r, func(b []byte, line int) error {
		s := strings.TrimRight(string(b), " \r")
		if strings.TrimSpace(s) == "" || strings.HasPrefix(s, "#") {
			return nil
		}
		id, reason, ok := strings.Cut(s, "\t")
		id, reason = strings.TrimSpace(id), strings.TrimSpace(reason)
		if !ok || id == "" || reason == "" {
			return errors.New("want \"<case id><TAB><reason>\"")
		}
		if _, dup := known[id]; dup {
			return fmt.Errorf("case %q listed twice", id)
		}
		known[id] = reason
		return nil
	})
	if err != nil {
		return nil, err
	}
	return known, nil
}
