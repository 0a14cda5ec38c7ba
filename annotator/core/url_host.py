"""A URL's host name as urllib.parse.urlsplit(url).hostname reads it, memoised on the part of the URL that decides
it (scheme and authority): an import reads the host of every record's URL, urlsplit costs ~15 us a URL, and every
URL differs, but the pages of one site share that part."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

# scheme "://" authority, as urlsplit reads the netloc: up to the first "/", "?" or "#" (urlsplit of this prefix
# reads the same netloc: the tabs and line breaks it removes first are removed from the prefix alike). A URL that
# does not start so is read by urlsplit whole.
_HEAD = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://[^/?#]*")


def hostname(url: str) -> str | None:
    """urlsplit(url).hostname, and the same ValueError for a malformed authority ("Invalid IPv6 URL", ...)."""
    match = _HEAD.match(url)
    if match is None:
        return urlsplit(url).hostname
    return _head_hostname(match.group())


@lru_cache(maxsize=4096)
def _head_hostname(head: str) -> str | None:
    return urlsplit(head).hostname
