"""Pictures for the photo tests, written here so that the tests need no image library."""
import struct
import zlib


def png(width, height, alpha=False):
    """A real PNG (a colour gradient), written here so the test needs no image library."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)
        for x in range(width):
            pixel = [x * 255 // max(width - 1, 1), y * 255 // max(height - 1, 1), 128]
            rows += bytes(pixel + ([x % 256] if alpha else []))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    header = struct.pack(">IIBBBBB", width, height, 8, 6 if alpha else 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(rows))) + chunk(b"IEND", b"")


def bomb_png(width, height):
    """A PNG whose header claims width x height but whose data is a few bytes: decoding it in full
    would take width * height * 3 bytes of memory."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + chunk(b"IEND", b"")
