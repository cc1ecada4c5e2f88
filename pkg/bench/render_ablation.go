package bench

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/llmbench/llmbench/pkg/table"
	"github.com/olekukonko/tablewriter/tw"
)

// fmtGain renders a gain with its interval: "+6.4% [+3.1, +10.2]"; unit is
// "%" or " pp".
func fmtGain(g Gain, unit string) string {
	if math.IsNaN(g.GainPct) {
		return "-"
	}
	s := signed(g.GainPct) + unit
	if !g.HasCI() {
		return s + " [no interval]"
	}
	return fmt.Sprintf("%s [%s, %s]", s, signed(g.CILow), signed(g.CIHigh))
}

// signed formats x with one decimal and a sign, without "-0.0".
func signed(x float64) string {
	if math.Abs(x) < 0.05 {
		x = 0
	}
	return fmt.Sprintf("%+.1f", x)
}

// Attribution is the share of the total gain that the changes' alone gains
// add up to (1 when they are exactly additive).
func (a *Ablation) Attribution() float64 {
	if a.Total.GainPct == 0 {
		return math.NaN()
	}
	return (a.Total.GainPct - a.Interaction.GainPct) / a.Total.GainPct
}

// Verdict says in one clause how much of the gain the changes account for.
func (a *Ablation) Verdict() string {
	if !a.Total.HasCI() || (a.Total.CILow <= 0 && a.Total.CIHigh >= 0) {
		return fmt.Sprintf("no gain to attribute: %s is not significantly faster or slower than %s (interaction %s pp)",
			a.Variant, a.Baseline, signed(a.Interaction.GainPct))
	}
	return fmt.Sprintf("the changes alone add up to %.0f%% of %s's gain over %s (interaction %s pp)",
		100*a.Attribution(), a.Variant, a.Baseline, signed(a.Interaction.GainPct))
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func writeAblation(w io.Writer, a *Ablation, md bool, head func(string)) error {
	head(fmt.Sprintf("Ablation of %s: each change alone (%s -> %s+C) and inside %s (%s-C -> %s)",
		a.Variant, a.Baseline, a.Baseline, a.Variant, a.Variant, a.Variant))
	inV := "in " + a.Variant + " (marginal)"
	header := []string{"change", "source", "alone", inV, "allocs saved alone", "allocs saved in " + a.Variant}
	align := table.Align(len(header))
	align[1] = tw.AlignLeft
	t := newTable(w, md, header, align)
	sum := 0.0
	for _, c := range a.Changes {
		sum += c.Alone.GainPct
		if err := t.Append([]string{c.Name, c.Source, fmtGain(c.Alone, "%"), fmtGain(c.Marginal, "%"),
			savedAllocs(c.AllocsSaved), savedAllocs(c.AllocsSavedMarginal)}); err != nil {
			return err
		}
	}
	rows := [][]string{
		{"total: " + a.Variant + " vs " + a.Baseline, "", fmtGain(a.Total, "%"), "", "", ""},
		{"sum of the changes alone", "", signed(sum) + "%", "", "", ""},
		{"interaction (total - sum)", "", fmtGain(a.Interaction, " pp"), "", "", ""},
	}
	if err := t.Bulk(rows); err != nil {
		return err
	}
	if err := t.Render(); err != nil {
		return err
	}
	if md {
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "%s.\n", capitalize(a.Verdict()))
	fmt.Fprintf(w, "Method: %s.\n", a.Method)
	if n := a.GCNote(); n != "" {
		fmt.Fprintln(w, n)
	}
	if a.Claimed != "" {
		fmt.Fprintln(w)
		if err := writeClaimsTable(w, a, md, head); err != nil {
			return err
		}
	}
	return nil
}

// writeClaimsTable writes the ablation in the optimization summary's shape:
// task | change | claimed | measured alone | measured in the variant.
func writeClaimsTable(w io.Writer, a *Ablation, md bool, head func(string)) error {
	head(fmt.Sprintf("The summary's table, measured: claimed vs measured reduction of the time per call (alone: vs %s; in %s: vs %s-C)",
		a.Baseline, a.Variant, a.Variant))
	header := []string{"task", "change", "claimed", "measured alone", "measured in " + a.Variant}
	t := newTable(w, md, header, []tw.Align{tw.AlignLeft, tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignRight})
	major := func(task string) string { t, _, _ := strings.Cut(task, "."); return t }
	var sumAlone, sumIn float64
	for i := 0; i < len(a.Changes); {
		c := a.Changes[i]
		j := i + 1
		for j < len(a.Changes) && c.Task != "" && major(a.Changes[j].Task) == major(c.Task) {
			j++
		}
		var ga, gi float64
		for _, d := range a.Changes[i:j] {
			claimed := d.Claimed
			if j-i > 1 && claimed != "" {
				claimed += " (task " + major(d.Task) + ")"
			}
			task := d.Task
			if task == "" {
				task = "-"
			}
			if err := t.Append([]string{task, d.Name, dash(claimed), fmtGain(d.Alone, "%"), fmtGain(d.Marginal, "%")}); err != nil {
				return err
			}
			ga += d.Alone.GainPct
			gi += d.Marginal.GainPct
		}
		if j-i > 1 {
			if err := t.Append([]string{major(c.Task), "(" + c.Task + "-" + a.Changes[j-1].Task + " together)", dash(c.Claimed),
				signed(ga) + "% (sum)", signed(gi) + "% (sum)"}); err != nil {
				return err
			}
		}
		sumAlone += ga
		sumIn += gi
		i = j
	}
	if err := t.Append([]string{"total", a.Variant + " vs " + a.Baseline, dash(a.Claimed),
		signed(sumAlone) + "% (sum)", fmtGain(a.Total, "%")}); err != nil {
		return err
	}
	return t.Render()
}

// savedAllocs formats allocations saved per call: medians of per-batch
// counts, so 0.995 is one allocation and -0.004 none.
func savedAllocs(x float64) string {
	r := math.Round(x*10) / 10
	if r == 0 {
		return "0"
	}
	return count(r)
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// writeAblationCSV writes the ablation as a second CSV table after an empty
// line: one row per change, then the total and the interaction.
func writeAblationCSV(cw *csv.Writer, a *Ablation, f func(float64) string) error {
	if err := cw.Write(nil); err != nil {
		return err
	}
	if err := cw.Write([]string{"ablation", "change", "source", "task", "claimed", "alone_gain_pct", "alone_ci_low", "alone_ci_high",
		"marginal_gain_pct", "marginal_ci_low", "marginal_ci_high", "allocs_saved", "allocs_saved_marginal"}); err != nil {
		return err
	}
	gain := func(g Gain) []string { return []string{f(g.GainPct), f(g.CILow), f(g.CIHigh)} }
	for _, c := range a.Changes {
		row := append([]string{a.Variant, c.Name, c.Source, c.Task, c.Claimed}, gain(c.Alone)...)
		row = append(row, gain(c.Marginal)...)
		row = append(row, f(c.AllocsSaved), f(c.AllocsSavedMarginal))
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	empty := []string{"", "", ""}
	total := append(append([]string{a.Variant, "(total)", "", "", a.Claimed}, gain(a.Total)...), empty...)
	inter := append(append([]string{a.Variant, "(interaction)", "", "", ""}, gain(a.Interaction)...), empty...)
	if err := cw.Write(append(total, "", "")); err != nil {
		return err
	}
	return cw.Write(append(inter, "", ""))
}

// writeAblationGoBench writes one benchmark line per change, the total and
// the interaction (BenchmarkAblation/variant=V/change=C), with the gains
// and their bounds as custom units.
func writeAblationGoBench(w io.Writer, r *Result, a *Ablation) error {
	type unit struct {
		g    *Gain
		name string // the unit is NAME-% (NAME-pp for the interaction), with NAME-ci-low and NAME-ci-high
		pp   bool
	}
	line := func(change string, saved float64, units ...unit) error {
		s := fmt.Sprintf("BenchmarkAblation/variant=%s/change=%s-%d\t1", nameSafe(a.Variant), nameSafe(change), r.Env.GOMAXPROCS)
		for _, u := range units {
			if math.IsNaN(u.g.GainPct) {
				continue
			}
			suffix := "-%"
			if u.pp {
				suffix = "-pp"
			}
			s += fmt.Sprintf("\t%.3f %s%s", u.g.GainPct, u.name, suffix)
			if u.g.HasCI() {
				s += fmt.Sprintf("\t%.3f %s-ci-low%s\t%.3f %s-ci-high%s", u.g.CILow, u.name, suffix, u.g.CIHigh, u.name, suffix)
			}
		}
		if !math.IsNaN(saved) {
			s += "\t" + strconv.FormatFloat(saved, 'f', 2, 64) + " allocs-saved/op"
		}
		_, err := fmt.Fprintln(w, s)
		return err
	}
	for i := range a.Changes {
		c := &a.Changes[i]
		if err := line(c.Name, c.AllocsSaved, unit{&c.Alone, "alone-gain", false}, unit{&c.Marginal, "marginal-gain", false}); err != nil {
			return err
		}
	}
	if err := line("total", math.NaN(), unit{&a.Total, "gain", false}); err != nil {
		return err
	}
	return line("interaction", math.NaN(), unit{&a.Interaction, "interaction", true})
}

// GCNote says, in a sentence, that the times leave garbage collection
// out and whether any collection fell inside a timed batch all the same;
// "" when the times include it.
func (a *Ablation) GCNote() string {
	if !a.GCUntimed {
		return ""
	}
	return "Times leave garbage collection out: every batch started right after a collection, run untimed (" +
		timedCycles(a.GCCyclesTimed) + "); allocations saved are in their own columns."
}

// timedCycles says how many collections fell inside timed batches.
func timedCycles(n uint32) string {
	switch n {
	case 0:
		return "none fell inside a timed batch"
	case 1:
		return "1 collection fell inside a timed batch all the same"
	}
	return fmt.Sprintf("%d collections fell inside timed batches all the same", n)
}
