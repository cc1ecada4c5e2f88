package cmd

import (
	"github.com/llmbench/llmbench/pkg/driver/native"
	"github.com/spf13/cobra"
)

// newDriverCmd is `llmbench driver`, hidden: this build's variants served
// over the driver protocol (llmbench.driver/v1) on stdin and stdout, for
// `--against REV`, `bin:PATH` targets and other llmbench processes.
func newDriverCmd(app *appContext) *cobra.Command {
	return &cobra.Command{
		Use:    "driver",
		Short:  "Serve this build's variants over the driver protocol on stdin/stdout",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			return native.Serve(c.Context(), c.InOrStdin(), c.OutOrStdout())
		},
	}
}
