package infile

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadFileLimits(t *testing.T) {
	dir := t.TempDir()
	at := filepath.Join(dir, "at.json")
	if err := os.WriteFile(at, bytes.Repeat([]byte(" "), MaxSize), 0o644); err != nil {
		t.Fatal(err)
	}
	if data, err := ReadFile(at); err != nil || len(data) != MaxSize {
		t.Errorf("ReadFile of exactly %s: %d bytes, %v", Size(MaxSize), len(data), err)
	}
	above := filepath.Join(dir, "above.json")
	if err := os.WriteFile(above, bytes.Repeat([]byte(" "), MaxSize+1), 0o644); err != nil {
		t.Fatal(err)
	}
	want := "input larger than the 64 MiB limit (" + above + ")"
	if _, err := ReadFile(above); !errors.Is(err, ErrTooLarge) || err.Error() != want {
		t.Errorf("ReadFile one byte over: %v, want %q", err, want)
	}
	// A device that never ends is cut off at the limit, not read until
	// memory runs out.
	if _, err := os.Stat("/dev/zero"); err == nil {
		if _, err := ReadFile("/dev/zero"); !errors.Is(err, ErrTooLarge) {
			t.Errorf("ReadFile(/dev/zero): %v, want the size limit", err)
		}
	}
	if _, err := ReadFile(filepath.Join(dir, "missing.json")); err == nil || !strings.HasSuffix(err.Error(), "missing.json)") || strings.Contains(err.Error(), "open ") {
		t.Errorf("ReadFile of a missing file: %v, want the reason and the file, no Go operation name", err)
	}
}

func TestLinesLimits(t *testing.T) {
	ok := strings.Repeat("x", MaxLine)
	var got []int
	err := Lines("c.jsonl", strings.NewReader("a\n"+ok+"\nb"), func(line []byte, n int) error {
		got = append(got, len(line))
		return nil
	})
	if err != nil || len(got) != 3 || got[1] != MaxLine {
		t.Errorf("a line of exactly %s: %v, lines %v", Size(MaxLine), err, got)
	}
	for _, tt := range []struct {
		name, data string
		line       int
	}{
		{"one byte over", "a\n" + ok + "x\n", 2},
		{"far over", "a\nb\n" + strings.Repeat("y", 60<<20), 3},
	} {
		err := Lines("c.jsonl", strings.NewReader(tt.data), func([]byte, int) error { return nil })
		var ie *Error
		if !errors.As(err, &ie) || ie.Line != tt.line || !errors.Is(err, ErrTooLarge) ||
			err.Error() != "line longer than the 1 MiB limit (c.jsonl:"+itoa(tt.line)+")" {
			t.Errorf("%s: %v, want the line limit at c.jsonl:%d", tt.name, err, tt.line)
		}
	}
	// An error of fn is located at its line.
	err = Lines("c.jsonl", strings.NewReader("a\nb\n"), func(_ []byte, n int) error {
		if n == 2 {
			return errors.New("bad")
		}
		return nil
	})
	if err == nil || err.Error() != "bad (c.jsonl:2)" {
		t.Errorf("fn's error: %v, want \"bad (c.jsonl:2)\"", err)
	}
}

func itoa(n int) string { return string(rune('0' + n)) }

func TestDecodeJSONErrors(t *testing.T) {
	type doc struct {
		Name  string   `json:"name"`
		Items []string `json:"items"`
	}
	for _, tt := range []struct{ data, want string }{
		{`{"name": 3}`, `field "name": want a string, got a number (d.json:1:10)`},
		{"{\n\"items\": \"x\"}", `field "items": want an array, got a string (d.json:2:12)`},
		{`{"name": "a",}`, `malformed JSON: invalid character '}' looking for beginning of object key string (d.json:1:14)`},
		{`{"name": "a"`, `malformed JSON: unexpected end of input (d.json:1:13)`},
		{`{"name": "a"} {}`, `malformed JSON: more data after the document (d.json:1:15)`},
		{`{"nmae": "a"}`, `unknown field "nmae" (d.json)`},
	} {
		var d doc
		if err := DecodeJSON("d.json", []byte(tt.data), &d, true); err == nil || err.Error() != tt.want {
			t.Errorf("DecodeJSON(%s) = %v, want %q", tt.data, err, tt.want)
		}
	}
}

// FuzzLines: whatever the input, every line fn sees is within MaxLine and
// every error names the file and a line.
func FuzzLines(f *testing.F) {
	f.Add([]byte("a\nb\r\n\nc"), 0)
	f.Add([]byte(strings.Repeat("z", 70)), 1)
	f.Fuzz(func(t *testing.T, data []byte, failAt int) {
		err := Lines("f.jsonl", bytes.NewReader(data), func(line []byte, n int) error {
			if len(line) > MaxLine {
				t.Fatalf("line %d of %d bytes passed on", n, len(line))
			}
			if n == failAt {
				return errors.New("stop")
			}
			return nil
		})
		var ie *Error
		if err != nil && (!errors.As(err, &ie) || ie.File != "f.jsonl" || ie.Line < 1) {
			t.Fatalf("error %v: want one naming f.jsonl and a line", err)
		}
	})
}

// FuzzDecodeJSON: a decoding error is always an *Error whose line and
// column lie inside the input and whose text has no Go type names.
func FuzzDecodeJSON(f *testing.F) {
	f.Add([]byte(`{"name": "a", "items": ["b"], "n": 1.5}`))
	f.Add([]byte(`{"items": {"a": 1}}`))
	f.Add([]byte("{\n\n\"n\": \"x\"}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var d struct {
			Name  string         `json:"name"`
			Items []string       `json:"items"`
			N     int            `json:"n"`
			M     map[string]int `json:"m"`
		}
		err := DecodeJSON("f.json", data, &d, true)
		if err == nil {
			return
		}
		var ie *Error
		if !errors.As(err, &ie) || ie.File != "f.json" || strings.Contains(err.Error(), "Go ") || strings.Contains(err.Error(), "json: ") {
			t.Fatalf("error %q: want an *Error in JSON's terms", err)
		}
		if ie.Line > bytes.Count(data, []byte("\n"))+1 {
			t.Fatalf("error %q points past the input", err)
		}
	})
}
