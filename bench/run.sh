#!/bin/sh
# `make bench`: every benchmark. Not part of `make check`.
set -eu
cd "$(dirname "$0")/.."
bash bench/primitive.sh
sh bench/primitive_flicker.sh
bash bench/exrtonemap.sh
bash bench/exrtonemap_job.sh
bash bench/strokerender.sh
bash bench/exrtonemap_cuda.sh
bash bench/strokerender_cuda.sh
bash bench/primitive_cuda.sh
