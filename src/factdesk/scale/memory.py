"""Keep a long batch run's memory at what one shard needs (glibc's allocator).

Parsing a batch allocates large working arrays (spaCy's parser precomputes
features for every token of the batch: tens of megabytes) and frees them
again.  glibc raises its mmap threshold each time such a block is freed, so
later blocks come from the heap instead, and a heap that small long-lived
objects pin rarely shrinks: resident memory then ratchets up with the number
of batches a process has seen, not with what any batch needs.  A fixed
threshold keeps large blocks in their own mappings (returned when freed), and
``malloc_trim`` after each shard hands the heap's free pages back.

Both are no-ops where the C library is not glibc.
"""

from __future__ import annotations

import ctypes
import functools
import logging
import sys

__all__ = ["release_memory", "tune_allocator"]

log = logging.getLogger(__name__)

M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter number
#: Blocks at least this large get their own mapping (glibc's starting value is 128 KiB,
#: raised dynamically up to 32 MiB; setting it fixes it).
MMAP_THRESHOLD = 1 << 20


@functools.cache
def _glibc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)
    except OSError:
        return None
    if not all(hasattr(libc, name) for name in ("mallopt", "malloc_trim", "gnu_get_libc_version")):
        return None  # musl and others: nothing to tune
    return libc


def tune_allocator() -> bool:
    """Fix glibc's mmap threshold for this process; whether it was set."""
    libc = _glibc()
    if libc is None:
        return False
    done = bool(libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD))
    log.debug("mmap threshold fixed at %d bytes: %s", MMAP_THRESHOLD, done)
    return done


def release_memory() -> bool:
    """Give the heap's free pages back to the system; whether any were."""
    libc = _glibc()
    return bool(libc.malloc_trim(0)) if libc is not None else False
