"""Where pages come from.  For now: files, folders, globs and stdin."""

from .files import expand_sources, read_path, read_stream

__all__ = ["expand_sources", "read_path", "read_stream"]
