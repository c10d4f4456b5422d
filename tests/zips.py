"""Zips built byte by byte, so a test can declare sizes that are not the truth."""

import struct
import zlib
from dataclasses import dataclass

DEFLATED = 8
STORED = 0


@dataclass(frozen=True)
class Member:
    name: str
    data: bytes  # as stored in the archive: raw deflate for DEFLATED
    size: int  # the uncompressed size the headers declare
    crc: int = 0
    method: int = DEFLATED


def deflated(name: str, content: bytes, *, declared: int | None = None) -> Member:
    """A member holding ``content`` deflated, declaring its true size unless told otherwise."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = compressor.compress(content) + compressor.flush()
    size = len(content) if declared is None else declared
    return Member(name, data, size, zlib.crc32(content))


def stored(name: str, content: bytes) -> Member:
    """A member stored as is, as the OpenDocument `mimetype` and embedded documents are."""
    return Member(name, content, len(content), zlib.crc32(content), STORED)


def zeros_bomb(megabytes: int) -> bytes:
    """Raw deflate of ``megabytes`` MiB of zeros, built without inflating them here: after a
    full flush the compressor's state is fresh, so every MiB compresses to the same bytes."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(bytes(1024 * 1024)) + compressor.flush(zlib.Z_FULL_FLUSH)
    return block * megabytes + compressor.flush()


def build(members: list[Member]) -> bytes:
    """The archive: local headers and data, the central directory, its end record."""
    body, directory = b"", b""
    for member in members:
        name = member.name.encode()
        sizes = (member.crc, len(member.data), member.size, len(name))
        local = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, member.method, 0, 0, *sizes, 0)
        directory += struct.pack(
            "<4s6H3L5H2L",
            b"PK\x01\x02",
            20,
            20,
            0,
            member.method,
            0,
            0,
            *sizes,
            0,
            0,
            0,
            0,
            0,
            len(body),
        )
        directory += name
        body += local + name + member.data
    end = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), len(body), 0
    )
    return body + directory + end
