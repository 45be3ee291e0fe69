package dockerfiletest

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// contextDir is the Docker build context of docker/Dockerfile: the
// repository root, as seen from this package's directory.
const contextDir = "../.."

// dockerfile is the Dockerfile checked, as seen from this package's directory.
const dockerfile = "../Dockerfile"

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
