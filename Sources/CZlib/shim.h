#pragma once
#include <zlib.h>

// inflateInit2 is a macro (it passes the library version and the stream's size), which Swift cannot call.

/// Starts inflating a gzip stream (window 15, gzip header expected) in `stream`.
static inline int posttrace_inflate_init_gzip(z_streamp stream) {
    return inflateInit2(stream, 15 + 16);
}
