"""Generated placeholder portraits for the demo's staff directory (sample data: a plain
silhouette on a coloured ground, no real person), written as PNG without an imaging library."""

from __future__ import annotations

import struct
import zlib

WIDTH, HEIGHT = 96, 128
GROUNDS = [(196, 214, 232), (214, 226, 204), (232, 214, 196), (220, 208, 228), (204, 224, 224)]
FIGURE = (120, 132, 148)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def portrait(seed: int) -> bytes:
    """A 96×128 PNG: a head and shoulders on one of five grounds (by `seed`)."""
    ground = GROUNDS[seed % len(GROUNDS)]
    rows = []
    for y in range(HEIGHT):
        row = bytearray([0])  # filter: none
        for x in range(WIDTH):
            head = (x - 48) ** 2 + (y - 50) ** 2 <= 20**2
            body = y >= 80 and (x - 48) ** 2 / 40**2 + (y - 128) ** 2 / 44**2 <= 1
            row += bytes(FIGURE if head or body else ground)
        rows.append(bytes(row))
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + _chunk(b"IEND", b"")
    )
