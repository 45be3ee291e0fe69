package datasets

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// Network timeouts of the HTTPS mirrors. There is no limit on the whole
// download, which may be slow, but the connection must be made within
// connectTimeout and then data must keep arriving: a read that waits more
// than readTimeout fails and the next mirror is tried.
var (
	connectTimeout = 15 * time.Second
	readTimeout    = 30 * time.Second
)

// maxDownloadBytes bounds what is read from a mirror: the largest canonical
// .gz file has under 30 MB.
const maxDownloadBytes = 64 << 20

// httpClient returns the client for the mirrors: the default transport
// (which honours HTTPS_PROXY and friends) with connect and header timeouts.
func httpClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = (&net.Dialer{Timeout: connectTimeout, KeepAlive: 30 * time.Second}).DialContext
	t.TLSHandshakeTimeout = connectTimeout
	t.ResponseHeaderTimeout = readTimeout
	return &http.Client{Transport: t}
}

// errNetwork marks failures that concern the mirror as a whole (it cannot be
// reached, or stalls), as opposed to one missing or wrong file.
var errNetwork = errors.New("mirror unreachable")

// download fetches url into memory, showing progress on w, and checks it
// against the pinned hashes of f. Nothing is written to disk here.
func download(ctx context.Context, client *http.Client, url string, f fileSpec, w io.Writer) ([]byte, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errNetwork, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	if resp.ContentLength > maxDownloadBytes {
		return nil, fmt.Errorf("GET %s: %d bytes is more than the %d expected at most", url, resp.ContentLength, maxDownloadBytes)
	}

	p := newProgress(w, f.gzName(), url, resp.ContentLength)
	var buf bytes.Buffer
	if resp.ContentLength > 0 {
		buf.Grow(int(resp.ContentLength))
	}
	body := &idleReader{r: resp.Body, timeout: readTimeout, cancel: cancel}
	n, err := io.Copy(io.MultiWriter(&buf, p), io.LimitReader(body, maxDownloadBytes+1))
	switch {
	case err != nil:
		if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, context.Canceled) {
			// The mirror stalled: skip it for the other files too.
			err = fmt.Errorf("%w: GET %s: %w after %d bytes", errNetwork, url, cause, n)
		} else {
			err = fmt.Errorf("GET %s: body cut after %d bytes: %w", url, n, err)
		}
	case n > maxDownloadBytes:
		err = fmt.Errorf("GET %s: more than %d bytes", url, maxDownloadBytes)
	case resp.ContentLength >= 0 && n != resp.ContentLength:
		err = fmt.Errorf("GET %s: body cut after %d of %d bytes", url, n, resp.ContentLength)
	}
	if err == nil {
		_, err = verified(f, url, buf.Bytes(), true, "the mirror serves a different file")
	}
	p.done(err)
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// idleReader fails a read that waits for data longer than timeout, by
// cancelling the request's context.
type idleReader struct {
	r       io.Reader
	timeout time.Duration
	cancel  context.CancelCauseFunc
}

// Read implements io.Reader.
func (r *idleReader) Read(p []byte) (int, error) {
	t := time.AfterFunc(r.timeout, func() {
		r.cancel(fmt.Errorf("no data for %s", r.timeout))
	})
	defer t.Stop()
	return r.r.Read(p)
}

// mirrorURL joins a mirror base and a file name.
func mirrorURL(base, name string) string {
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	return base + name
}
