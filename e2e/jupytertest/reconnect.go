package jupytertest

import (
	"regexp"
	"testing"
)

// gonbReconnect matches the errors GoNB v0.11.5's page script (internal/websocket/websocket.js) logs when its
// connection to the kernel is not acknowledged within its fixed 500 ms (comm_open_ack), as happens on a busy
// machine, and when the connection is then installed again: the drawing board of package nb has GoNB reconnect
// until the cell answers (TestJupyterLabDrawADigitAfterAFailedConnection tests that recovery).
var gonbReconnect = regexp.MustCompile(`gonb_comm: failed to connect to kernel, .*comm_open_ack not received in time|` +
	`Uncaught \(in promise\) Error: comm_open_ack not received in time|` +
	`gonb_comm: failed sending data to address .*comm_open_ack not received in time|` +
	`gonb_comm already running: we assume this is after a kernel restart|` +
	`gonb_comm from previous kernel still hanging`)

// SplitGoNBReconnects returns the console errors errs less those of GoNB's failed and retried connection, and
// those. A test whose drawing board answered after such a failure treats them as expected: LogGoNBReconnects.
func SplitGoNBReconnects(errs []string) (others, reconnects []string) {
	for _, e := range errs {
		if gonbReconnect.MatchString(e) {
			reconnects = append(reconnects, e)
		} else {
			others = append(others, e)
		}
	}
	return others, reconnects
}

// LogGoNBReconnects returns errs less GoNB's reconnect errors, which it logs with the reason they are accepted, so
// that a run where GoNB's first connection failed says so.
func LogGoNBReconnects(t testing.TB, errs []string) []string {
	t.Helper()
	others, reconnects := SplitGoNBReconnects(errs)
	for _, e := range reconnects {
		t.Logf("GoNB's connection to the kernel failed and was made again (expected on a busy machine; the board answered after it): %s", e)
	}
	return others
}
