# lavfx: GPU-resident effect filters for FFmpeg.
#
#   make          build build/bin/ffmpeg, build/bin/ffprobe and build/liblavfx.a
#   make demo     set-up, build, then run the three filters on real samples into out/
#   make check    set-up, build, then every test (tests/run.sh)
#   make check-sanitize  the ffmpeg suites again through an FFmpeg built with
#                 AddressSanitizer and UBSan (build-san/, no CUDA)
#   make bench    benchmarks (bench/), not part of check
#   make fuzz     libFuzzer on the strokerender readers (FUZZ_SECONDS each, default 60)
#   make install  install ffmpeg/ffprobe under the configured prefix
#
# Copyright (c) 2026 the lavfx authors
# SPDX-License-Identifier: LGPL-2.1-or-later

-include config.mk

BUILD     ?= build
FF        := $(BUILD)/ffmpeg
CC        ?= cc
# -O3 like FFmpeg's own build of the same files (the cores' pixel loops are
# written for the auto-vectoriser, which -O2 applies only to the simplest loops)
CFLAGS    ?= -O3 -g
LAVFX_CFLAGS := -std=c11 -Wall -Wextra -Wno-unused-parameter -Ifilters $(CFLAGS)
# What programs linking liblavfx.a's strokerender core need (its JSON parser).
STROKE_LIBS := -lcjson

# The core library: every filters/*.c that is not FFmpeg glue (vf_*, vsrc_*).
CORE_SRC  := $(filter-out filters/vf_% filters/vsrc_%,$(wildcard filters/*.c))
CORE_OBJ  := $(CORE_SRC:filters/%.c=$(BUILD)/core/%.o)
# What goes into FFmpeg's libavfilter/: glue, cores, shared headers, kernels.
FF_LINKS  := $(notdir $(wildcard filters/*.c filters/*.h cuda/*.cu cuda/*.h))

# FFmpeg's configure flags: the curated component list (ffmpeg.mk). Only a
# change there (or in patches/) reconfigures and rebuilds all of FFmpeg.
include ffmpeg.mk

.PHONY: all ffmpeg lib deps samples demo check check-sanitize check-cuda device-bundle bench install clean distclean fuzz

all: ffmpeg lib

config.mk:
	sh tools/deps.sh
	./configure

deps:
	sh tools/deps.sh

# --- the patched FFmpeg tree ------------------------------------------------
# A copy of FFMPEG_SOURCE (never modified in place) with patches/ applied and
# filters/ + cuda/ symlinked into libavfilter/, so editing one filter file and
# re-running make rebuilds only that file.
$(BUILD)/.ff-patched: $(wildcard patches/*.patch) config.mk
	rm -rf $(FF) && mkdir -p $(BUILD)
	cp -a $(FFMPEG_SOURCE) $(FF)
	for p in patches/*.patch; do echo "applying $$p"; patch -s -d $(FF) -p1 < $$p || exit 1; done
	touch $@

# FFmpeg's nvcc rule does not track headers: when a header changed, the
# lavfx kernels' PTX is removed so that it is rebuilt with it.
$(BUILD)/.ff-links: $(BUILD)/.ff-patched $(wildcard filters/* cuda/*)
	for f in $(FF_LINKS); do \
	    src=$$(ls filters/$$f cuda/$$f 2>/dev/null | head -n 1); \
	    ln -sf $(CURDIR)/$$src $(FF)/libavfilter/$$f; done
	for f in $?; do case $$f in *.h) \
	    for c in cuda/*.cu; do rm -f $(FF)/libavfilter/$$(basename $$c .cu).ptx*; done;; esac; done
	touch $@

$(BUILD)/.ff-configured: $(BUILD)/.ff-patched ffmpeg.mk
	cd $(FF) && ./configure $(FF_FLAGS) > ../ffmpeg-configure.log 2>&1 || \
	    { tail -n 30 ../ffmpeg-configure.log; exit 1; }
	touch $@

# FFmpeg's own build runs one job per core unless JOBS says otherwise.
JOBS      ?= $(shell nproc 2>/dev/null || echo 1)
ffmpeg: $(BUILD)/.ff-configured $(BUILD)/.ff-links
	$(MAKE) -j$(JOBS) -C $(FF) ffmpeg ffprobe
	mkdir -p $(BUILD)/bin
	cp -p $(FF)/ffmpeg $(FF)/ffprobe $(BUILD)/bin/

install: ffmpeg
	$(MAKE) -C $(FF) install-progs

# --- the core library (no FFmpeg) -------------------------------------------
lib: $(BUILD)/liblavfx.a

$(BUILD)/core/%.o: filters/%.c $(wildcard filters/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(LAVFX_CFLAGS) -c -o $@ $<

$(BUILD)/liblavfx.a: $(CORE_OBJ)
	rm -f $@ && ar rcs $@ $^

# --- samples, demo, tests, benchmarks ---------------------------------------
samples:
	sh samples/fetch.sh

demo: deps config.mk all samples
	sh tools/demo.sh

check: deps config.mk all samples
	sh tests/run.sh

# The filters' ffmpeg suites through a second FFmpeg, built in build-san/ with
# AddressSanitizer and UBSan in every object and without CUDA (so this also
# builds what ./configure --disable-cuda gives); see tests/sanitize.sh.
check-sanitize: deps config.mk samples
	$(MAKE) BUILD=build-san SANITIZE=yes CUDA=no ffmpeg
	sh tests/sanitize.sh

# The CUDA tests alone (they skip, saying so, without an NVIDIA GPU), and a
# self-contained folder to run them on a GPU machine with no network.
check-cuda: all samples
	sh tests/cuda_roundtrip.sh
	sh tests/exrtonemap_cuda.sh
	sh tests/strokerender_cuda.sh
	sh tests/primitive_cuda.sh

device-bundle: all samples
	BUILD=$(BUILD) sh tools/device-bundle.sh

bench: all samples
	sh bench/run.sh

# libFuzzer: one target per strokerender reader, each run FUZZ_SECONDS
# (default 60) from its seed corpus (tests/fuzz_corpus/FORMAT, copied to a
# work corpus under build/fuzz); stops at the first crash.
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_FORMATS := ndjson bin csv
fuzz:
	@mkdir -p $(BUILD)/fuzz
	for f in $(FUZZ_FORMATS); do \
	    F=$$(echo $$f | tr a-z A-Z); \
	    $(FUZZ_CC) -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Ifilters \
	        -DFUZZ_FORMAT=LAVFX_STROKE_$$F tests/fuzz_strokerender.c filters/strokerender.c \
	        $(STROKE_LIBS) -lm -o $(BUILD)/fuzz/fuzz_$$f || exit 1; \
	    mkdir -p $(BUILD)/fuzz/corpus_$$f && cp tests/fuzz_corpus/$$f/* $(BUILD)/fuzz/corpus_$$f/; \
	    echo "fuzzing the $$f reader for $(FUZZ_SECONDS) s"; \
	    $(BUILD)/fuzz/fuzz_$$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -print_final_stats=1 \
	        $(BUILD)/fuzz/corpus_$$f > $(BUILD)/fuzz/fuzz_$$f.log 2>&1 || { tail -n 40 $(BUILD)/fuzz/fuzz_$$f.log; exit 1; }; \
	    grep -E '^stat::(number_of_executed_units|average_exec_per_sec)' $(BUILD)/fuzz/fuzz_$$f.log; \
	done
	@echo "fuzz: no crash in $(FUZZ_FORMATS)"

clean:
	rm -rf $(BUILD)/core $(BUILD)/liblavfx.a $(BUILD)/tests $(BUILD)/bin
	-$(MAKE) -C $(FF) clean

distclean:
	rm -rf $(BUILD) config.mk out
