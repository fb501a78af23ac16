"""Text helpers shared by the chat adapters: splitting long answers, escaping, Slack markup.

Platform limits differ (a Slack section holds 3000 characters, a Telegram message 4096), so the
helpers take the limit as an argument. Stable API used by more than one adapter:

- ``split_text(text, limit) -> list[str]``: split at paragraph, then line, then word boundaries.
- ``split_rendered(text, limit, render) -> list[str]``: split so that each *rendered* (e.g.
  escaped) chunk fits, because escaping makes text longer.
- ``truncate(text, limit) -> str``: shorten with an ellipsis (button labels).
- ``escape_mrkdwn(text)`` / ``slack_to_plain(text)``: Slack outgoing escaping and incoming markup.
"""
from __future__ import annotations

import re
from typing import Callable

ELLIPSIS = "…"


def truncate(text: str, limit: int) -> str:
    """`text` shortened to at most `limit` characters, ending in an ellipsis when cut."""
    if limit < 1:
        raise ValueError("limit must be positive")
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + ELLIPSIS


def _cut(piece: str, limit: int) -> list[str]:
    """Split one piece without paragraph breaks: at line breaks, then spaces, then anywhere."""
    out: list[str] = []
    rest = piece
    while len(rest) > limit:
        window = rest[: limit + 1]
        cut = window.rfind("\n")
        if cut <= 0:
            cut = window.rfind(" ")
        if cut <= 0:
            out.append(rest[:limit])
            rest = rest[limit:]
            continue
        out.append(rest[:cut].rstrip())
        rest = rest[cut + 1 :]
    if rest.strip():
        out.append(rest)
    return [p for p in out if p.strip()]


def split_text(text: str, limit: int) -> list[str]:
    """Split `text` into chunks of at most `limit` characters.

    Paragraphs (separated by a blank line) are kept together and packed greedily; a paragraph that
    is too long is cut at line breaks, then at spaces, and only as a last resort inside a word.
    Joining the chunks with blank lines gives back the text (up to whitespace at the cuts).
    An empty text gives an empty list.
    """
    if limit < 1:
        raise ValueError("limit must be positive")
    if not text.strip():
        return []
    if len(text) <= limit:
        return [text]
    chunks: list[str] = []
    current = ""
    for paragraph in re.split(r"\n\s*\n", text):
        if not paragraph.strip():
            continue
        pieces = [paragraph] if len(paragraph) <= limit else _cut(paragraph, limit)
        for piece in pieces:
            candidate = f"{current}\n\n{piece}" if current else piece
            if len(candidate) <= limit:
                current = candidate
            else:
                if current:
                    chunks.append(current)
                current = piece
    if current:
        chunks.append(current)
    return chunks


def split_rendered(text: str, limit: int, render: Callable[[str], str]) -> list[str]:
    """Split `text` so that every `render(chunk)` fits in `limit`; returns the rendered chunks.

    Use this when escaping makes the text longer (``&`` becomes ``&amp;``): splitting the raw text
    never cuts an escape sequence in half.
    """
    out: list[str] = []

    def fit(chunk: str) -> None:
        rendered = render(chunk)
        if len(rendered) <= limit or len(chunk) <= 1:
            out.append(rendered)
            return
        raw_limit = max(1, min(len(chunk) - 1, len(chunk) * limit // len(rendered)))
        for piece in split_text(chunk, raw_limit):
            fit(piece)

    for chunk in split_text(text, limit):
        fit(chunk)
    return out


# -- Slack ------------------------------------------------------------------------------------
def escape_mrkdwn(text: str) -> str:
    """Escape the three characters Slack treats as control characters in mrkdwn and `text`.

    After escaping, user text cannot form a mention (``<!channel>``, ``<@U123>``), a link or a
    date token: Slack shows ``&lt;!channel&gt;`` literally as "<!channel>".
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_SLACK_TOKEN = re.compile(r"<([^<>]*)>")


def _plain_token(token: str) -> str:
    target, _, label = token.partition("|")
    if target.startswith("@"):  # user mention <@U123> or <@U123|name>
        return "@" + (label or target[1:])
    if target.startswith("#"):  # channel <#C123|general>
        return "#" + (label or target[1:])
    if target.startswith("!"):  # <!channel>, <!here>, <!subteam^S1|@team>, <!date^...|fallback>
        name = target[1:].split("^", 1)[0]
        if name == "date":
            return label or "(datum)"
        if label:
            return label if label.startswith("@") else "@" + label
        return "@" + name
    if target.startswith("mailto:"):
        return label or target[len("mailto:"):]
    if label and label != target:
        bare = re.sub(r"^[a-z]+://", "", target)
        return label if label in (target, bare) else f"{label} ({target})"
    return target


def slack_to_plain(text: str) -> str:
    """Turn the text of an incoming Slack message into plain text for the engine.

    Slack sends ``&amp; &lt; &gt;`` escaped and wraps mentions and links in angle brackets:
    ``<@U123>`` becomes ``@U123``, ``<!channel>`` becomes ``@channel``, ``<mailto:a@b.nl|a@b.nl>``
    becomes ``a@b.nl`` and ``<https://x.nl|x.nl>`` becomes ``x.nl``. The engine thus sees what the
    user typed; everything the bot echoes is escaped again on the way out.
    """
    plain = _SLACK_TOKEN.sub(lambda m: _plain_token(m.group(1)), text)
    return plain.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
