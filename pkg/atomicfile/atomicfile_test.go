//go:build unix

package atomicfile

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// entries lists dir, to show that no temporary file is left behind.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestWriteNewFileMode(t *testing.T) {
	for _, mask := range []int{0o022, 0o077, 0o002} {
		dir := t.TempDir()
		old := syscall.Umask(mask)
		err := Write(filepath.Join(dir, "r.json"), []byte("x"), Options{})
		syscall.Umask(old)
		if err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(filepath.Join(dir, "r.json"))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := fi.Mode().Perm(), fs.FileMode(0o666&^mask); got != want {
			t.Errorf("umask %03o: mode %v, want %v", mask, got, want)
		}
	}
}

func TestWriteKeepsMode(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "r.json")
	if err := os.WriteFile(p, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}
	os.Chmod(p, 0o640)
	if err := Write(p, []byte("new"), Options{}); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(p)
	if data, _ := os.ReadFile(p); string(data) != "new" || fi.Mode().Perm() != 0o640 {
		t.Errorf("replaced file: %q mode %v, want \"new\" mode 0640", data, fi.Mode().Perm())
	}
	if got := entries(t, dir); len(got) != 1 {
		t.Errorf("directory holds %q, want only r.json", got)
	}
}

func TestWriteRules(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "workload.json")
	os.WriteFile(in, []byte("input"), 0o644)
	os.Symlink("target.json", filepath.Join(dir, "link.json"))
	os.Symlink("dangling-target.json", filepath.Join(dir, "dangling.json"))
	os.Symlink("workload.json", filepath.Join(dir, "link-to-input.json"))
	os.Link(in, filepath.Join(dir, "hardlink-to-input.json"))
	os.Mkdir(filepath.Join(dir, "adir"), 0o755)
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	haveDev := syscall.Mknod(filepath.Join(dir, "null"), syscall.S_IFCHR|0o666, int(devNull())) == nil
	if !haveDev {
		t.Log("mknod not permitted here: the character device case is skipped")
	}
	opts := Options{Inputs: []Input{{"--workload", in}}}

	tests := []struct {
		name    string
		path    string
		wantErr error // nil: written
		check   string
	}{
		{"new file", "new.json", nil, "new.json"},
		{"symlink written through", "link.json", nil, "target.json"},
		{"dangling symlink creates its target", "dangling.json", nil, "dangling-target.json"},
		{"the input file", "workload.json", ErrInput, ""},
		{"a symlink to the input", "link-to-input.json", ErrInput, ""},
		{"a hard link to the input", "hardlink-to-input.json", ErrInput, ""},
		{"a directory", "adir", ErrNotRegular, ""},
		{"a FIFO", "fifo", ErrNotRegular, ""},
		{"a character device", "null", ErrNotRegular, ""},
		{"/dev/full", "/dev/full", ErrNotRegular, ""},
		{"a missing directory", "nodir/out.json", fs.ErrNotExist, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name == "a character device" && !haveDev {
				t.Skip("mknod not permitted")
			}
			p := tt.path
			if !filepath.IsAbs(p) {
				p = filepath.Join(dir, p)
			}
			before, _ := os.Lstat(p)
			cerr := Check(p, opts)
			err := Write(p, []byte("result"), opts)
			if tt.wantErr == nil {
				if err != nil || cerr != nil {
					t.Fatalf("Check = %v, Write = %v, want nil", cerr, err)
				}
				if data, _ := os.ReadFile(filepath.Join(dir, tt.check)); string(data) != "result" {
					t.Errorf("%s holds %q, want the result", tt.check, data)
				}
				if before != nil && before.Mode()&fs.ModeSymlink != 0 {
					if after, _ := os.Lstat(p); after.Mode()&fs.ModeSymlink == 0 {
						t.Errorf("the symlink %s was replaced", tt.path)
					}
				}
				return
			}
			if !errors.Is(err, tt.wantErr) || !errors.Is(cerr, tt.wantErr) {
				t.Fatalf("Check = %v, Write = %v, want %v", cerr, err, tt.wantErr)
			}
			var pe *PathError
			if !errors.As(err, &pe) || pe.Path != p || strings.Contains(err.Error(), ".tmp") {
				t.Errorf("error %q: want a *PathError naming %s and no temporary file", err, p)
			}
			if before != nil {
				after, err := os.Lstat(p)
				if err != nil || after.Mode() != before.Mode() {
					t.Errorf("%s changed: %v -> %v (%v)", tt.path, before.Mode(), after.Mode(), err)
				}
			}
		})
	}
	if data, _ := os.ReadFile(in); string(data) != "input" {
		t.Errorf("the input file holds %q, want it untouched", data)
	}
	for _, name := range entries(t, dir) {
		if strings.Contains(name, ".tmp") {
			t.Errorf("temporary file %s left behind", name)
		}
	}
}

func devNull() uint64 {
	var st syscall.Stat_t
	if err := syscall.Stat("/dev/null", &st); err != nil {
		return 0x103
	}
	return st.Rdev
}

func TestWriteStdout(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	var out bytes.Buffer
	if err := Write(Stdout, []byte("result"), Options{Stdout: &out}); err != nil {
		t.Fatal(err)
	}
	if out.String() != "result" {
		t.Errorf("stdout = %q, want the result", out.String())
	}
	if _, err := os.Stat("-"); err == nil {
		t.Error(`a file named "-" was created`)
	}
}

func TestCheckDirAndWriteDir(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	os.WriteFile(file, nil, 0o644)
	if err := CheckDir(filepath.Join(file, "sub")); err == nil {
		t.Error("CheckDir under a regular file: want an error")
	}
	out := filepath.Join(dir, "a", "b")
	if err := CheckDir(out); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "a")); err == nil {
		t.Error("CheckDir created a directory")
	}
	// A first file that cannot be written leaves no directory behind.
	err := WriteDir(out, []File{{Name: "sub/x", Data: nil}}, Options{})
	if err == nil {
		t.Fatal("WriteDir into a missing subdirectory: want an error")
	}
	if _, err := os.Stat(filepath.Join(dir, "a")); err == nil {
		t.Error("a failed WriteDir left its directory behind")
	}
	if err := WriteDir(out, []File{{"cpu.pb.gz", []byte("1")}, {"heap.pb.gz", []byte("2")}}, Options{}); err != nil {
		t.Fatal(err)
	}
	if got := entries(t, out); strings.Join(got, " ") != "cpu.pb.gz heap.pb.gz" {
		t.Errorf("WriteDir wrote %q", got)
	}
}
