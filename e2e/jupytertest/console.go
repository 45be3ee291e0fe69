package jupytertest

import (
	"context"
	"regexp"
	"strings"
	"sync"

	"github.com/chromedp/chromedp"
)

// Console holds the errors a page reports in the browser: uncaught exceptions, console.error calls and errors of
// the browser's log, less those that a test declares harmless.
type Console struct {
	mu       sync.Mutex
	errors   []string
	taken    int
	harmless []*regexp.Regexp
}

// WatchConsole starts collecting the errors of the page of ctx (a chromedp context whose browser has started),
// until ctx ends. Errors that match one of harmless are left out.
func WatchConsole(ctx context.Context, harmless ...*regexp.Regexp) *Console {
	c := &Console{harmless: harmless}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				c.add(strings.TrimSpace(m.String() + " " + m.URL))
			}
		}
	}()
	return c
}

func (c *Console) add(msg string) {
	msg = tokenParam.ReplaceAllString(msg, "token=…")
	for _, re := range c.harmless {
		if re.MatchString(msg) {
			return
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.errors = append(c.errors, msg)
}

// Take returns the errors reported since the last Take.
func (c *Console) Take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	errs := append([]string(nil), c.errors[c.taken:]...)
	c.taken = len(c.errors)
	return errs
}

// All returns every error reported since the watch began.
func (c *Console) All() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.errors...)
}
