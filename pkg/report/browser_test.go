package report

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/llmbench/llmbench/internal/golden"
)

// screenshotPath is the README's picture of the HTML report, made by
// TestHTMLInChromium with -update.
const screenshotPath = "../../docs/report.png"

// browserEvents keeps what the page did that it must not do.
type browserEvents struct {
	mu       sync.Mutex
	problems []string
	requests []string
}

func (b *browserEvents) add(ev any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch e := ev.(type) {
	case *network.EventRequestWillBeSent:
		b.requests = append(b.requests, e.Request.URL)
	case *network.EventLoadingFailed:
		b.problems = append(b.problems, fmt.Sprintf("failed request %s: %s %s", e.RequestID, e.ErrorText, e.BlockedReason))
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeWarning {
			b.problems = append(b.problems, fmt.Sprintf("console.%s call", e.Type))
		}
	case *runtime.EventExceptionThrown:
		b.problems = append(b.problems, "exception: "+e.ExceptionDetails.Text)
	case *log.EventEntryAdded:
		if e.Entry.Level == log.EntryLevelError || e.Entry.Level == log.EntryLevelWarning {
			b.problems = append(b.problems, fmt.Sprintf("console %s (%s): %s", e.Entry.Level, e.Entry.Source, e.Entry.Text))
		}
	}
}

// chartBox is the bounding box of one chart in page coordinates.
type chartBox struct {
	ID                  string
	X, Y, Width, Height float64
}

// TestHTMLInChromium renders the HTML report of a bench result with an
// ablation and of a profile result in headless Chromium (Debian's
// chromium), with the network closed: the page must load nothing, log no
// error, and every chart must be drawn (ink inside its box). With -update
// the bench page's screenshot becomes the README's.
func TestHTMLInChromium(t *testing.T) {
	exe, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not installed (Debian: apt-get install -y chromium): the HTML report is not checked in a browser")
	}
	for _, tc := range []struct{ name, fixture string }{
		{"bench", "bench-ablation.json"},
		{"profile", "profile.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := load(t, tc.fixture)
			dir := t.TempDir()
			page := filepath.Join(dir, tc.name+".html")
			var buf bytes.Buffer
			if err := Render(&buf, r, FormatHTML); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(page, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			wantCharts := strings.Count(buf.String(), `<figure class="chart"`)
			shot, boxes, events := renderInChromium(t, exe, "file://"+page)
			if len(events.problems) > 0 {
				t.Errorf("the page had problems in the browser:\n%s", strings.Join(events.problems, "\n"))
			}
			for _, u := range events.requests {
				if !strings.HasPrefix(u, "file://"+page) {
					t.Errorf("the page requested %s: it must need nothing but itself", u)
				}
			}
			img, err := png.Decode(bytes.NewReader(shot))
			if err != nil {
				t.Fatal(err)
			}
			if img.Bounds().Dx() != 1280 {
				t.Errorf("screenshot %d px wide, want 1280", img.Bounds().Dx())
			}
			if len(boxes) != wantCharts || wantCharts == 0 {
				t.Errorf("the browser laid out %d charts, the page has %d", len(boxes), wantCharts)
			}
			for _, b := range boxes {
				ink, colours := inkIn(img, b)
				t.Logf("chart %s: %.0fx%.0f px at (%.0f, %.0f), %.1f%% ink, %d colours", b.ID, b.Width, b.Height, b.X, b.Y, 100*ink, colours)
				switch {
				case b.Width < 900 || b.Height < 150:
					t.Errorf("chart %s is %.0fx%.0f px at 1280 px: too small to read", b.ID, b.Width, b.Height)
				case ink < 0.02 || colours < 3:
					t.Errorf("chart %s is blank: %.1f%% of its pixels drawn, %d colours", b.ID, 100*ink, colours)
				}
			}
			if golden.Update() && tc.name == "bench" {
				writeScreenshot(t, img, boxes)
			}
		})
	}
}

// renderInChromium loads url in a fresh headless Chromium 1280 px wide and
// returns a full-page screenshot, the boxes of the charts and the events.
func renderInChromium(t *testing.T, exe, url string) ([]byte, []chartBox, *browserEvents) {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 1000),
	}
	// A bound on a browser that hangs, not a measurement: the test fails
	// with the browser's state instead of running until the test binary's
	// own timeout.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	ctx, cancelTab := chromedp.NewContext(ctx)
	defer cancelTab()
	events := &browserEvents{}
	if err := chromedp.Listen(ctx, events.add); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 1000), chromedp.Navigate(url)); err != nil {
		t.Fatalf("loading %s: %v", url, err)
	}
	boxes, err := chromedp.Run(ctx, chromedp.Evaluate[[]chartBox](`[...document.querySelectorAll("figure.chart svg")].map(s => {
		const r = s.getBoundingClientRect();
		return {ID: s.closest("figure").id, X: r.left + window.scrollX, Y: r.top + window.scrollY, Width: r.width, Height: r.height};
	})`))
	if err != nil {
		t.Fatalf("reading the charts' boxes: %v", err)
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	events.mu.Lock()
	defer events.mu.Unlock()
	return shot, boxes, events
}

// inkIn returns the share of the pixels inside b that are not the page's
// white background, and the number of distinct colours there (up to 64).
func inkIn(img image.Image, b chartBox) (float64, int) {
	r := image.Rect(int(b.X), int(b.Y), int(b.X+b.Width), int(b.Y+b.Height)).Intersect(img.Bounds())
	if r.Empty() {
		return 0, 0
	}
	inked := 0
	colours := map[[3]uint32]bool{}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if cr < 0xf000 || cg < 0xf000 || cb < 0xf000 {
				inked++
			}
			if len(colours) < 64 {
				colours[[3]uint32{cr >> 12, cg >> 12, cb >> 12}] = true
			}
		}
	}
	return float64(inked) / float64(r.Dx()*r.Dy()), len(colours)
}

// writeScreenshot saves the top of the page, down to the last chart, as the
// README's screenshot.
func writeScreenshot(t *testing.T, img image.Image, boxes []chartBox) {
	t.Helper()
	bottom := img.Bounds().Max.Y
	if len(boxes) > 0 {
		last := boxes[len(boxes)-1]
		bottom = min(bottom, int(last.Y+last.Height)+110) // the caption
	}
	crop := image.NewRGBA(image.Rect(0, 0, img.Bounds().Dx(), bottom))
	for y := 0; y < bottom; y++ {
		for x := 0; x < img.Bounds().Dx(); x++ {
			crop.Set(x, y, img.At(x, y))
		}
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, crop); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(screenshotPath), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(screenshotPath, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s (%d KiB)", screenshotPath, buf.Len()>>10)
}

// TestChromiumCatchesProblems checks the browser check itself: a page that
// loads from the network, fails a request and has an empty chart is
// caught.
func TestChromiumCatchesProblems(t *testing.T) {
	exe, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not installed (Debian: apt-get install -y chromium)")
	}
	page := filepath.Join(t.TempDir(), "bad.html")
	html := `<!DOCTYPE html><html><head><meta charset="utf-8"><title>bad</title>
<link rel="stylesheet" href="https://fonts.example.invalid/font.css"></head>
<body><figure class="chart" id="empty"><svg width="1000" height="300" viewBox="0 0 1000 300"></svg></figure>
<img src="missing.png"></body></html>`
	if err := os.WriteFile(page, []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	shot, boxes, events := renderInChromium(t, exe, "file://"+page)
	if len(events.problems) == 0 {
		t.Error("a page with a missing image and a stylesheet from the network showed no problem")
	}
	external := 0
	for _, u := range events.requests {
		if strings.HasPrefix(u, "https://") {
			external++
		}
	}
	if external == 0 {
		t.Errorf("the request to the network went unseen: requests %q", events.requests)
	}
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatal(err)
	}
	if len(boxes) != 1 {
		t.Fatalf("boxes %+v, want the one empty chart", boxes)
	}
	if ink, _ := inkIn(img, boxes[0]); ink > 0.001 {
		t.Errorf("an empty chart has %.1f%% ink", 100*ink)
	}
}
