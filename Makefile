# Every Go build here needs GOEXPERIMENT=simd: GoMLX's pure-Go backend only has its
# AVX-512/AVX2 matrix kernels with it (about 15x faster training).
export GOEXPERIMENT := simd

TOOLS       := $(CURDIR)/.tools
TOOLS_BIN   := $(TOOLS)/bin
export JUPYTER_DATA_DIR := $(TOOLS)/jupyter
export PATH := $(TOOLS_BIN):$(PATH)
JUPYTER     := /usr/bin/jupyter
PYTHON      := /usr/bin/python3
JUPYTER_PKGS := jupyter-notebook jupyter-nbconvert jupyter-client python3-jupyter-server python3-jupyterlab-server chromium fonts-wqy-zenhei
TORCH_PKGS  := python3-torch libopenblas0-pthread
ARGS        ?=
JUPYTER_PORT ?= 8888
JUPYTER_URL_FILE ?= $(TOOLS)/jupyter-url

.PHONY: hello test check unit race docker-test notebooks-test jupyterlab-test jupyterlab-screenshot inside-figures tools deb-deps jupyter bench torch-deps screenshot fidelity clean device-check device-check-dry

## hello: run the seed end to end (ARGS="-epochs 5 -activation relu -scale", see ARGS=-h)
hello:
	@echo "building bin/hello (the first build compiles GoMLX: about a minute; later ones take seconds)"
	@go build -o bin/hello ./cmd/hello
	./bin/hello $(ARGS)

## test: everything CI runs: format, vet, unit tests (also under -race), the device check dry run, the Docker image built and run, then the notebooks in Jupyter Notebook and in JupyterLab;
## it prints the time of each stage and the total at the end (and which stage failed, if one does)
TEST_STAGES := check unit race device-check-dry docker-test notebooks-test jupyterlab-test
test:
	@start=$$(date +%s); times=""; \
	for stage in $(TEST_STAGES); do \
		begin=$$(date +%s); echo "make test: stage $$stage"; \
		if ! $(MAKE) --no-print-directory $$stage; then \
			printf "make test: stage times\n$$times"; \
			echo "make test: stage $$stage FAILED after $$(( $$(date +%s) - begin ))s (total $$(( $$(date +%s) - start ))s)"; exit 1; \
		fi; \
		times="$$times  $$stage: $$(( $$(date +%s) - begin ))s\n"; \
	done; \
	printf "make test: stage times\n$$times"; echo "make test: passed in $$(( $$(date +%s) - start ))s"

check:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed on:"; echo "$$unformatted"; exit 1; fi
	go vet ./...
	cd e2e && go vet ./...
	@go mod tidy -diff || { echo "go.mod/go.sum are not tidy: run go mod tidy"; exit 1; }
	@cd e2e && go mod tidy -diff || { echo "e2e/go.mod/go.sum are not tidy: run go mod tidy in e2e"; exit 1; }

unit:
	go test ./...
	MLP_TEST_SPLIT=off go test ./mlp  # again with whole batches, the path XLA takes
	cd docker/dockerfiletest && go test ./...
	cd e2e && go test . ./jupytertest/  # the product stays free of the test harnesses; jupytertest's own tests

## race: the unit tests of mlp and datasets under the race detector
# checkptr is off: GoMLX's pure-Go backend computes matmul addresses with pointer arithmetic that
# -race's checkptr instrumentation rejects ("checkptr: pointer arithmetic result points to invalid
# allocation" in matmul.avx512SmallFloat32Transposed), which aborts every test that trains.
race:
	go test -race -gcflags=all=-d=checkptr=0 -timeout 60m ./mlp ./datasets

## docker-test: docker/Dockerfile built with buildah (no registry: the base from Debian's archive, once per release;
## cached layers after), then run and checked from outside (docker/imagetest); as root. Prints the substituted steps,
## both build times, the image's size and 01's accuracy line
DOCKER_TEST_IMAGE := localhost/dlgo-hello:test
docker-test:
	@$(MAKE) --no-print-directory deb-deps APT_PKGS="buildah podman mmdebstrap"
	DOCKER_TEST_DIR=$(TOOLS)/docker bash docker/imagetest/build.sh $(DOCKER_TEST_IMAGE)
	cd docker/imagetest && DLGO_TEST_IMAGE=$(DOCKER_TEST_IMAGE) DLGO_TEST_SUMMARY=$(TOOLS)/docker/summary \
		go test -v -count=1 -timeout 50m ./...

## notebooks-test: the notebooks executed in Jupyter, and the Jupyter setup that serves them (e2e/notebooktest)
notebooks-test: tools
	cd e2e && go test -v -count=1 -timeout 60m ./notebooktest/

## jupyterlab-test: every notebook run and rendered by JupyterLab 4's notebook components (e2e/jupyterlab)
jupyterlab-test: tools
	@command -v npm >/dev/null || $(MAKE) --no-print-directory deb-deps APT_PKGS="nodejs npm"
	page=$$(bash e2e/jupyterlab/build.sh) && cd e2e && \
	JUPYTERLAB_PAGE=$$page go test -v -count=1 -timeout 40m ./jupyterlab/

## jupyterlab-screenshot: docs/notebook-01-jupyterlab.png and docs/draw-a-digit-jupyterlab.png, notebook 01 after a run and the drawing board of 04, in the JupyterLab page
jupyterlab-screenshot: tools
	@command -v npm >/dev/null || $(MAKE) --no-print-directory deb-deps APT_PKGS="nodejs npm"
	page=$$(bash e2e/jupyterlab/build.sh) && cd e2e && \
	JUPYTERLAB_PAGE=$$page JUPYTERLAB_SCREENSHOT=$(CURDIR)/docs/notebook-01-jupyterlab.png \
		JUPYTERLAB_DRAW_SCREENSHOT=$(CURDIR)/docs/draw-a-digit-jupyterlab.png \
		go test -v -count=1 -timeout 40m -run 'TestJupyterLabNotebooks/01-|TestJupyterLabDrawADigit$$' ./jupyterlab/

## tools: Jupyter (Debian packages) and GoNB + goimports + gopls in .tools/
tools:
	@$(MAKE) --no-print-directory deb-deps APT_PKGS="$(JUPYTER_PKGS)"
	@GONB_GO_WORK=$(CURDIR) GONB_LOG=$(TOOLS)/gonb.log bash docker/install-gonb.sh $(TOOLS_BIN) $(JUPYTER_DATA_DIR)

# deb-deps installs the Debian packages APT_PKGS that are missing (as root), or says how.
deb-deps:
	@missing=""; \
	for p in $(APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "installing Debian packages:$$missing (first run only, 1-3 minutes)..."; start=$$(date +%s); \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
			echo "Debian packages installed in $$(( $$(date +%s) - start ))s"; \
		else \
			echo "missing Debian packages:$$missing"; \
			echo "install them with: sudo apt-get install --no-install-recommends$$missing"; exit 1; \
		fi; \
	fi

## jupyter: serve notebooks/ with GoNB on 127.0.0.1 (JupyterLab if installed, else Notebook); the URL with its
## token is printed last, once the server answers, and written to .tools/jupyter-url (JUPYTER_PORT=8888)
jupyter: tools
	@root=""; if [ "$$(id -u)" = 0 ]; then root=--allow-root; fi; \
	JUPYTER_PORT=$(JUPYTER_PORT) JUPYTER_URL_FILE=$(JUPYTER_URL_FILE) \
		exec bash docker/serve-notebooks.sh notebooks $$root

## bench: seconds per epoch of the seed's model, mlp vs PyTorch, in the same run
bench: torch-deps
	go run ./cmd/bench $(ARGS)

torch-deps:
	@$(MAKE) --no-print-directory deb-deps APT_PKGS="$(TORCH_PKGS)"

## device-check: .device-check/ with hello, bench, devicecheck, MNIST and run.sh, for a GPU machine
## without Go (prints the command to run there); DEVICE_CHECK_DRY=1 also runs it here on the Go backend
DEVICE_CHECK_DIR := .device-check
device-check:
	bash cmd/devicecheck/prepare.sh $(DEVICE_CHECK_DIR)
	@if [ -n "$(DEVICE_CHECK_DRY)" ]; then \
		echo "dry run on the Go backend, 1 epoch:"; \
		out=$$(mktemp -d); DEVICE_CHECK_DRY=1 bash $(DEVICE_CHECK_DIR)/run.sh $$out && rm -rf $$out; \
	fi

device-check-dry:
	@$(MAKE) --no-print-directory device-check DEVICE_CHECK_DRY=1

## screenshot: docs/notebook-01.png, notebook 01 with its committed outputs as Notebook 6 shows it
screenshot: tools
	@dir=$$(mktemp -d); token=$$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n'); \
	$(PYTHON) -m nbformat.sign notebooks/01-hello-world.ipynb >/dev/null; \
	JUPYTER_TOKEN=$$token PYDEVD_DISABLE_FILE_VALIDATION=1 /usr/bin/jupyter-notebook --no-browser --allow-root \
		--ip=127.0.0.1 --port=8899 --notebook-dir=notebooks >$$dir/server.log 2>&1 & pid=$$!; \
	sleep 5; \
	chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir=$$dir/profile --hide-scrollbars --virtual-time-budget=15000 \
		--window-size=1280,2600 --screenshot=docs/notebook-01.png \
		"http://127.0.0.1:8899/notebooks/01-hello-world.ipynb?token=$$token" 2>/dev/null; \
	kill $$pid; rm -rf $$dir; ls -l docs/notebook-01.png

## inside-figures: docs/inside-*.png, figures of notebook 05 as its committed outputs show them
inside-figures:
	$(PYTHON) -c 'import base64, json, sys; \
	cells = [c for c in json.load(open("notebooks/05-inside-the-network.ipynb"))["cells"] if c["cell_type"] == "code"]; \
	figures = {"weights": "UnitWeightChanges", "digit": "ShowReading", "saturation": "OutputHistograms", "gradients": "GradientPlot"}; \
	pngs = {n: [o["data"]["image/png"] for c in cells if call in "".join(c["source"]) for o in c.get("outputs", []) if "image/png" in o.get("data", {})] for n, call in figures.items()}; \
	all(pngs.values()) or sys.exit("notebook 05 lacks the figures of %s; run it first (see notebooks/README.md)" % [n for n, p in pngs.items() if not p]); \
	[open("docs/inside-%s.png" % n, "wb").write(base64.b64decode("".join(p[-1]))) for n, p in pngs.items()]'
	ls -l docs/inside-*.png

## fidelity: the seed's and the book's V2 runs on all of MNIST (minutes)
fidelity:
	MLP_FIDELITY=1 go test ./mlp -run Fidelity -v -timeout 60m

clean:
	rm -rf $(TOOLS)
