package dockerfiletest

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/shell"
)

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
