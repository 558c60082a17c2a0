"""Streaming authenticated encryption for backups (AES-256-GCM in chunks).

A backup can be gigabytes, so it is sealed in 1 MiB chunks, each its own
AES-GCM message (the STREAM construction): nonce = a random prefix, the
chunk's counter and a last-chunk flag, with the file's header as associated
data. Reordered, altered, truncated or extended files fail to decrypt; no
plaintext is released before its chunk is verified. Each file gets its own
key, derived by HKDF from the configured key and a random salt, so nonces
never repeat across files.

    header = MAGIC | salt (16) | nonce prefix (7)
    chunk  = length (4, big-endian) | ciphertext with tag
"""

from __future__ import annotations

import base64
import binascii
import io
import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"SWBACKUP1\n"
CHUNK = 1 << 20
_SALT = 16
_PREFIX = 7
_TAG = 16
_HEADER = len(MAGIC) + _SALT + _PREFIX


class BackupKeyError(ValueError):
    """The key is missing or malformed."""


class DecryptionError(ValueError):
    """Wrong key, or the file was altered or cut short."""


def generate_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


def parse_key(text: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text.strip().encode())
    except (binascii.Error, ValueError) as exc:
        raise BackupKeyError("the backup key is not base64") from exc
    if len(key) != 32:
        raise BackupKeyError("the backup key must be 32 bytes (44 base64 characters)")
    return key


def _file_key(key: bytes, salt: bytes) -> AESGCM:
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=salt, info=b"socialwork-backup-v1"
    ).derive(key)
    return AESGCM(derived)


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + struct.pack(">I", counter) + (b"\x01" if last else b"\x00")


class EncryptingWriter(io.RawIOBase):
    """A write-only file object; close() seals the last chunk."""

    def __init__(self, raw, key: bytes):
        super().__init__()
        self._raw = raw
        salt, self._prefix = os.urandom(_SALT), os.urandom(_PREFIX)
        self._header = MAGIC + salt + self._prefix
        self._aead = _file_key(key, salt)
        self._buffer = bytearray()
        self._counter = 0
        raw.write(self._header)

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK:
            self._seal(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def _seal(self, plain: bytes, *, last: bool) -> None:
        if self._counter >= 0xFFFFFFFF:
            raise OverflowError("backup file too large for one key")
        sealed = self._aead.encrypt(_nonce(self._prefix, self._counter, last), plain, self._header)
        self._raw.write(struct.pack(">I", len(sealed)) + sealed)
        self._counter += 1

    def close(self) -> None:
        if not self.closed:
            self._seal(bytes(self._buffer), last=True)
            self._buffer.clear()
            self._raw.flush()
        super().close()


class DecryptingReader(io.RawIOBase):
    """A read-only file object over an encrypted file; raises DecryptionError
    on a wrong key, an altered chunk, or a file cut short."""

    def __init__(self, raw, key: bytes):
        super().__init__()
        self._raw = raw
        header = raw.read(_HEADER)
        if len(header) != _HEADER or not header.startswith(MAGIC):
            raise DecryptionError("not a portal backup file")
        self._header = header
        salt = header[len(MAGIC) : len(MAGIC) + _SALT]
        self._prefix = header[len(MAGIC) + _SALT :]
        self._aead = _file_key(key, salt)
        self._counter = 0
        self._pending = memoryview(b"")
        self._done = False

    def readable(self) -> bool:
        return True

    def _next_chunk(self) -> None:
        size_bytes = self._raw.read(4)
        if len(size_bytes) != 4:
            raise DecryptionError("the backup file is cut short")
        (size,) = struct.unpack(">I", size_bytes)
        if size < _TAG or size > CHUNK + _TAG:
            raise DecryptionError("the backup file is damaged")
        sealed = self._raw.read(size)
        if len(sealed) != size:
            raise DecryptionError("the backup file is cut short")
        for last in (False, True):
            try:
                plain = self._aead.decrypt(
                    _nonce(self._prefix, self._counter, last), sealed, self._header
                )
            except InvalidTag:
                continue
            self._counter += 1
            if last:
                if self._raw.read(1):
                    raise DecryptionError("the backup file has data after its end")
                self._done = True
            self._pending = memoryview(plain)
            return
        raise DecryptionError("wrong backup key, or the backup file was altered")

    def readinto(self, buffer) -> int:
        while not len(self._pending) and not self._done:
            self._next_chunk()
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        # A view: slicing it copies nothing, however small the reads.
        self._pending = self._pending[n:]
        return n
