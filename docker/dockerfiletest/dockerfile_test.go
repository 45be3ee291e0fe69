package dockerfiletest

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestDockerfile(t *testing.T) {
	src, err := os.ReadFile(dockerfile)
	if err != nil {
		t.Fatal(err)
	}
	requireBash(t)
	for _, p := range checkDockerfile(src, contextDir) {
		t.Error(p)
	}

	// The scripts named in the issue are the ones the Dockerfile runs.
	stages, globalArgs, err := parseDockerfile(src)
	if err != nil {
		t.Fatal(err)
	}
	img, _ := evaluate(stages, globalArgs)
	var runText string
	for _, in := range img.runs {
		runText += in.text + "\n"
	}
	for _, s := range []string{"install-go.sh", "install-gonb.sh", "install-pjrt.sh", "warm-caches.sh"} {
		if !strings.Contains(runText, s) {
			t.Errorf("no RUN step calls %s", s)
		}
	}
	if got := img.copies["/usr/local/bin/entrypoint.sh"]; got != "docker/entrypoint.sh" {
		t.Errorf("/usr/local/bin/entrypoint.sh is copied from %q, want docker/entrypoint.sh", got)
	}
}

// requireBash skips the test where bash is missing.
func requireBash(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash not found:", err)
	}
}

// goodDockerfile passes checkDockerfile in the context written by
// writeContext; the negative cases below each break one thing.
const goodDockerfile = `# syntax=docker/dockerfile:1
ARG BASE=debian:bookworm-slim
FROM ${BASE}
ARG NB_USER=jovyan
ENV GOEXPERIMENT=simd PATH=/usr/local/go/bin:$PATH
COPY docker/install.sh /opt/build/
RUN /opt/build/install.sh && useradd "${NB_USER}"
COPY docker/start.sh docker/health.sh /usr/local/bin/
USER ${NB_USER}
WORKDIR /home/${NB_USER}/src
COPY . .
RUN docker/install.sh
EXPOSE 8888
HEALTHCHECK --interval=30s CMD ["/usr/local/bin/health.sh"]
ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/start.sh"]
`

const goodStart = `#!/usr/bin/env bash
set -euo pipefail
JUPYTER_TOKEN=${JUPYTER_TOKEN:-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')}
export JUPYTER_TOKEN
exec jupyter lab --ip=0.0.0.0
`

// writeContext writes a build context with the scripts goodDockerfile uses,
// start.sh replaced by start when it is not empty.
func writeContext(t *testing.T, start string) string {
	t.Helper()
	dir := t.TempDir()
	if start == "" {
		start = goodStart
	}
	files := map[string]string{
		"docker/install.sh": "#!/usr/bin/env bash\nset -euo pipefail\necho installing\n",
		"docker/health.sh":  "#!/usr/bin/env bash\nexec curl -fsS http://127.0.0.1:8888/api\n",
		"docker/start.sh":   start,
	}
	for name, content := range files {
		file := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, []byte(content), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestCheckDockerfileFindsProblems(t *testing.T) {
	requireBash(t)
	replace := func(old, new string) string {
		if !strings.Contains(goodDockerfile, old) {
			t.Fatalf("goodDockerfile lacks %q", old)
		}
		return strings.Replace(goodDockerfile, old, new, 1)
	}
	tests := []struct {
		name       string
		dockerfile string
		start      string // start.sh, goodStart when empty
		want       string // a problem containing this; "" for none
	}{
		{name: "good", dockerfile: goodDockerfile},
		{name: "root user", dockerfile: replace("USER ${NB_USER}", "USER root"), want: `USER "root" is root`},
		{name: "uid 0", dockerfile: replace("USER ${NB_USER}", "USER 0:0"), want: "is root"},
		{name: "root through ARG", dockerfile: replace("ARG NB_USER=jovyan", "ARG NB_USER=root"), want: `USER "root" is root`},
		{name: "no user", dockerfile: replace("USER ${NB_USER}\n", ""), want: "no USER"},
		{
			name: "user only in a builder stage",
			dockerfile: "FROM debian AS build\nUSER jovyan\nFROM debian\n" +
				strings.Replace(goodDockerfile[strings.Index(goodDockerfile, "ARG NB_USER"):], "USER ${NB_USER}\n", "", 1),
			want: "no USER",
		},
		{
			name: "user inherited from a parent stage",
			dockerfile: strings.Replace(goodDockerfile, "FROM ${BASE}", "FROM ${BASE} AS base", 1) +
				"FROM base\nRUN true\n",
		},
		{
			name:       "allow-root in CMD",
			dockerfile: goodDockerfile + `CMD ["--allow-root"]` + "\n",
			want:       "--allow-root",
		},
		{
			name:  "allow-root in the entrypoint script",
			start: strings.Replace(goodStart, "--ip=0.0.0.0", "--ip=0.0.0.0 --allow-root", 1),
			want:  "--allow-root",
		},
		{
			name:  "empty token",
			start: strings.Replace(goodStart, "export JUPYTER_TOKEN\n", "export JUPYTER_TOKEN=''\n", 1),
			want:  "empty token",
		},
		{
			name:  "no token",
			start: strings.Replace(goodStart, "export JUPYTER_TOKEN\n", "", 1),
			want:  "without a token",
		},
		{
			name:  "token on the command line",
			start: strings.Replace(goodStart, "--ip=0.0.0.0", `--ip=0.0.0.0 --IdentityProvider.token="${JUPYTER_TOKEN}"`, 1),
			want:  "on the command line",
		},
		{
			name:       "token baked into the image",
			dockerfile: replace("ENV GOEXPERIMENT=simd", "ENV GOEXPERIMENT=simd JUPYTER_TOKEN=secret"),
			want:       "ENV JUPYTER_TOKEN",
		},
		{
			name:       "not JupyterLab",
			dockerfile: replace(`"/usr/local/bin/start.sh"]`, `"sleep", "infinity"]`),
			want:       "does not start JupyterLab",
		},
		{name: "no healthcheck", dockerfile: replace(`HEALTHCHECK --interval=30s CMD ["/usr/local/bin/health.sh"]`+"\n", ""), want: "no HEALTHCHECK"},
		{name: "healthcheck none", dockerfile: goodDockerfile + "HEALTHCHECK NONE\n", want: "HEALTHCHECK NONE"},
		{name: "no expose", dockerfile: replace("EXPOSE 8888", "EXPOSE 8080"), want: "no EXPOSE 8888"},
		{name: "no simd", dockerfile: replace("GOEXPERIMENT=simd", "GOEXPERIMENT=boringcrypto"), want: "GOEXPERIMENT"},
		{name: "missing script", dockerfile: goodDockerfile + "RUN /opt/build/install-nothing.sh\n", want: "which no COPY puts in the image"},
		{name: "missing relative script", dockerfile: goodDockerfile + "RUN docker/gone.sh\n", want: "not found in the build context"},
		{name: "missing COPY source", dockerfile: replace("COPY docker/install.sh", "COPY docker/install2.sh"), want: "COPY source docker/install2.sh not found"},
		{name: "script syntax error", start: "#!/usr/bin/env bash\nif then fi\n", want: "bash -n docker/start.sh"},
		{name: "parse error", dockerfile: "RUN true\n", want: "before the first FROM"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			df := tt.dockerfile
			if df == "" {
				df = goodDockerfile
			}
			problems := checkDockerfile([]byte(df), writeContext(t, tt.start))
			if tt.want == "" {
				for _, p := range problems {
					t.Errorf("unexpected problem: %s", p)
				}
				return
			}
			if !slices.ContainsFunc(problems, func(p string) bool { return strings.Contains(p, tt.want) }) {
				t.Errorf("no problem mentions %q; got %q", tt.want, problems)
			}
		})
	}
}
