// Package target is what llmbench measures: a list of targets, each a
// variant of this build run in process, or a pipeline in another process
// driven over the driver protocol (package driver). DESIGN §6:
//
//	VARIANT (or a composition a+b-c)  this build's pipeline, in process
//	ref:REV[:VARIANT]                 this module built at git revision REV, run as a driver
//	bin:PATH[:VARIANT]                an llmbench binary, run as a driver
//	exec:CMD                          any program that speaks the protocol (run with sh -c)
//	KIND[:ARG]                        a kind registered in Options.Kinds (litellm[:DIR])
//
// Parse reads a target; Open resolves a list of them — building revisions
// in temporary git worktrees, starting one driver per build or program —
// and a Set's Close ends the drivers and removes every temporary worktree,
// binary and directory. Against returns the targets of `--against REV|PATH`:
// for each variant, the other build's and this build's, both run as drivers
// so that neither has the advantage of a process of its own.
package target

import (
	"fmt"
	"sort"
	"strings"
)

// The kinds of targets this package knows.
const (
	KindVariant = "variant"
	KindRef     = "ref"
	KindBin     = "bin"
	KindExec    = "exec"
	// KindSelf is this build run as a driver (the current side of
	// --against); it has no syntax of its own.
	KindSelf = "self"
)

// A Spec is a parsed target.
type Spec struct {
	// Text is the target as written.
	Text string
	// Kind is one of the Kind constants or a registered kind.
	Kind string
	// Arg is the variant (KindVariant), the revision (KindRef), the path
	// (KindBin, KindSelf), the command (KindExec) or the text after
	// "KIND:" of a registered kind ("" when none).
	Arg string
	// Variant is the variant a ref: or bin: target names, "" for the
	// command's variants.
	Variant string
}

// Parse reads one target. kinds are the registered kinds (nil: none);
// their names take precedence over variant names.
func Parse(text string, kinds map[string]Kind) (Spec, error) {
	s := Spec{Text: text}
	t := strings.TrimSpace(text)
	if t == "" {
		return s, fmt.Errorf("empty target")
	}
	head, rest, hasColon := strings.Cut(t, ":")
	switch head {
	case KindRef:
		s.Kind = KindRef
		// A revision has no ':' (REV:path names a file, not a commit), so
		// the first ':' ends it.
		s.Arg, s.Variant, _ = strings.Cut(rest, ":")
		if s.Arg == "" {
			return s, fmt.Errorf("target %q: ref: needs a git revision (ref:REV[:VARIANT], e.g. ref:origin/main)", text)
		}
	case KindBin:
		s.Kind = KindBin
		// A path may hold ':'; a variant name never holds '/'.
		s.Arg = rest
		if i := strings.LastIndexByte(rest, ':'); i >= 0 && !strings.ContainsAny(rest[i+1:], `/\`) {
			s.Arg, s.Variant = rest[:i], rest[i+1:]
		}
		if s.Arg == "" {
			return s, fmt.Errorf("target %q: bin: needs the path of an llmbench binary (bin:PATH[:VARIANT])", text)
		}
	case KindExec:
		s.Kind, s.Arg = KindExec, strings.TrimSpace(rest)
		if s.Arg == "" {
			return s, fmt.Errorf("target %q: exec: needs a command (exec:CMD)", text)
		}
	default:
		if _, ok := kinds[head]; ok {
			s.Kind, s.Arg = head, rest
			return s, nil
		}
		if hasColon {
			return s, fmt.Errorf("target %q: unknown kind %q (want VARIANT, %s)", text, head, strings.Join(Syntaxes(kinds), ", "))
		}
		s.Kind, s.Arg = KindVariant, t
	}
	if s.Variant != "" && strings.ContainsAny(s.Variant, ", ") {
		return s, fmt.Errorf("target %q: bad variant %q", text, s.Variant)
	}
	return s, nil
}

// Syntaxes lists the target syntaxes, the registered kinds' included.
func Syntaxes(kinds map[string]Kind) []string {
	out := []string{"ref:REV[:VARIANT]", "bin:PATH[:VARIANT]", "exec:CMD"}
	var names []string
	for n := range kinds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		syn := kinds[n].Syntax
		if syn == "" {
			syn = n
		}
		out = append(out, syn)
	}
	return out
}

// Remote reports whether the target runs as a driver.
func (s Spec) Remote() bool { return s.Kind != KindVariant }

// String returns the target as written.
func (s Spec) String() string { return s.Text }
