"""Slack's side of the text: Block Kit rendering, mrkdwn escaping and incoming markup.

- ``render_reply(reply)``: a `Reply` as one or more chat.postMessage payloads (mrkdwn sections of
  at most 3000 characters, escaped so that echoed user text can never mention @channel or anyone
  else; the choices as buttons on the last message). ``chosen_blocks`` replaces a pressed message's
  buttons by "✔ <label>".
- ``home_view(view)``: the App Home tab from the platform-free `HomeView` (bot.handlers.incidents.views).
- ``split_text`` / ``split_rendered`` / ``truncate``: fit text into Slack's limits; splitting the raw
  text before escaping never cuts an escape sequence in half.
- ``escape_mrkdwn(text)`` / ``slack_to_plain(text)``: outgoing escaping and incoming markup.
"""
from __future__ import annotations

import logging
import re
from typing import Callable

from bot.handlers.incidents.views import HomeView
from bot.messages import Reply

log = logging.getLogger(__name__)

SECTION_LIMIT = 3000  # characters in one section text object
SECTIONS_PER_MESSAGE = 10  # keeps a message's fallback text far below Slack's 40,000 characters
BUTTON_LABEL_LIMIT = 75
BUTTONS_PER_BLOCK = 25
BUTTON_VALUE_LIMIT = 2000
CHOICE_ACTION = "choice"  # action_id "choice:<n>" for the engine's choices
HOME_COMMAND = "home:cmd"  # action_id prefix of Home buttons whose value is a command text

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


# -- escaping out, markup in --------------------------------------------------------------------
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


# -- Block Kit ----------------------------------------------------------------------------------
def section(mrkdwn: str) -> dict:
    """A section with already-escaped mrkdwn; verbatim: Slack does not auto-link anything."""
    return {"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn, "verbatim": True}}


def header(text: str) -> dict:
    return {"type": "header", "text": {"type": "plain_text", "text": text, "emoji": True}}


def context(mrkdwn: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": mrkdwn, "verbatim": True}]}


def button(label: str, action_id: str, value: str) -> dict:
    return {
        "type": "button",
        "action_id": action_id,
        "text": {"type": "plain_text", "text": truncate(label.strip() or value or "…", BUTTON_LABEL_LIMIT), "emoji": True},
        "value": value,
    }


def render_reply(reply: Reply) -> list[dict]:
    """A Reply as chat.postMessage arguments: one or more messages, the buttons on the last one."""
    chunks = split_rendered(reply.text, SECTION_LIMIT, escape_mrkdwn) or [escape_mrkdwn(reply.text.strip() or "…")]
    groups = [chunks[i : i + SECTIONS_PER_MESSAGE] for i in range(0, len(chunks), SECTIONS_PER_MESSAGE)]
    messages = [{"text": "\n\n".join(group), "blocks": [section(c) for c in group]} for group in groups]
    buttons = []
    for index, choice in enumerate(reply.choices):
        if len(choice.value) > BUTTON_VALUE_LIMIT:  # never happens with the engine's values; skip, don't fail
            log.warning("button value too long, skipped: %s", choice.label)
            continue
        buttons.append(button(choice.label, f"{CHOICE_ACTION}:{index}", choice.value))
    for start in range(0, len(buttons), BUTTONS_PER_BLOCK):
        messages[-1]["blocks"].append(
            {"type": "actions", "block_id": f"choices:{start // BUTTONS_PER_BLOCK}", "elements": buttons[start : start + BUTTONS_PER_BLOCK]}
        )
    return messages


def chosen_blocks(message: dict, label: str) -> list[dict]:
    """The blocks of a pressed message with its buttons replaced by "✔ <label>"."""
    kept = [b for b in message.get("blocks") or [] if b.get("type") != "actions"]
    shown = "✔ " + label.lstrip("✔✓ ").strip()
    return kept + [context(escape_mrkdwn(shown))]


def _escaped_sections(lines: list[str]) -> list[dict]:
    """Lines that are already escaped mrkdwn, packed into sections within the limit."""
    return [section(chunk) for chunk in split_text("\n".join(lines), SECTION_LIMIT)]


# -- App Home -------------------------------------------------------------------------------------
def home_view(view: HomeView) -> dict:
    """The Home tab: what the bot does, your own reports, and for the CISO/FG the open incidents."""
    e = escape_mrkdwn
    start = view.start
    blocks: list[dict] = [
        header("Privacyloket"),
        section(
            f"Hoi! Ik ben de privacyhulp van {e(view.organisation)}. Stel je privacyvraag in het tabblad "
            "*Berichten*, of gebruik `/privacy` met je vraag. Een (mogelijk) datalek meld je met `/datalek`: "
            "hoe sneller, hoe beter."
        ),
        {"type": "actions", "block_id": "home:actions",
         "elements": [button(start.label, f"{HOME_COMMAND}:{start.value.lstrip('/')}", start.value)]},
        {"type": "divider"},
        header("Jouw meldingen"),
    ]
    if not view.own:  # reports belong to a platform identity: these are the ones made from Slack
        blocks.append(section("Je hebt (via Slack) nog geen datalekken gemeld."))
    else:
        lines = [f"• *{e(line.ref)}* — {e(line.kind)}, {e(line.state)}" for line in view.own]
        if view.own_more:
            lines.append(f"… en nog {view.own_more} oudere meldingen (typ /privacy mijnmeldingen).")
        blocks += _escaped_sections(lines)

    if view.role_names:
        blocks += [
            {"type": "divider"},
            header(f"Openstaande incidenten ({view.open_total})"),
            context(f"Je ziet dit als {e(view.role_names)}. Meest urgent eerst."),
        ]
        if not view.open_total:
            blocks.append(section("Er zijn geen openstaande incidenten. 🎉"))
        for index, line in enumerate(view.open):
            block = section(f"*{e(line.ref)}* — {e(line.kind)}\n{e(line.state)}")
            if line.choice is not None:
                block["accessory"] = button(line.choice.label, f"home:show:{index}", line.choice.value)
            blocks.append(block)
        if view.open_more:
            blocks.append(section(f"… en nog {view.open_more}; typ /incidenten voor de hele lijst."))
    return {"type": "home", "blocks": blocks}
