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

.PHONY: hello test check unit notebooks-test jupyterlab-test jupyterlab-screenshot tools deb-deps jupyter bench torch-deps screenshot fidelity clean

## hello: run the seed end to end (ARGS="-epochs 5 -activation relu", see ARGS=-h)
hello:
	go run ./cmd/hello $(ARGS)

## test: everything CI runs: format, vet, unit tests, then the notebooks in Jupyter Notebook and in JupyterLab
test: check unit notebooks-test jupyterlab-test

check:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed on:"; echo "$$unformatted"; exit 1; fi
	go vet ./...

unit:
	go test $$(go list ./... | grep -v -e /notebooks -e /internal/jupyterlab)

notebooks-test: tools
	go test -v -timeout 60m ./notebooks/

## jupyterlab-test: every notebook run and rendered by JupyterLab 4's notebook components (internal/jupyterlab)
jupyterlab-test: tools
	@command -v npm >/dev/null || $(MAKE) --no-print-directory deb-deps APT_PKGS="nodejs npm"
	page=$$(bash internal/jupyterlab/build.sh) && \
	JUPYTERLAB_PAGE=$$page go test -v -count=1 -timeout 40m ./internal/jupyterlab/

## jupyterlab-screenshot: docs/notebook-01-jupyterlab.png, notebook 01 in the JupyterLab page after a run
jupyterlab-screenshot: tools
	@command -v npm >/dev/null || $(MAKE) --no-print-directory deb-deps APT_PKGS="nodejs npm"
	page=$$(bash internal/jupyterlab/build.sh) && \
	JUPYTERLAB_PAGE=$$page JUPYTERLAB_SCREENSHOT=$(CURDIR)/docs/notebook-01-jupyterlab.png \
		go test -v -count=1 -timeout 40m -run 'TestJupyterLabNotebooks/01-' ./internal/jupyterlab/

## tools: Jupyter (Debian packages) and GoNB + goimports + gopls in .tools/
tools:
	@$(MAKE) --no-print-directory deb-deps APT_PKGS="$(JUPYTER_PKGS)"
	GONB_GO_WORK=$(CURDIR) bash docker/install-gonb.sh $(TOOLS_BIN) $(JUPYTER_DATA_DIR)

# deb-deps installs the Debian packages APT_PKGS that are missing (as root), or says how.
deb-deps:
	@missing=""; \
	for p in $(APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "installing Debian packages:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
		else \
			echo "missing Debian packages:$$missing"; \
			echo "install them with: sudo apt-get install --no-install-recommends$$missing"; exit 1; \
		fi; \
	fi

## jupyter: serve the notebooks with GoNB on 127.0.0.1 (JupyterLab if installed, else Notebook)
jupyter: tools
	@token=$${JUPYTER_TOKEN:-$$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')}; \
	echo "open http://127.0.0.1:8888/?token=$$token"; \
	if command -v jupyter-lab >/dev/null; then app=lab; else app=notebook; fi; \
	root=""; if [ "$$(id -u)" = 0 ]; then root=--allow-root; fi; \
	exec jupyter $$app $$root --no-browser --ip=127.0.0.1 --port=8888 --notebook-dir=notebooks \
		--NotebookApp.token=$$token --ServerApp.token=$$token

## bench: seconds per epoch of the seed's model, mlp vs PyTorch, in the same run
bench: torch-deps
	go run ./cmd/bench $(ARGS)

torch-deps:
	@$(MAKE) --no-print-directory deb-deps APT_PKGS="$(TORCH_PKGS)"

## screenshot: docs/notebook-01.png, notebook 01 with its committed outputs as Notebook 6 shows it
screenshot: tools
	@dir=$$(mktemp -d); token=$$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n'); \
	$(PYTHON) -m nbformat.sign notebooks/01-hello-world.ipynb >/dev/null; \
	/usr/bin/jupyter-notebook --no-browser --allow-root --ip=127.0.0.1 --port=8899 \
		--NotebookApp.token=$$token --notebook-dir=notebooks >$$dir/server.log 2>&1 & pid=$$!; \
	sleep 5; \
	chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir=$$dir/profile --hide-scrollbars --virtual-time-budget=15000 \
		--window-size=1280,2600 --screenshot=docs/notebook-01.png \
		"http://127.0.0.1:8899/notebooks/01-hello-world.ipynb?token=$$token" 2>/dev/null; \
	kill $$pid; rm -rf $$dir; ls -l docs/notebook-01.png

## fidelity: the seed's and the book's V2 runs on all of MNIST (minutes)
fidelity:
	MLP_FIDELITY=1 go test ./mlp -run Fidelity -v -timeout 60m

clean:
	rm -rf $(TOOLS)
