#pragma once
#include <zlib.h>

// inflateInit2 is a macro (it passes the library version and the stream's size), which Swift cannot call.

/// Starts inflating a gzip stream (window 15, gzip header expected) in `stream`.
static inline int posttrace_inflate_init_gzip(z_streamp stream) {
    return inflateInit2(stream, 15 + 16);
}

// deflateInit2 is a macro too.

/// Starts deflating into a gzip stream at `level`, with a window of 2^`window_bits` bytes (9–15) and
/// `mem_level` (1–9) for the match finder's tables: small bodies need neither the full window nor tables.
static inline int posttrace_deflate_init_gzip(z_streamp stream, int level, int window_bits, int mem_level) {
    return deflateInit2(stream, level, Z_DEFLATED, window_bits + 16, mem_level, Z_DEFAULT_STRATEGY);
}
