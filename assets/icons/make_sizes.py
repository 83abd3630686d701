#!/usr/bin/env python3
"""Makes the icon's smaller sizes (16, 24, 48 and 64 pixels) from 256x256.png by averaging each
target pixel's area of the source (premultiplied by alpha, so transparent edges do not darken).
Python's standard library only: `python3 assets/icons/make_sizes.py`."""

import pathlib
import struct
import zlib

HERE = pathlib.Path(__file__).parent


def read_png(path):
    data = path.read_bytes()
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert (depth, colour, interlace) == (8, 6, 0), "8-bit RGBA, not interlaced"
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, stride, rows, prev = zlib.decompress(idat), width * 4, [], bytearray(width * 4)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - 4] if i >= 4 else 0
            b, c = prev[i], prev[i - 4] if i >= 4 else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return width, height, rows


def write_png(path, size, pixels):
    raw = b"".join(b"\0" + bytes(row) for row in pixels)
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def shrink(width, rows, size):
    scale = width / size
    out = []
    for ty in range(size):
        row = bytearray()
        y0, y1 = ty * scale, (ty + 1) * scale
        for tx in range(size):
            x0, x1 = tx * scale, (tx + 1) * scale
            acc = [0.0] * 4
            area = 0.0
            for sy in range(int(y0), min(width, int(y1 + 0.999))):
                wy = min(y1, sy + 1) - max(y0, sy)
                for sx in range(int(x0), min(width, int(x1 + 0.999))):
                    wx = min(x1, sx + 1) - max(x0, sx)
                    w = wx * wy
                    if w <= 0:
                        continue
                    r, g, b, a = rows[sy][sx * 4 : sx * 4 + 4]
                    acc[0] += r * a * w
                    acc[1] += g * a * w
                    acc[2] += b * a * w
                    acc[3] += a * w
                    area += w
            alpha = acc[3] / area
            if acc[3] > 0:
                row += bytes(round(acc[i] / acc[3]) for i in range(3))
            else:
                row += b"\0\0\0"
            row.append(round(alpha))
        out.append(row)
    return out


def main():
    width, height, rows = read_png(HERE / "256x256.png")
    assert width == height == 256
    for size in (16, 24, 48, 64):
        write_png(HERE / f"{size}x{size}.png", size, shrink(width, rows, size))
        print(f"{size}x{size}.png")


if __name__ == "__main__":
    main()
