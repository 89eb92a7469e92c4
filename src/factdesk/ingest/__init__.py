"""Where pages come from: files, folders, globs, stdin, URLs, feeds, sitemaps, WARC."""

from .feeds import feed_refs
from .fetch import Fetcher, check_url
from .files import expand_sources, read_path, read_stream
from .refs import PageRef, SourceProblem
from .robots import Robots
from .sitemaps import sitemap_refs
from .sources import page_refs, read_ref
from .warc import read_warc_record, warc_refs
from .watch import FeedPoll, poll_feed

__all__ = ["FeedPoll", "Fetcher", "PageRef", "Robots", "SourceProblem", "check_url",
           "expand_sources", "feed_refs", "page_refs", "poll_feed", "read_path", "read_ref",
           "read_stream", "read_warc_record", "sitemap_refs", "warc_refs"]
