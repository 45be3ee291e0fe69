package docker

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
)

// contextDir is the Docker build context of docker/Dockerfile: the
// repository root, as seen from this package's directory.
const contextDir = ".."

// jupyterPort is the port JupyterLab listens on in the image.
const jupyterPort = "8888"

// instruction is one Dockerfile instruction with its arguments.
type instruction struct {
	cmd   string   // lower case: "run", "user", ...
	args  []string // the words after the instruction and its flags
	json  bool     // exec (JSON) form
	flags []string // --chown=..., --interval=..., ...
	text  string   // RUN: the command, heredocs included
	line  int
}

// stage is one FROM section of a Dockerfile.
type stage struct {
	name   string // the AS name, lower case, or ""
	base   string // the image or stage it starts from
	instrs []instruction
}

// env is an environment for Dockerfile variable expansion.
type env map[string]string

// Get implements shell.EnvGetter.
func (e env) Get(key string) (string, bool) {
	v, ok := e[key]
	return v, ok
}

// Keys implements shell.EnvGetter.
func (e env) Keys() []string {
	keys := make([]string, 0, len(e))
	for k := range e {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

var (
	// scriptRef matches a shell script path in a command.
	scriptRef = regexp.MustCompile(`[\w./${}-]*\.sh\b`)
	// tokenFlag matches a Jupyter token option: a token on a command line is
	// visible to every process (ps, /proc/*/cmdline).
	tokenFlag = regexp.MustCompile(`--(IdentityProvider|ServerApp|NotebookApp)\.token\b`)
	// tokenEnv matches the export of JUPYTER_TOKEN, which Jupyter Server reads.
	tokenEnv = regexp.MustCompile(`(?m)^\s*export JUPYTER_TOKEN\b`)
	// emptyToken matches JUPYTER_TOKEN set to an empty value.
	emptyToken = regexp.MustCompile(`(?m)\bJUPYTER_TOKEN=(""|''|\\?$|\s)`)
)

// parseDockerfile parses src into stages, with the ARGs declared before the
// first FROM.
func parseDockerfile(src []byte) (stages []stage, globalArgs []instruction, err error) {
	res, err := parser.Parse(bytes.NewReader(src))
	if err != nil {
		return nil, nil, err
	}
	for _, n := range res.AST.Children {
		in := instruction{cmd: strings.ToLower(n.Value), flags: n.Flags, line: n.StartLine}
		in.json = n.Attributes["json"]
		for a := n.Next; a != nil; a = a.Next {
			in.args = append(in.args, a.Value)
		}
		if in.cmd == "run" {
			in.text = strings.Join(in.args, " ")
			for _, h := range n.Heredocs {
				in.text += "\n" + h.Content
			}
		}
		switch {
		case in.cmd == "from":
			if len(in.args) == 0 {
				return nil, nil, fmt.Errorf("line %d: FROM without an image", in.line)
			}
			st := stage{base: in.args[0]}
			if len(in.args) == 3 && strings.EqualFold(in.args[1], "as") {
				st.name = strings.ToLower(in.args[2])
			}
			stages = append(stages, st)
		case len(stages) == 0:
			if in.cmd != "arg" {
				return nil, nil, fmt.Errorf("line %d: %s before the first FROM", in.line, strings.ToUpper(in.cmd))
			}
			globalArgs = append(globalArgs, in)
		default:
			stages[len(stages)-1].instrs = append(stages[len(stages)-1].instrs, in)
		}
	}
	if len(stages) == 0 {
		return nil, nil, fmt.Errorf("no FROM instruction")
	}
	return stages, globalArgs, nil
}

// finalChain returns the instructions that make up the image of the last
// stage: those of the stages it is built FROM, then its own.
func finalChain(stages []stage) []instruction {
	var chain [][]instruction
	seen := map[string]bool{}
	for i := len(stages) - 1; i >= 0; {
		chain = append(chain, stages[i].instrs)
		base := strings.ToLower(stages[i].base)
		next := -1
		for j := i - 1; j >= 0; j-- {
			if stages[j].name != "" && stages[j].name == base && !seen[base] {
				next = j
				break
			}
		}
		seen[base] = true
		i = next
	}
	var out []instruction
	for i := len(chain) - 1; i >= 0; i-- {
		out = append(out, chain[i]...)
	}
	return out
}

// image is what checkDockerfile learns about the final image.
type image struct {
	env         env
	user        string // last USER, expanded; "" when none
	exposed     []string
	healthcheck *instruction
	entrypoint  []string
	cmd         []string
	copies      map[string]string // in-image path of a copied file -> its source
	copySources []string
	runs        []instruction
}

// evaluate walks the final stage's instructions, expanding variables as
// Docker does for ARG, ENV, USER, EXPOSE, COPY and WORKDIR.
func evaluate(stages []stage, globalArgs []instruction) (*image, []string) {
	var problems []string
	lex := shell.NewLex('\\')
	expand := func(in instruction, e env, word string) string {
		out, _, err := lex.ProcessWord(word, e)
		if err != nil {
			problems = append(problems, fmt.Sprintf("line %d: %v", in.line, err))
			return word
		}
		return out
	}

	globals := env{}
	for _, in := range globalArgs {
		for _, a := range in.args {
			k, v, _ := strings.Cut(a, "=")
			globals[k] = expand(in, globals, v)
		}
	}

	img := &image{env: env{}, copies: map[string]string{}}
	vars := env{} // ARGs in scope and ENVs
	workdir := "/"
	for _, in := range finalChain(stages) {
		switch in.cmd {
		case "arg":
			for _, a := range in.args {
				k, v, hasDefault := strings.Cut(a, "=")
				if hasDefault {
					vars[k] = expand(in, vars, v)
				} else if g, ok := globals[k]; ok {
					vars[k] = g
				} else {
					vars[k] = ""
				}
			}
		case "env":
			for i := 0; i+1 < len(in.args); i += 3 {
				v := expand(in, vars, in.args[i+1])
				vars[in.args[i]] = v
				img.env[in.args[i]] = v
			}
		case "user":
			if len(in.args) > 0 {
				img.user = expand(in, vars, in.args[0])
			}
		case "workdir":
			if len(in.args) > 0 {
				w := expand(in, vars, in.args[0])
				if !path.IsAbs(w) {
					w = path.Join(workdir, w)
				}
				workdir = w
			}
		case "expose":
			for _, a := range in.args {
				img.exposed = append(img.exposed, expand(in, vars, a))
			}
		case "healthcheck":
			h := in
			img.healthcheck = &h
		case "entrypoint":
			img.entrypoint = execForm(in)
			img.cmd = nil
		case "cmd":
			img.cmd = execForm(in)
		case "run":
			img.runs = append(img.runs, in)
		case "copy", "add":
			if len(in.args) < 2 {
				problems = append(problems, fmt.Sprintf("line %d: %s needs a source and a destination", in.line, strings.ToUpper(in.cmd)))
				continue
			}
			srcs, dst := in.args[:len(in.args)-1], expand(in, vars, in.args[len(in.args)-1])
			if !path.IsAbs(dst) {
				trailing := strings.HasSuffix(dst, "/") || dst == "."
				dst = path.Join(workdir, dst)
				if trailing {
					dst += "/"
				}
			}
			for _, s := range srcs {
				s = expand(in, vars, s)
				if slices.ContainsFunc(in.flags, func(f string) bool { return strings.HasPrefix(f, "--from=") }) {
					continue // from another stage or image
				}
				img.copySources = append(img.copySources, s)
				if strings.HasSuffix(s, "/") || s == "." {
					continue // a directory: its files keep their names under dst
				}
				target := dst
				if strings.HasSuffix(dst, "/") || len(srcs) > 1 {
					target = path.Join(dst, path.Base(s))
				}
				img.copies[path.Clean(target)] = s
			}
		}
	}
	return img, problems
}

// execForm returns the words of a CMD or ENTRYPOINT as Docker runs them.
func execForm(in instruction) []string {
	if in.json {
		return in.args
	}
	return []string{"/bin/sh", "-c", strings.Join(in.args, " ")}
}

// checkDockerfile checks the Dockerfile src whose build context is the
// directory ctx. It returns what it finds wrong, nothing for a good
// Dockerfile:
//   - the final image's USER is set and is not root;
//   - it starts JupyterLab with a non-empty token exported in JUPYTER_TOKEN,
//     never given on the command line, and neither the Dockerfile nor the
//     scripts it runs use --allow-root, and the image bakes in no
//     JUPYTER_TOKEN;
//   - it has a HEALTHCHECK (not NONE) and EXPOSEs 8888;
//   - ENV sets GOEXPERIMENT=simd;
//   - every COPY source exists, and every script that RUN, CMD,
//     ENTRYPOINT or HEALTHCHECK calls is a file of the context (directly, or
//     copied into the image) that `bash -n` accepts.
func checkDockerfile(src []byte, ctx string) []string {
	stages, globalArgs, err := parseDockerfile(src)
	if err != nil {
		return []string{"parse: " + err.Error()}
	}
	img, problems := evaluate(stages, globalArgs)
	report := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	// Non-root user.
	switch user, _, _ := strings.Cut(img.user, ":"); user {
	case "":
		report("no USER in the final image: it would run as root")
	case "root", "0":
		report("USER %q is root", img.user)
	}

	// Port and health check.
	if !slices.ContainsFunc(img.exposed, func(p string) bool { return p == jupyterPort || p == jupyterPort+"/tcp" }) {
		report("no EXPOSE %s", jupyterPort)
	}
	if img.healthcheck == nil {
		report("no HEALTHCHECK")
	} else if len(img.healthcheck.args) == 0 || strings.EqualFold(img.healthcheck.args[0], "none") {
		report("HEALTHCHECK NONE disables the health check")
	}

	// Go settings.
	if !slices.Contains(strings.Split(img.env["GOEXPERIMENT"], ","), "simd") {
		report("ENV GOEXPERIMENT does not include simd (got %q)", img.env["GOEXPERIMENT"])
	}
	if _, ok := img.env["JUPYTER_TOKEN"]; ok {
		report("ENV JUPYTER_TOKEN bakes a token into the image; it must come from the environment at run time")
	}

	// Scripts: each reference must resolve to a file of the context.
	scripts := map[string]bool{} // context-relative paths
	resolve := func(where, ref string) {
		ref = os.Expand(ref, func(k string) string { return img.env[k] })
		var rel string
		switch {
		case !path.IsAbs(ref):
			rel = path.Clean(ref) // relative to a WORKDIR holding a copy of the context
		case img.copies[path.Clean(ref)] != "":
			rel = path.Clean(img.copies[path.Clean(ref)])
		default:
			report("%s calls %s, which no COPY puts in the image", where, ref)
			return
		}
		if _, err := os.Stat(filepath.Join(ctx, filepath.FromSlash(rel))); err != nil {
			report("%s calls %s: script %s not found in the build context", where, ref, rel)
			return
		}
		scripts[rel] = true
	}
	for _, s := range img.copySources {
		if _, err := os.Stat(filepath.Join(ctx, filepath.FromSlash(s))); err != nil {
			report("COPY source %s not found in the build context", s)
		}
	}
	for _, in := range img.runs {
		for _, ref := range scriptRef.FindAllString(in.text, -1) {
			resolve(fmt.Sprintf("RUN (line %d)", in.line), ref)
		}
	}
	launch := append(slices.Clone(img.entrypoint), img.cmd...)
	for _, w := range launch {
		for _, ref := range scriptRef.FindAllString(w, -1) {
			resolve("ENTRYPOINT/CMD", ref)
		}
	}
	if img.healthcheck != nil {
		for _, w := range img.healthcheck.args {
			for _, ref := range scriptRef.FindAllString(w, -1) {
				resolve("HEALTHCHECK", ref)
			}
		}
	}

	// Syntax of the scripts, and their text for the launch checks.
	texts := map[string]string{}
	for _, rel := range slices.Sorted(maps.Keys(scripts)) {
		file := filepath.Join(ctx, filepath.FromSlash(rel))
		data, err := os.ReadFile(file)
		if err != nil {
			report("reading %s: %v", rel, err)
			continue
		}
		texts[rel] = string(data)
		if out, err := exec.Command("bash", "-n", file).CombinedOutput(); err != nil {
			report("bash -n %s: %v: %s", rel, err, strings.TrimSpace(string(out)))
		}
	}

	// JupyterLab launch: the ENTRYPOINT/CMD words and the scripts they call.
	launchText := strings.Join(launch, " ")
	for _, w := range launch {
		for _, ref := range scriptRef.FindAllString(w, -1) {
			rel := ref
			if path.IsAbs(ref) {
				rel = img.copies[path.Clean(ref)]
			}
			launchText += "\n" + texts[path.Clean(rel)]
		}
	}
	if len(launch) == 0 {
		report("no ENTRYPOINT or CMD")
	} else {
		if !regexp.MustCompile(`jupyter[ -]lab\b`).MatchString(launchText) {
			report("ENTRYPOINT/CMD does not start JupyterLab (jupyter lab)")
		}
		if tokenFlag.MatchString(launchText) {
			report("JupyterLab is given its token on the command line, which every process can read; " +
				"export JUPYTER_TOKEN instead")
		}
		if !tokenEnv.MatchString(launchText) {
			report("JupyterLab is started without a token: export JUPYTER_TOKEN")
		}
		if emptyToken.MatchString(launchText) {
			report("JupyterLab is given an empty token")
		}
	}
	allText := string(src) + "\n" + launchText
	for _, t := range texts {
		allText += "\n" + t
	}
	if strings.Contains(allText, "--allow-root") {
		report("--allow-root is used")
	}
	return problems
}

func TestDockerfile(t *testing.T) {
	src, err := os.ReadFile("Dockerfile")
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

// TestScripts runs `bash -n` on every docker/*.sh and checks that each is
// executable, as the Dockerfile runs them directly.
func TestScripts(t *testing.T) {
	requireBash(t)
	scripts, err := filepath.Glob("*.sh")
	if err != nil {
		t.Fatal(err)
	}
	if len(scripts) == 0 {
		t.Fatal("no scripts in docker/")
	}
	for _, s := range scripts {
		if out, err := exec.Command("bash", "-n", s).CombinedOutput(); err != nil {
			t.Errorf("bash -n %s: %v: %s", s, err, out)
		}
		info, err := os.Stat(s)
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode()&0o111 == 0 {
			t.Errorf("%s is not executable", s)
		}
		data, err := os.ReadFile(s)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(data), "#!/usr/bin/env bash\n") || !strings.Contains(string(data), "set -euo pipefail") {
			t.Errorf("%s: want a bash shebang and set -euo pipefail", s)
		}
	}
}

// TestPins checks that the versions pinned in different files agree.
func TestPins(t *testing.T) {
	src, err := os.ReadFile("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	installGo, err := os.ReadFile("install-go.sh")
	if err != nil {
		t.Fatal(err)
	}
	arg := regexp.MustCompile(`(?m)^ARG GO_VERSION=(\S+)$`).FindSubmatch(src)
	pinned := regexp.MustCompile(`(?m)^readonly PINNED_GO_VERSION=(\S+)$`).FindSubmatch(installGo)
	if arg == nil || pinned == nil {
		t.Fatalf("ARG GO_VERSION in Dockerfile (%q) or PINNED_GO_VERSION in install-go.sh (%q) not found", arg, pinned)
	}
	if string(arg[1]) != string(pinned[1]) {
		t.Errorf("Dockerfile builds Go %s but install-go.sh pins %s", arg[1], pinned[1])
	}

	cuda := map[string]*regexp.Regexp{
		"Dockerfile":          regexp.MustCompile(`(?m)^ARG CUDA_PJRT_VERSION=(\S+)$`),
		"compose.yaml":        regexp.MustCompile(`(?m)^\s+CUDA_PJRT_VERSION: "(\S+)"$`),
		"install-pjrt.sh":     regexp.MustCompile(`CUDA_PJRT_VERSION:-([^}]+)}`),
		"pjrtinstall/main.go": regexp.MustCompile(`(?m)^const defaultCUDAVersion = "(\S+)"$`),
	}
	versions := map[string]string{}
	for file, re := range cuda {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		m := re.FindSubmatch(data)
		if m == nil {
			t.Fatalf("%s: no CUDA PJRT version pin (%s)", file, re)
		}
		versions[file] = string(m[1])
	}
	for _, v := range versions {
		if v == "latest" || v != versions["Dockerfile"] {
			t.Errorf("CUDA PJRT versions disagree or float: %v", versions)
			break
		}
	}

	tools, err := os.ReadFile(filepath.Join("tools", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"github.com/janpfeifer/gonb v0.11.5",
		"golang.org/x/tools/gopls ",
		"\tgithub.com/janpfeifer/gonb\n",
		"\tgolang.org/x/tools/cmd/goimports\n",
		"\tgolang.org/x/tools/gopls\n",
	} {
		if !strings.Contains(string(tools), want) {
			t.Errorf("tools/go.mod lacks %q", want)
		}
	}
}

// TestCompose checks docker/compose.yaml for what can go wrong without
// Docker: the build file, the published port, the token.
func TestCompose(t *testing.T) {
	data, err := os.ReadFile("compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	compose := string(data)
	for _, want := range []string{
		"dockerfile: docker/Dockerfile",
		"context: ..",
		`"127.0.0.1:8888:8888"`,
		"VARIANT: cuda",
		"driver: nvidia",
	} {
		if !strings.Contains(compose, want) {
			t.Errorf("compose.yaml lacks %q", want)
		}
	}
	for _, bad := range []string{"--allow-root", "JUPYTER_TOKEN: \"\"", "JUPYTER_TOKEN: ''", "user: root", "privileged"} {
		if strings.Contains(compose, bad) {
			t.Errorf("compose.yaml contains %q", bad)
		}
	}
}
