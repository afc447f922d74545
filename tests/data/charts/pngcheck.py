#!/usr/bin/env python3
"""pngcheck.py FILE W H [TOL]: exit 0 if FILE is a W x H PNG (each side
within TOL pixels, default 0) with at least 2% of its pixels not the
background colour (that of the top-left pixel)."""
import struct, sys, zlib

def pixels(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, ihdr = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    w, h, depth, ctype = ihdr[:4]
    assert depth == 8 and ctype in (2, 6), "unexpected PNG type %d/%d" % (depth, ctype)
    bpp = 3 if ctype == 2 else 4
    raw, stride, rows, prev = zlib.decompress(idat), w * bpp, [], bytearray(w * bpp)
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows

path, want_w, want_h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
tol = int(sys.argv[4]) if len(sys.argv) > 4 else 0
w, h, bpp, rows = pixels(path)
if abs(w - want_w) > tol or abs(h - want_h) > tol:
    sys.exit("%s: %dx%d, expected %dx%d" % (path, w, h, want_w, want_h))
bg = rows[0][:3]
ink = sum(1 for r in rows for x in range(0, w * bpp, bpp) if r[x:x + 3] != bg)
share = ink / float(w * h)
if share < 0.02:
    sys.exit("%s: only %.3f of the pixels drawn" % (path, share))
print("%s: %dx%d, %.1f%% drawn" % (path, w, h, share * 100))
