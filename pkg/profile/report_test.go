package profile

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/llmbench/llmbench/internal/golden"
)

const cpkg = "github.com/llmbench/llmbench/pkg/completion."

// pipelineProfile builds a CPU profile of 4n pipeline samples (plus 10 GC
// samples outside it) with 4 times the given sample counts per stack below
// the entry (leaf first); the remaining samples sit in the entry itself.
func pipelineProfile(t *testing.T, n int64, stacks map[string]int64) string {
	t.Helper()
	s := newSynth("samples", "cpu")
	n *= 4
	rest := n
	for stack, k := range stacks {
		k *= 4
		frames := append(strings.Split(stack, " "), cpkg+"(*Pipeline).complete", "main.main")
		s.add([]int64{k, k * 4e6}, frames...)
		rest -= k
	}
	s.add([]int64{rest, rest * 4e6}, cpkg+"(*Pipeline).complete", "main.main")
	s.add([]int64{10, 4e7}, "runtime.gcBgMarkWorker")
	p := s.profile(t)
	p.Period = 4e6
	path := filepath.Join(t.TempDir(), "cpu.pb.gz")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := p.Write(f); err != nil {
		t.Fatal(err)
	}
	return path
}

// syntheticRun is a before/after pair shaped like the summary's table:
// baseline matches its "before" column, optimized is near its "after".
func syntheticRun(t *testing.T) *Run {
	t.Helper()
	gop := cpkg + "(*Variant).getOptionalParams"
	before := pipelineProfile(t, 2000, map[string]int64{
		cpkg + "getLLMProvider":                             100,
		cpkg + "(*Variant).validateProvider":                70,
		cpkg + "(*Variant).validateProvider " + gop:         60,
		cpkg + "preProcessNonDefaultParamsChain " + gop:     154,
		cpkg + "(*Variant).getSupportedOpenAIParams " + gop: 58,
		gop:                     100,
		cpkg + "mockResponse":   300,
		cpkg + "completionCost": 200,
	})
	after := pipelineProfile(t, 2000, map[string]int64{
		cpkg + "getLLMProvider":                             100,
		cpkg + "(*Variant).validateProvider":                2,
		cpkg + "preProcessNonDefaultParamsSlots " + gop:     78,
		cpkg + "(*Variant).getSupportedOpenAIParams " + gop: 40,
		gop:                   102,
		cpkg + "mockResponse": 500,
	})
	return &Run{Workload: "synthetic", Seed: 1, Goroutines: 2, GOMAXPROCS: 2, Duration: 5 * time.Second, Rate: 1000,
		Variants: []VariantCapture{
			{Name: "baseline", CPUFile: before, Wall: 5 * time.Second, CPUTime: 40 * time.Second, Requests: 1000000},
			{Name: "optimized", CPUFile: after, Wall: 5 * time.Second, CPUTime: 40 * time.Second, Requests: 2000000},
		}}
}

func TestAnalyzeVerdicts(t *testing.T) {
	rep, err := Analyze(syntheticRun(t), AnalyzeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		before, after float64
		verdict       Verdict
	}{
		// 130/2000 = 6.5% before, 0.1% after (of 8,000 samples, so ±0.5 pp):
		// inside 5.5-7.5% and 0-1%, and 6.4 pp less.
		"provider_validation": {6.5, 0.1, Holds},
		// 372/2000 = 18.6% before, 220/2000 = 11% after, 7.6 pp less:
		// inside 17.6-19.6%, 9-13% and 5-9 pp.
		"get_optional_params": {18.6, 11, Holds},
		// 7.7% before, but 3.9% ±0.4 after straddles the end of 1-4%.
		"pre_process_non_default_params": {7.7, 3.9, NotDecidable},
		// The union is (70+372)/2000 = 22.1%, far below the summary's 32.8%.
		Total: {22.1, 11.1, DoesNotHold},
	}
	got := map[string]Comparison{}
	for _, c := range rep.Comparison {
		got[c.Component] = c
	}
	for name, w := range want {
		c, ok := got[name]
		if !ok {
			t.Errorf("no comparison row for %s", name)
			continue
		}
		if !near(c.Before, w.before) || !near(c.After, w.after) || c.Verdict != w.verdict {
			t.Errorf("%s: before %.2f, after %.2f, verdict %q; want %.2f, %.2f, %q (parts %q %q %q)", name,
				c.Before, c.After, c.Verdict, w.before, w.after, w.verdict, c.VerdictBefore, c.VerdictAfter, c.VerdictImprovement)
		}
		if !near(c.DeltaPP, c.After-c.Before) {
			t.Errorf("%s: delta_pp %.2f, want after - before = %.2f", name, c.DeltaPP, c.After-c.Before)
		}
	}
	if rep.Variants[0].Samples != 8010 || rep.Variants[0].PipelineSamples != 8000 {
		t.Errorf("baseline samples %d (pipeline %d), want 8010 (8000)", rep.Variants[0].Samples, rep.Variants[0].PipelineSamples)
	}
	if !near(rep.Variants[0].AchievedHz, 8010.0/40) {
		t.Errorf("achieved rate %.1f Hz, want %.1f", rep.Variants[0].AchievedHz, 8010.0/40)
	}
	var rateWarned, wideWarned bool
	for _, w := range rep.Warnings {
		rateWarned = rateWarned || strings.Contains(w, "below the 1000 Hz asked") // 8,010 samples in 40 CPU-s
		wideWarned = wideWarned || strings.Contains(w, "not decidable at this sample size")
	}
	if !rateWarned || !wideWarned {
		t.Errorf("warnings %q: want the achieved-rate and the not-decidable warnings", rep.Warnings)
	}
}

func TestAnalyzeNoPipelineSamples(t *testing.T) {
	s := newSynth("samples", "cpu").add([]int64{5, 2e7}, "runtime.gcBgMarkWorker")
	path := filepath.Join(t.TempDir(), "cpu.pb.gz")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.profile(t).Write(f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	run := syntheticRun(t)
	run.Variants[1].CPUFile = path
	rep, err := Analyze(run, AnalyzeOptions{})
	if err != nil {
		t.Fatalf("Analyze: %v", err)
	}
	if len(rep.Comparison) != 0 || len(rep.Variants[1].Components) != 0 || rep.Variants[1].Samples != 5 {
		t.Errorf("comparison %d rows, optimized %d components and %d samples; want 0, 0, 5",
			len(rep.Comparison), len(rep.Variants[1].Components), rep.Variants[1].Samples)
	}
	if !strings.Contains(strings.Join(rep.Warnings, "\n"), "optimized: no CPU sample under the pipeline") {
		t.Errorf("warnings %q: want one about the empty profile", rep.Warnings)
	}
	var b bytes.Buffer
	if err := Render(&b, rep, "table"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "| provider_validation") {
		t.Errorf("table lacks the baseline's rows:\n%s", b.String())
	}
}

func near(a, b float64) bool { return a-b < 0.051 && b-a < 0.051 }

func TestRender(t *testing.T) {
	run := syntheticRun(t)
	rep, err := Analyze(run, AnalyzeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range Formats {
		t.Run(format, func(t *testing.T) {
			var b bytes.Buffer
			if err := Render(&b, rep, format); err != nil {
				t.Fatal(err)
			}
			got := b.String()
			for _, v := range run.Variants {
				got = strings.ReplaceAll(got, filepath.Dir(v.CPUFile), "DIR")
			}
			if format == "json" {
				var j map[string]any
				if err := json.Unmarshal(b.Bytes(), &j); err != nil {
					t.Fatalf("JSON output does not parse: %v", err)
				}
				if j["schema"] != Schema {
					t.Errorf("schema = %v, want %s", j["schema"], Schema)
				}
			}
			golden.Check(t, []byte(got))
		})
	}
	if err := Render(&bytes.Buffer{}, rep, "yaml"); err == nil {
		t.Error("Render with an unknown format: no error")
	}
}
