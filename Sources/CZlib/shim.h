#include <zlib.h>

// `deflateInit2` and `inflateInit2` are macros that pass the library's version and the
// stream's size; Swift cannot import them, so they are wrapped here.
static inline int czlib_deflate_init2(z_stream *stream, int level, int window_bits) {
  return deflateInit2(stream, level, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
}

static inline int czlib_inflate_init2(z_stream *stream, int window_bits) {
  return inflateInit2(stream, window_bits);
}
