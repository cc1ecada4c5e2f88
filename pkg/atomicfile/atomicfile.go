// Package atomicfile writes result files the way every llmbench command
// does (DESIGN §3, --out): atomically, through a temporary file in the same
// directory that is synced and renamed over the target, so that a reader
// never sees a partial file and an interrupted or failed run leaves the old
// file in place.
//
// The rules:
//
//   - "-" means standard output (Options.Stdout).
//   - Only a regular file is ever replaced: a directory, FIFO, device or
//     socket is refused. A symbolic link is followed and its target
//     written; the link stays.
//   - A file the run reads (Options.Inputs) is never replaced, whatever
//     path names it (a symlink, a hard link).
//   - A new file is created 0666 &^ umask; a replaced file keeps its mode.
//   - The data is synced before the rename, and the directory after it.
//
// Errors are *PathError values that name the path as given and never the
// temporary file.
package atomicfile

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Stdout is the path that means standard output.
const Stdout = "-"

// An Input is a file the run reads: Name labels it in errors (a flag such
// as "--workload"), Path is the path it was given as.
type Input struct {
	Name, Path string
}

// Options configure Check and Write.
type Options struct {
	// Stdout receives the data when the path is Stdout; nil means
	// io.Discard.
	Stdout io.Writer
	// Inputs are the files the run reads; none of them is ever replaced.
	Inputs []Input
}

// A PathError is a refusal or failure to write Path, as the caller gave it.
type PathError struct {
	Path string
	Err  error
}

func (e *PathError) Error() string { return e.Err.Error() + ": " + e.Path }
func (e *PathError) Unwrap() error { return e.Err }

// ErrNotRegular is wrapped by the error for a path that names something
// other than a regular file.
var ErrNotRegular = errors.New("not a regular file")

// ErrInput is wrapped by the error for a path that names a file the run
// reads.
var ErrInput = errors.New("a file this run reads")

// maxLinks bounds the symbolic links followed from one path.
const maxLinks = 40

// target resolves path through symbolic links to the file to write, and
// returns its FileInfo when it exists (nil when it does not).
func target(path string) (string, fs.FileInfo, error) {
	p := path
	for range maxLinks {
		fi, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			return p, nil, nil
		}
		if err != nil {
			return "", nil, err
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			return p, fi, nil
		}
		link, err := os.Readlink(p)
		if err != nil {
			return "", nil, err
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(filepath.Dir(p), link)
		}
		p = link
	}
	return "", nil, errors.New("too many levels of symbolic links")
}

// kind names a file mode for a refusal.
func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "a special file"
}

// check resolves path and applies the rules; it returns the file to write
// and its current FileInfo (nil for a new file).
func check(path string, opts Options) (string, fs.FileInfo, error) {
	if path == "" {
		return "", nil, &PathError{Path: path, Err: errors.New("empty path")}
	}
	// What the path names, through every link (including /proc's magic
	// ones such as /dev/stdout, which name pipes and terminals by no path).
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		return "", nil, &PathError{Path: path, Err: fmt.Errorf("will not replace %s: %w", kind(fi.Mode()), ErrNotRegular)}
	}
	t, fi, err := target(path)
	if err != nil {
		return "", nil, &PathError{Path: path, Err: bare(err)}
	}
	if fi == nil {
		return t, nil, nil
	}
	if !fi.Mode().IsRegular() {
		return "", nil, &PathError{Path: path, Err: fmt.Errorf("will not replace %s: %w", kind(fi.Mode()), ErrNotRegular)}
	}
	for _, in := range opts.Inputs {
		if in.Path == "" || in.Path == Stdout {
			continue
		}
		if ii, err := os.Stat(in.Path); err == nil && os.SameFile(fi, ii) {
			return "", nil, &PathError{Path: path, Err: fmt.Errorf("will not replace the %s file %s: %w", in.Name, in.Path, ErrInput)}
		}
	}
	return t, fi, nil
}

// Check reports, without changing anything, whether Write could write
// path: the rules above, and a directory that takes new files. Commands
// call it before any work, so that a long run does not end in a refusal.
func Check(path string, opts Options) error {
	if path == Stdout {
		return nil
	}
	t, _, err := check(path, opts)
	if err != nil {
		return err
	}
	f, tmp, err := createTemp(t, 0o600)
	if err != nil {
		return &PathError{Path: path, Err: err}
	}
	f.Close()
	os.Remove(tmp)
	return nil
}

// Write writes data to path under the rules above.
func Write(path string, data []byte, opts Options) error {
	if path == Stdout {
		w := opts.Stdout
		if w == nil {
			w = io.Discard
		}
		if _, err := w.Write(data); err != nil {
			return &PathError{Path: path, Err: bare(err)}
		}
		return nil
	}
	t, fi, err := check(path, opts)
	if err != nil {
		return err
	}
	perm := fs.FileMode(0o666) // the umask applies
	if fi != nil {
		perm = fi.Mode().Perm()
	}
	if err := write(t, data, perm, fi != nil); err != nil {
		return &PathError{Path: path, Err: err}
	}
	return nil
}

func write(path string, data []byte, perm fs.FileMode, exact bool) (err error) {
	f, tmp, err := createTemp(path, perm)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if exact { // a replaced file keeps its mode, whatever the umask
		if err := f.Chmod(perm); err != nil {
			return bare(err)
		}
	}
	if _, err := f.Write(data); err != nil {
		return bare(err)
	}
	if err := f.Sync(); err != nil {
		return bare(err)
	}
	if err := f.Close(); err != nil {
		return bare(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return bare(err)
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		_ = d.Sync() // makes the rename durable; not every file system can
		d.Close()
	}
	return nil
}

// createTemp creates a new file next to path with mode perm (less the
// umask) and returns it with its name.
func createTemp(path string, perm fs.FileMode) (*os.File, string, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	var b [6]byte
	for range 100 {
		_, _ = rand.Read(b[:])
		name := filepath.Join(dir, "."+base+".tmp-"+hex.EncodeToString(b[:]))
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, "", fmt.Errorf("cannot create a file in %s: %w", dir, bare(err))
		}
		return f, name, nil
	}
	return nil, "", fmt.Errorf("cannot create a file in %s", dir)
}

// bare strips the paths from an *fs.PathError or *os.LinkError, leaving the
// system's reason (so that no temporary name shows).
func bare(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// CheckDir reports whether files can be written into dir: it is a
// directory (a symlink to one is followed) that takes new files, or it does
// not exist and its nearest existing parent is such a directory (WriteDir
// creates it). Nothing is created.
func CheckDir(dir string) error {
	d := dir
	for {
		fi, err := os.Stat(d)
		if err == nil {
			if !fi.IsDir() {
				return &PathError{Path: dir, Err: fmt.Errorf("%s is not a directory", d)}
			}
			f, tmp, err := createTemp(filepath.Join(d, "probe"), 0o600)
			if err != nil {
				return &PathError{Path: dir, Err: err}
			}
			f.Close()
			os.Remove(tmp)
			return nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return &PathError{Path: dir, Err: bare(err)}
		}
		parent := filepath.Dir(d)
		if parent == d {
			return &PathError{Path: dir, Err: bare(err)}
		}
		d = parent
	}
}

// A File is one file of WriteDir.
type File struct {
	Name string // base name inside the directory
	Data []byte
}

// WriteDir writes files into dir, each with Write's rules, creating dir
// (and missing parents) first. When it fails before writing any file, it
// removes the directories it created, so that no empty directory is left.
func WriteDir(dir string, files []File, opts Options) error {
	created, err := mkdirAll(dir)
	if err != nil {
		return &PathError{Path: dir, Err: err}
	}
	for i, f := range files {
		if err := Write(filepath.Join(dir, f.Name), f.Data, opts); err != nil {
			if i == 0 {
				for j := len(created) - 1; j >= 0; j-- {
					os.Remove(created[j])
				}
			}
			return err
		}
	}
	return nil
}

// mkdirAll creates dir and its missing parents and returns the ones it
// created, outermost first.
func mkdirAll(dir string) ([]string, error) {
	var missing []string
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil {
			break
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, bare(err)
		}
		missing = append(missing, d)
		if filepath.Dir(d) == d {
			break
		}
	}
	var created []string
	for i := len(missing) - 1; i >= 0; i-- {
		if err := os.Mkdir(missing[i], 0o777); err != nil && !errors.Is(err, fs.ErrExist) {
			for j := len(created) - 1; j >= 0; j-- {
				os.Remove(created[j])
			}
			return nil, bare(err)
		}
		created = append(created, missing[i])
	}
	return created, nil
}
