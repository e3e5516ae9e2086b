// Command cpstat runs the replication of Hong, Jiang and Liu (2023) and cpstat's estimators from the shell.
//
// Every subcommand takes flags in one style (--data FILE, --json for machine-readable output) and prints
// its own help with `cpstat help COMMAND` or `cpstat COMMAND --help`.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/cpstat/cpstat/cpstat"
)

// version is the cpstat release; the build may override it with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

// command is one subcommand: its flags are declared by setup and run receives the parsed flag set.
type command struct {
	name    string
	summary string // one line for the command list
	usage   string // argument synopsis after the command name
	details string // paragraphs printed under the flags in `cpstat help NAME`
	setup   func(fs *flag.FlagSet) func(env *env) error
}

// env carries a command's output streams so tests can capture them.
type env struct {
	stdout io.Writer
	stderr io.Writer
}

var commands = map[string]*command{}

func register(c *command) {
	if _, dup := commands[c.name]; dup {
		panic("cpstat: command registered twice: " + c.name)
	}
	commands[c.name] = c
}

// errUsage marks an error caused by the command line itself; run points to the command's help after
// it. Wrap it with usagef or usageError, whose text leaves the word out.
var errUsage = errors.New("usage")

func main() {
	os.Exit(run(os.Args[1:], &env{stdout: os.Stdout, stderr: os.Stderr}))
}

// run executes one command line and returns the process exit status: 0 on success, 1 when the command
// failed, 2 for a usage error.
func run(args []string, e *env) int {
	if len(args) == 0 {
		printCommands(e.stderr)
		return 2
	}
	name := args[0]
	switch name {
	case "help", "-h", "--help":
		if len(args) > 1 {
			c, ok := commands[args[1]]
			if !ok {
				fmt.Fprintf(e.stderr, "cpstat: unknown command %q\n\n", args[1])
				printCommands(e.stderr)
				return 2
			}
			printHelp(e.stdout, c)
			return 0
		}
		printCommands(e.stdout)
		return 0
	case "version", "--version":
		fmt.Fprintln(e.stdout, "cpstat", version)
		return 0
	}
	c, ok := commands[name]
	if !ok {
		fmt.Fprintf(e.stderr, "cpstat: unknown command %q\n\n", name)
		printCommands(e.stderr)
		return 2
	}
	fs := flag.NewFlagSet("cpstat "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	action := c.setup(fs)
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printHelp(e.stdout, c)
			return 0
		}
		fmt.Fprintf(e.stderr, "cpstat %s: %s\nRun 'cpstat help %s' for the flags.\n", name, flagErrorMessage(fs, err), name)
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "cpstat %s: unexpected argument %q (flags take the form --name value)\n", name, fs.Arg(0))
		return 2
	}
	if err := classifyError(action(e)); err != nil {
		fmt.Fprintf(e.stderr, "cpstat %s: %s\n", name, errorMessage(err))
		if errors.Is(err, errUsage) {
			fmt.Fprintf(e.stderr, "Run 'cpstat help %s' for the flags.\n", name)
			return 2
		}
		return 1
	}
	return 0
}

// otherToolFlags maps option names of Stata and R that users type out of habit to the flag of
// cpstat that does the same job.
var otherToolFlags = map[string]string{
	"vce": "vcov", "robust": "vcov", "cl": "cluster", "absorb": "formula", "reps": "bootstrap",
	"quantile": "tau", "q": "tau", "gmmstyle": "gmm", "ivstyle": "iv",
}

// flagErrorMessage rewrites an error of fs.Parse with the --name spelling of this program, in place
// of the single dash of package flag, and suggests the nearest defined flags for an unknown one.
func flagErrorMessage(fs *flag.FlagSet, err error) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		msg = "unknown flag --" + name
		var defined []string
		fs.VisitAll(func(f *flag.Flag) { defined = append(defined, f.Name) })
		if flag, ok := otherToolFlags[strings.ToLower(name)]; ok && slices.Contains(defined, flag) {
			return msg + " (a Stata or R option name); cpstat calls this --" + flag
		}
		if closest := cpstat.ClosestNames(name, defined, 3); len(closest) > 0 {
			msg += "; did you mean --" + strings.Join(closest, " or --") + "?"
		}
		return msg
	}
	// The other errors of package flag put one dash before the name, as in "flag needs an argument: -x"
	// and "invalid value "v" for flag -x: …".
	for _, prefix := range []string{"flag needs an argument: -", " for flag -"} {
		if i := strings.Index(msg, prefix); i >= 0 {
			return msg[:i+len(prefix)] + "-" + msg[i+len(prefix):]
		}
	}
	return msg
}

func printCommands(w io.Writer) {
	fmt.Fprintln(w, "cpstat: panel econometrics for the replication of Hong, Jiang and Liu (2023) and your own panels")
	fmt.Fprintln(w, "\nUsage: cpstat COMMAND [flags]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-11s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "  help        show a command's flags: cpstat help COMMAND")
	fmt.Fprintln(w, "  version     print the cpstat version")
}

func printHelp(w io.Writer, c *command) {
	fmt.Fprintf(w, "cpstat %s: %s\n\nUsage: cpstat %s %s\n\nFlags:\n", c.name, c.summary, c.name, c.usage)
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	c.setup(fs)
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		line := "  --" + f.Name
		if name != "" {
			line += " " + name
		}
		fmt.Fprintln(w, line)
		text := "      " + strings.ReplaceAll(usage, "\n", "\n      ")
		if f.DefValue != "" && f.DefValue != "false" {
			text += fmt.Sprintf(" (default %s)", f.DefValue)
		}
		fmt.Fprintln(w, text)
	})
	if c.details != "" {
		fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(c.details))
	}
	if fs.Lookup("data") != nil && fs.Lookup("json") != nil {
		fmt.Fprintln(w, "\nEvery --json document also has reader_notes[]: what the reader did with --data (an encoding\n"+
			"detected, title rows skipped, cells read as missing, numbers read through thousands separators) and\n"+
			"how the keys were read; [] for the embedded panel. Without --json these notes go to stderr.")
	}
}
