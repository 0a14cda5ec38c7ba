"""core.url_host.hostname is urlsplit(url).hostname, memoised on the scheme and authority: the same host, or the same
ValueError, for URLs of every shape (ports, user info, IPv6 brackets, odd schemes, tabs and line breaks urlsplit
removes, non-ASCII hosts, no scheme at all)."""

from __future__ import annotations

from urllib.parse import urlsplit

from hypothesis import example, given, settings, strategies as st

from annotator.core.url_host import hostname

PIECES = st.sampled_from(["https", "http", "HTTP", "ftp", "a+b.c-d", "1x", ":", "//", "/", "?", "#", "@", "[", "]",
                          "::1", "www.", "news.kbs.co.kr", "가나.한국", "ｅｘａｍｐｌｅ", "Example.COM", ":8080", ":",
                          "user:pw", "%41", "\t", "\n", "\r", " ", "\x00", ".", "-", "a", "9"])


def oracle(url: str):
    try:
        return ("host", urlsplit(url).hostname)
    except ValueError as exc:
        return ("error", str(exc))


def ours(url: str):
    try:
        return ("host", hostname(url))
    except ValueError as exc:
        return ("error", str(exc))


@settings(max_examples=1500, deadline=None)
@given(st.lists(PIECES, max_size=12).map("".join))
@example("https://www.gwnews.co.kr/news/articleView.html?idxno=1")
@example("https://user:pw@[::1]:8080/x")
@example("https://[::1/x")  # an unclosed bracket: ValueError
@example("https://ex\tample.com/x")  # urlsplit removes the tab first
@example("https://ｅｘａｍｐｌｅ.com/")
@example("//host.kr/path")  # no scheme: read whole
@example("HTTPS://Example.COM:443?q#f")
def test_the_same_host_or_error_as_urlsplit(url):
    assert ours(url) == oracle(url)
    assert ours(url) == oracle(url)  # the memoised answer too
