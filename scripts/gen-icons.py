#!/usr/bin/env python3
"""Draws the app icons (the favicon's envelope on the brand colour) as PNG with the standard library only,
so they can be made again without an image toolkit: icon-192.png and icon-512.png (purpose "any", rounded
corners like favicon.svg) and icon-maskable-512.png (full bleed, the envelope inside the central 60 %
so that any mask shape keeps it whole). Usage: scripts/gen-icons.py Sources/PostTraceServer/Assets"""
import os, struct, sys, zlib

BRAND, WHITE = (0x0B, 0x53, 0x94), (0xFF, 0xFF, 0xFF)

def png(path, size, pixel):
    rows = b"".join(b"\x00" + b"".join(bytes(pixel(x + .5, y + .5)) for x in range(size)) for y in range(size))
    def chunk(kind, data): return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))

def envelope(u, v, inset):
    """The favicon's drawing in its 32-unit box, scaled into [inset, 32 - inset]: True where the envelope is white."""
    scale = (32 - 2 * inset) / 32
    x, y = (u - inset) / scale, (v - inset) / scale
    if not (6 <= x <= 26 and 10 <= y <= 23): return False
    # The flap: the line from (6,10) to (16,18) to (26,10), 2 units wide.
    fx = x if x <= 16 else 32 - x
    line_y = 10 + (fx - 6) * 0.8
    return abs(y - line_y) > 1.28  # half the stroke, measured vertically on a slope of 0.8

def icon(size, maskable):
    unit = size / 32
    radius = 0 if maskable else 6
    inset = 6.4 if maskable else 0
    def pixel(px, py):
        u, v = px / unit, py / unit
        if radius:
            cx, cy = min(max(u, radius), 32 - radius), min(max(v, radius), 32 - radius)
            if (u - cx) ** 2 + (v - cy) ** 2 > radius ** 2: return (0, 0, 0, 0)
        return (*(WHITE if envelope(u, v, inset) else BRAND), 255)
    return pixel

if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "Sources/PostTraceServer/Assets"
    png(os.path.join(out, "icon-192.png"), 192, icon(192, False))
    png(os.path.join(out, "icon-512.png"), 512, icon(512, False))
    png(os.path.join(out, "icon-maskable-512.png"), 512, icon(512, True))
