"""HTML pages: main text and metadata (title, date, canonical URL, site name) by trafilatura.

trafilatura 2 is required (``bare_extraction`` returns a ``Document`` object; with 1.x it
returned a dict, and the page's menus and footer became the text).  Dates are those of the
page's metadata; only when it has none is the page itself searched (htmldate's extensive
search), and a year found that way (``© 2017``, which htmldate turns into ``2017-01-01``)
stays a year unless the page shows that very day: no day is invented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Optional

from vnextract.dates import normalize_date

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


@dataclass(frozen=True)
class Page:
    """What an HTML page gives: its main text and the metadata found."""

    text: str
    title: Optional[str] = None
    published: Optional[str] = None
    url: Optional[str] = None
    sitename: Optional[str] = None
    warning: Optional[str] = None


def declared_charset(raw: bytes) -> Optional[str]:
    """The charset a page declares in a ``<meta>`` of its first 4 KiB, if any."""
    m = _META_CHARSET.search(raw[:4096])
    return m.group(1).decode("ascii") if m else None


def _parse(html: str) -> Any:
    import lxml.html

    # huge_tree: deeply nested layout tables (old portals) are not cut at libxml2's depth limit
    parser = lxml.html.HTMLParser(huge_tree=True, remove_comments=True)
    return lxml.html.fromstring(html, parser=parser)


def _shows_day(text: str, iso: str) -> bool:
    """Does ``text`` show the day ``iso`` (``2017-01-01``) as ``1/1/2017``, ``01-01-2017`` or ISO?"""
    y, m, d = iso.split("-")
    pattern = rf"(?<!\d)0?{int(d)}[/.-]0?{int(m)}[/.-]{y}(?!\d)|{iso}"
    return re.search(pattern, text) is not None


def _date(tree: Any, html: str) -> Optional[str]:
    from htmldate import find_date

    meta = find_date(tree, extensive_search=False, original_date=True)
    if meta:
        return normalize_date(meta)
    guess = find_date(tree, extensive_search=True, original_date=True)
    if not guess:
        return None
    if guess.endswith("-01-01") and not _shows_day(html, guess):
        return guess[:4]  # a year (a copyright line) is not a day
    return normalize_date(guess)


def html_to_page(html: str) -> Page:
    """Main text and metadata of an HTML page; a page without main content gives its visible
    text (scripts and styles removed), never nothing."""
    import trafilatura  # heavy; only workers that see HTML pay for it

    html = _XML_DECL.sub("", html, count=1)
    if not html.strip():
        return Page("")
    try:
        tree = _parse(html)
    except Exception:  # noqa: BLE001 - an unparsable page has no text
        return Page("")
    doc = trafilatura.bare_extraction(tree, with_metadata=True, include_comments=False,
                                      include_tables=True, date_extraction_params={"extensive_search": False})
    published = _date(_parse(html), html)
    if doc is not None and doc.text and doc.text.strip() != (doc.title or "").strip():
        return Page(str(doc.text), doc.title or None, published, doc.url or None, doc.sitename or None)
    page = _visible_text(html, published)
    if doc is not None:
        page = Page(page.text, doc.title or page.title, published, doc.url or None, doc.sitename or None,
                    page.warning)
    return page


def _visible_text(html: str, published: Optional[str]) -> Page:
    tree = _parse(html)
    for bad in tree.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    title = tree.findtext(".//title")
    text = re.sub(r"[ \t]*\n\s*", "\n", tree.text_content()).strip()
    warning = ("no main text found: the page's visible text is used" if text
               else "no text found in the page")
    return Page(text, title.strip() if title else None, published, warning=warning)


def html_to_text(html: str) -> tuple[str, Optional[str], Optional[str]]:
    """Main text, title and publication date of an HTML page (see :func:`html_to_page`)."""
    page = html_to_page(html)
    return page.text, page.title, page.published
