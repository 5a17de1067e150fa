package io.promethium.tsdb;

import io.promethium.tsdb.chunk.XorChunk;

/** A chunk cut during a commit (or replay), waiting to be written. */
record ClosedChunk(MemSeries series, XorChunk chunk) {}
