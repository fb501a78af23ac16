"""The sources catalogue: readable citations instead of file names.

knowledge/sources.yaml holds one entry per source key. A key is either a seed file name (the
municipal privacy policies in shared/seeds, ``kind: policy``) or the short name of a law, regulation
or guidance document (``AVG``, ``UAVG``, ``Wmo 2015``, ``EDPB``, ...). Entries and the sharing
triage cite ``(key, section)`` pairs; this module turns them into text a municipal employee can read:

    >>> format_sources([("004_4154953731596e83.txt", "Datalekken (Artikel 33,34, AVG)"),
    ...                 ("AVG", "art. 33 lid 1")])
    'AVG, art. 33 lid 1; Privacybeleid gemeente Heumen, Datalekken'

Laws come first, then guidance, then the municipal policies; a file name is never shown.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import yaml

from knowledge import yamlfiles

CATALOGUE_PATH = Path(__file__).parent / "sources.yaml"
KINDS = ("law", "regulation", "guidance", "policy")
REQUIRED = ("title", "url", "kind")
# Display order: laws first, then regulations and guidance, then the municipal policies.
_RANK = {"law": 0, "regulation": 1, "guidance": 2, "policy": 3}
_UNKNOWN_RANK = 2

_cache: dict[Path, dict[str, dict]] = {}


class CatalogueError(ValueError):
    pass


def load_catalogue(path: str | Path | None = None) -> dict[str, dict]:
    """Read sources.yaml (or ``path``) into ``{key: {title, url, kind, ...}}``.

    Raises CatalogueError when the file is not a mapping of mappings; field problems are reported
    by :func:`check_catalogue` so that ``kb check`` can list them all at once.
    """
    resolved = Path(path) if path is not None else CATALOGUE_PATH
    resolved = resolved.resolve()
    if resolved in _cache:
        return _cache[resolved]
    try:
        data = yamlfiles.read(resolved)
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogueError(f"{resolved.name}: kan de bronnencatalogus niet lezen ({exc})") from exc
    if isinstance(data, dict) and isinstance(data.get("sources"), dict):
        data = data["sources"]
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise CatalogueError(f"bronnencatalogus {resolved.name}: verwacht 'sources' met per bron een mapping")
    catalogue = {str(k): dict(v) for k, v in data.items()}
    _cache[resolved] = catalogue
    return catalogue


def check_catalogue(catalogue: dict[str, dict]) -> list[str]:
    """Every entry needs a title, a url and a known kind; policies also an organisation."""
    errors = []
    for key, item in catalogue.items():
        for name in REQUIRED:
            value = item.get(name)
            if not isinstance(value, str) or not value.strip():
                errors.append(f"bronnencatalogus '{key}': '{name}' ontbreekt of is leeg")
        kind = item.get("kind")
        if isinstance(kind, str) and kind and kind not in KINDS:
            errors.append(f"bronnencatalogus '{key}': onbekende kind {kind!r} (toegestaan: {list(KINDS)})")
        url = item.get("url")
        if isinstance(url, str) and url and not url.startswith("https://"):
            errors.append(f"bronnencatalogus '{key}': url moet met https:// beginnen")
        if kind == "policy" and not item.get("organisation"):
            errors.append(f"bronnencatalogus '{key}': 'organisation' ontbreekt")
    return errors


def _item(key: str) -> dict | None:
    return load_catalogue().get(key)


def url_for(key: str) -> str | None:
    """The public address of a source, or None for an unknown key."""
    item = _item(key)
    return item.get("url") if item else None


def _label(key: str, item: dict | None, lang: str) -> str:
    """The name shown in a citation: a law's short name, a policy's title."""
    if item is None:
        # Never show a file name, even for a key the catalogue does not know.
        if key.lower().endswith((".txt", ".pdf", ".docx", ".doc", ".yaml")):
            return "Municipal privacy policy" if lang == "en" else "Gemeentelijk privacybeleid"
        return key
    if lang == "en":
        if item.get("label_en"):
            return str(item["label_en"])
        if item.get("kind") == "policy" and item.get("title_en"):
            return str(item["title_en"])
    if item.get("kind") == "policy":
        return str(item.get("title") or key)
    return str(item.get("label") or key)


_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[a-z]\.)\s+(?=\S)")
_ARTICLE_NOTE = re.compile(r"\s*\((?:artikel|art\.)[^)]*\)", re.IGNORECASE)


def _plain_part(part: str) -> str:
    part = _NUMBERING.sub("", part.strip())
    part = re.sub(r"^(punt|artikel) (\d+)\.(?=\s|$)", r"\1 \2", part)  # "punt 13. Wet" -> "punt 13 Wet"
    letters = [c for c in part if c.isalpha()]
    if len(letters) > 3 and all(c.isupper() for c in letters):  # "PRIVACYBELEID IN DE PRAKTIJK"
        part = part.capitalize()
    return part


def plain_section(section: str) -> str:
    """A policy's section in plain words: no chapter numbers, no '(Artikel 33,34, AVG)' noise."""
    text = _ARTICLE_NOTE.sub("", section or "").strip()
    parts = [_plain_part(p) for p in re.split(r"[,;]", text)]
    return ", ".join(p for p in parts if p)


_EN_ARTICLE = [
    (re.compile(r"\blid (\d+) (?:sub|onder) ([a-z])\b"), r"(\1)(\2)"),
    (re.compile(r"\blid (\d+) en (\d+)\b"), r"(\1) and (\2)"),
    (re.compile(r"\b(art\. \d+) onder (\d+) en (\d+)\b"), r"\1(\2) and (\3)"),
    (re.compile(r"\be\.v\."), "et seq."),
    (re.compile(r"\blid (\d+)\b"), r"(\1)"),
    (re.compile(r"\b(art\. \d+) (?:sub|onder) ([a-z]|\d+)\b"), r"\1(\2)"),
    (re.compile(r"\bt/m\b"), "to"),
    (re.compile(r"\ben\b"), "and"),
    (re.compile(r"\bovereenkomst\b"), "agreement"),
    (re.compile(r"\boverweging\b"), "recital"),
    (re.compile(r"\bslotzin\b"), "final sentence"),
]


def _law_section(section: str, lang: str) -> str:
    text = " ".join((section or "").split())
    text = re.sub(r"^Art(ikel|\.)\s", "art. ", text)
    text = text.replace("; ", ", ")  # '; ' separates citations
    if lang != "en":
        return text
    text = re.sub(r"(\d) (\()", r"\1\2", text)
    for pattern, repl in _EN_ARTICLE:
        text = pattern.sub(repl, text)
    return re.sub(r"(\d) \(", r"\1(", text)


def _render(key: str, section: str, lang: str) -> tuple[int, str]:
    item = _item(key)
    kind = item.get("kind") if item else None
    label = _label(key, item, lang)
    unknown_document = item is None and label != key  # an unknown file name, shown as a policy
    if kind == "policy" or unknown_document:
        part = plain_section(section)
    else:
        part = _law_section(section, lang)
    rank = _RANK["policy"] if unknown_document else _RANK.get(kind, _UNKNOWN_RANK)
    if not part or part.lower() == label.lower():
        return rank, label
    return rank, f"{label}, {part}"


def cite(key: str, section: str, lang: str = "nl") -> str:
    """One readable citation: 'AVG, art. 33 lid 1' or 'Privacybeleid gemeente Heumen, Datalekken'."""
    return _render(key, section, lang)[1]


def format_sources(pairs: Iterable[tuple[str, str]], lang: str = "nl", limit: int = 3) -> str:
    """At most ``limit`` distinct citations, laws first, joined by '; '. Never a file name."""
    rendered: list[tuple[int, int, str]] = []
    seen: set[str] = set()
    for i, pair in enumerate(pairs):
        key, section = (pair.file, pair.section) if hasattr(pair, "file") else pair
        rank, text = _render(str(key), str(section or ""), lang)
        if text.lower() in seen:
            continue
        seen.add(text.lower())
        rendered.append((rank, i, text))
    rendered.sort()
    chosen = rendered[: max(limit, 0)]
    policy = _RANK["policy"]
    if limit > 1 and not any(rank == policy for rank, _, _ in chosen):
        # keep one place for the municipality's own policy: staff recognise it, and it says what to do here
        own = next((item for item in rendered if item[0] == policy), None)
        if own is not None:
            chosen = chosen[: limit - 1] + [own]
    return "; ".join(text for _, _, text in chosen)
