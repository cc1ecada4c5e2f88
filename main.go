// Command llmbench measures, explains and guards the per-request CPU cost of
// an LLM gateway's chat-completion pipeline. See README.md.
package main

import (
	"embed"
	"os"

	"github.com/llmbench/llmbench/cmd"
)

// corpus is the built-in case corpus that `llmbench regress` runs.
//
//go:embed testdata/cases/*.jsonl testdata/known-differences
var corpus embed.FS

func main() { os.Exit(cmd.Main(os.Args[1:], os.Stdout, os.Stderr, corpus)) }
