"""Where pages come from: files, folders, globs, stdin, URLs, feeds, sitemaps, WARC."""

from .feeds import feed_refs
from .fetch import Fetcher, check_url
from .files import read_path, read_stream
from .metadata import ArchiveMetadata, MetadataError, read_metadata, unmatched_rows, with_hints
from .refs import PageRef, SourceProblem
from .robots import Robots
from .sitemaps import sitemap_refs
from .sources import LazyFetcher, join_metadata, page_refs, read_ref
from .warc import read_warc_record, warc_refs
from .feed_poll import FeedPoll, poll_feed

__all__ = ["ArchiveMetadata", "FeedPoll", "Fetcher", "LazyFetcher", "MetadataError", "PageRef",
           "Robots", "SourceProblem", "check_url", "feed_refs", "join_metadata", "page_refs",
           "poll_feed", "read_metadata", "read_path", "read_ref", "read_stream",
           "read_warc_record", "sitemap_refs", "unmatched_rows", "warc_refs", "with_hints"]
