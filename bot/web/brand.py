"""The hub's own pictures, drawn here in code: the favicon and the link-preview image.

No image file is checked in and no imaging library is needed: a picture is a few filled
rectangles and a slanted bar (an "N"), written as a PNG with zlib; the favicon is an ICO
file holding a PNG (allowed since Windows Vista, read by every browser).
"""

from __future__ import annotations

import functools
import struct
import zlib

Colour = tuple[int, int, int]
BACKGROUND: Colour = (11, 92, 173)  # the stylesheet's light accent
INK: Colour = (255, 255, 255)
OG_WIDTH, OG_HEIGHT = 1200, 630
ICON_SIZE = 32


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def _ink_spans(width: int, height: int, y: int) -> list[tuple[int, int]]:
    """The [start, end) columns of row `y` that the "N" covers, centred in the picture."""
    size = min(width, height) * 3 // 5
    left, top = (width - size) // 2, (height - size) // 2
    if not top <= y < top + size:
        return []
    bar = max(2, size // 5)
    # The diagonal runs from the top of the left bar to the bottom of the right one.
    x = left + (y - top) * (size - bar) // size
    return [(left, left + bar), (x, x + bar), (left + size - bar, left + size)]


def _row(width: int, spans: list[tuple[int, int]]) -> bytes:
    pixels = bytearray(bytes(BACKGROUND) * width)
    for start, end in spans:
        pixels[start * 3 : end * 3] = bytes(INK) * (end - start)
    return b"\x00" + bytes(pixels)  # filter type 0: the row as it is


def png(width: int, height: int) -> bytes:
    raw = b"".join(_row(width, _ink_spans(width, height, y)) for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(raw, 9))
        + _chunk(b"IEND", b"")
    )


@functools.cache
def og_image() -> bytes:
    return png(OG_WIDTH, OG_HEIGHT)


@functools.cache
def favicon_ico() -> bytes:
    image = png(ICON_SIZE, ICON_SIZE)
    # ICONDIR (reserved, type 1 = icon, one image), then its entry: size, colours, planes,
    # bits per pixel, the image's length and where it starts (right after the entry).
    directory = struct.pack("<HHH", 0, 1, 1)
    entry = struct.pack("<BBBBHHII", ICON_SIZE, ICON_SIZE, 0, 0, 1, 24, len(image), 6 + 16)
    return directory + entry + image
