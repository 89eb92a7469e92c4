"""Where pages come from: files, folders, globs, stdin and URLs."""

from .fetch import Fetcher, check_url
from .files import expand_sources, read_path, read_stream

__all__ = ["Fetcher", "check_url", "expand_sources", "read_path", "read_stream"]
