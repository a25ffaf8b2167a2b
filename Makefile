# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
EXTRAS ?= dev,vllm,flower,llamacpp

.PHONY: install sysdeps demo test serve bench clean

# llama.cpp is built for a portable x86-64 baseline (AVX2/FMA), not -march=native: some VMs advertise AMX
# in cpuid but fault on its tile instructions (SIGILL in libggml-cpu, seen on this project's machines).
LLAMA_CMAKE ?= -DLLAVA_BUILD=OFF -DMTMD_BUILD=OFF -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON

$(STAMP): pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip setuptools wheel
	CMAKE_ARGS="$${CMAKE_ARGS:-$(LLAMA_CMAKE)}" $(BIN)/pip install -q -e ".[$(EXTRAS)]"
	touch $(STAMP)

install: $(STAMP)

# System packages the tests need (a real PostgreSQL server, Debian's chromium for the browser checks,
# iproute2/nftables/iperf3/ping/traceroute for the namespace lab): installed when missing and running as root.
SYSPKGS := $(if $(wildcard /usr/lib/postgresql/*/bin/initdb),,postgresql) $(if $(shell command -v chromium),,chromium) \
	$(if $(shell command -v tc),,iproute2) $(if $(shell command -v nft),,nftables) $(if $(shell command -v iperf3),,iperf3) \
	$(if $(shell command -v ping),,iputils-ping) $(if $(shell command -v traceroute),,traceroute)
sysdeps:
	@if [ -n "$(strip $(SYSPKGS))" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSPKGS) >/dev/null; \
	  else echo "note: $(SYSPKGS) not installed and not root: the tests that need them will skip"; fi; \
	fi

demo: install  ## scripted scenario on the embedded metro6g twin, then the closed loop on a DDoS and a link failure
	$(BIN)/tinylarge demo
	$(BIN)/tinylarge loop run --scenario mixed --ticks 50

serve: install  ## the API and the operator console on the embedded twin (http://127.0.0.1:8000/)
	$(BIN)/tinylarge serve

# Test files run on TEST_WORKERS processes (pytest-xdist; each file whole, in one process, so a module's server or
# lab is never shared): on this project's two-core machines the suite takes about half the time it takes in one.
TEST_WORKERS ?= 2
test: install sysdeps  ## the whole test suite
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
