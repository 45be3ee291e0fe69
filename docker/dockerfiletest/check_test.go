package dockerfiletest

import (
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

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
