#!/usr/bin/env python3
# matplotlib's Agg renderer on the workload of bench/strokerender.sh, the
# fastest way matplotlib offers (RendererAgg.draw_path on one reused canvas,
# as in ../shared/reference.md's "direct RendererAgg" row): the 64 random
# walks of bench/results/walks.ndjson, line width 2 px, round caps and
# joins, antialiased. Prints images per CPU-second, one thread.
# Usage: python3 bench/strokerender_agg.py SIZE NB_IMAGES WALKS.ndjson
#
# Copyright (c) 2026 the lavfx authors
# SPDX-License-Identifier: LGPL-2.1-or-later

import json
import sys
import time

import numpy as np
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.backend_bases import GraphicsContextBase
from matplotlib.path import Path
from matplotlib.transforms import Affine2D

size, n, walks = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
paths = []
for line in open(walks):
    xs, ys = json.loads(line)["drawing"][0]
    # the walks are in 0-256 input units, laid out like strokerender's fit=none;
    # Agg's y axis points up: flip it
    pts = np.column_stack([np.array(xs) * size / 256.0, size - np.array(ys) * size / 256.0])
    paths.append(Path(pts))
r = RendererAgg(size, size, 72)            # 72 dpi: 1 point = 1 pixel
gc = GraphicsContextBase()
gc.set_linewidth(2)
gc.set_capstyle("round")
gc.set_joinstyle("round")
gc.set_antialiased(True)
gc.set_foreground((1, 1, 1))
ident = Affine2D()
t0 = time.process_time()
for i in range(n):
    r.clear()
    r.draw_path(gc, paths[i % len(paths)], ident)
    np.asarray(r.buffer_rgba())            # the pixels, as a user would take them
t = time.process_time() - t0
print("%d" % round(n / t))
