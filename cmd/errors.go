package cmd

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// flagError rewrites a flag parsing error of pflag into llmbench's voice,
// "<what> (<flag>)", with no Go function or type names.
func flagError(c *cobra.Command, err error) error {
	help := fmt.Sprintf("; see '%s --help'", c.CommandPath())
	var nx *pflag.NotExistError
	var iv *pflag.InvalidValueError
	var vr *pflag.ValueRequiredError
	switch {
	case errors.As(err, &nx):
		name := "--" + nx.GetSpecifiedName()
		if nx.GetSpecifiedShortnames() != "" {
			name = "-" + nx.GetSpecifiedShortnames()
		}
		return &FlagError{Flag: name, Err: errors.New("unknown flag" + help)}
	case errors.As(err, &iv):
		return &FlagError{Flag: "--" + iv.GetFlag().Name, Err: errors.New(valueProblem(iv.GetFlag().Value.Type(), iv.GetValue(), iv.Unwrap()))}
	case errors.As(err, &vr):
		return &FlagError{Flag: "--" + vr.GetFlag().Name, Err: errors.New("needs a value" + help)}
	}
	return &FlagError{Err: errors.New(err.Error() + help)}
}

// valueProblem says what is wrong with value for a flag of type typ.
func valueProblem(typ, value string, err error) string {
	q := strconv.Quote(value)
	if errors.Is(err, strconv.ErrRange) {
		return q + " is out of range"
	}
	switch {
	case strings.HasPrefix(typ, "uint"):
		return q + " is not a whole number of 0 or more"
	case strings.HasPrefix(typ, "int"):
		return q + " is not a whole number"
	case strings.HasPrefix(typ, "float"):
		return q + " is not a number"
	case typ == "duration":
		return q + " is not a duration such as 5s, 1.5m or 200ms"
	case typ == "bool":
		return q + " is not true or false"
	}
	return q + " is not a valid value"
}

var (
	flagGroupRE  = regexp.MustCompile(`^if any flags in the group \[([^\]]*)\] are set none of the others can be`)
	unknownCmdRE = regexp.MustCompile(`^unknown command ("[^"]*") for "([^"]*)"`)
	argCountRE   = regexp.MustCompile(`^(requires at least|accepts at most|accepts) \d+ arg\(s\)`)
)

// cobraMessage rewrites an error of cobra's own (not a command's) into
// llmbench's voice.
func cobraMessage(c *cobra.Command, err error) string {
	msg := err.Error()
	if m := flagGroupRE.FindStringSubmatch(msg); m != nil {
		names := strings.Fields(m[1])
		for i := range names {
			names[i] = "--" + names[i]
		}
		return "cannot be used together (" + strings.Join(names, ", ") + ")"
	}
	if m := unknownCmdRE.FindStringSubmatch(msg); m != nil {
		if c.HasSubCommands() {
			return fmt.Sprintf("unknown command %s; see '%s --help'", m[1], c.CommandPath())
		}
		return fmt.Sprintf("takes no arguments, got %s; see '%s --help'", m[1], c.CommandPath())
	}
	if argCountRE.MatchString(msg) {
		args := strings.TrimSpace(strings.TrimPrefix(c.Use, c.Name()))
		return fmt.Sprintf("wrong number of arguments: want %s; see '%s --help'", args, c.CommandPath())
	}
	return msg
}
