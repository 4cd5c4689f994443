"""Links that open a claim's source at its exact words.

The original page opens at the quote through a text fragment (`#:~:text=start,end`, supported by
Chromium-based browsers and Safari; others open the page at its top), and the local copy of the article
opens with the claim's characters marked.
"""

from __future__ import annotations

from urllib.parse import quote as percent_encode

WORDS_EACH_SIDE = 4  # a long quote is found by its first and last words, as the text fragment spec intends


def _encoded(text: str) -> str:
    # the fragment syntax itself uses "-", "," and "&", so they are escaped inside the text too
    return percent_encode(text, safe="").replace("-", "%2D")


def text_fragment(quote: str) -> str:
    """`#:~:text=...` for a quote: the whole quote when short, else its first and last words."""
    words = quote.split()
    if len(words) <= 2 * WORDS_EACH_SIDE:
        return "#:~:text=" + _encoded(" ".join(words))
    start, end = " ".join(words[:WORDS_EACH_SIDE]), " ".join(words[-WORDS_EACH_SIDE:])
    return f"#:~:text={_encoded(start)},{_encoded(end)}"


def at_the_words(url: str, quote: str) -> str:
    """The original URL, opening at the quote (an existing fragment is replaced)."""
    return url.split("#", 1)[0] + text_fragment(quote)


def marked(text: str, start: int, end: int) -> tuple[str, str, str] | None:
    """The article text split around text[start:end], or None when the span is not inside the text."""
    if not 0 <= start < end <= len(text):
        return None
    return text[:start], text[start:end], text[end:]
