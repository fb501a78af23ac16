"""The curated knowledge base: load and validate the YAML entries in knowledge/entries/."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from knowledge import sources as catalogue_module
from knowledge import yamlfiles

ENTRIES_DIR = Path(__file__).parent / "entries"
PLACEHOLDERS = {"organisation"} | {f"{role}_{part}" for role in ("fg", "ciso", "privacy_officer")
                                   for part in ("contact", "name", "reach")}
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MIN_PHRASINGS = 4
MAX_ANSWER_WORDS = 130


@dataclass(frozen=True)
class Source:
    file: str
    section: str

    def cite(self, lang: str = "nl") -> str:
        """Readable citation through the sources catalogue (never the file name)."""
        return catalogue_module.cite(self.file, self.section, lang)


@dataclass(frozen=True)
class Version:
    """One language's text of an entry."""

    question: str
    phrasings: tuple[str, ...]
    answer: str


@dataclass(frozen=True)
class Entry:
    id: str
    area: str
    title: str
    nl: Version
    en: Version | None
    keywords: tuple[str, ...]
    sources: tuple[Source, ...]
    related: tuple[str, ...]

    def version(self, lang: str) -> Version:
        return self.en if lang == "en" and self.en else self.nl


@dataclass
class KnowledgeBase:
    entries: list[Entry]
    errors: list[str] = field(default_factory=list)
    _matcher: object = None

    def __post_init__(self) -> None:
        self.by_id = {e.id: e for e in self.entries}

    @property
    def matcher(self):
        if self._matcher is None:
            from knowledge.matcher import Matcher

            self._matcher = Matcher(self.entries)
        return self._matcher


class EntryError(ValueError):
    pass


def _text(raw: dict, key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise EntryError(f"{where}: '{key}' ontbreekt of is leeg")
    return value.strip()


def _strings(raw: dict, key: str, where: str, minimum: int = 0) -> tuple[str, ...]:
    value = raw.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise EntryError(f"{where}: '{key}' moet een lijst met teksten zijn")
    if len(value) < minimum:
        raise EntryError(f"{where}: '{key}' heeft {len(value)} items, minimaal {minimum}")
    return tuple(v.strip() for v in value)


def _version(raw: dict, where: str, minimum: int) -> Version:
    return Version(
        question=_text(raw, "question", where),
        phrasings=_strings(raw, "phrasings", where, minimum),
        answer=_text(raw, "answer", where),
    )


def _parse_entry(raw: object, area: str, where: str, catalogue: dict[str, dict]) -> Entry:
    if not isinstance(raw, dict):
        raise EntryError(f"{where}: een entry moet een mapping zijn")
    entry_id = raw.get("id")
    if not isinstance(entry_id, str) or not ID_RE.match(entry_id):
        raise EntryError(f"{where}: ongeldige of ontbrekende id {entry_id!r} (kleine letters, cijfers en '-')")
    where = f"{where} '{entry_id}'"
    known = {"id", "title", "question", "phrasings", "answer", "keywords", "sources", "related", "en"}
    unknown = set(raw) - known
    if unknown:
        raise EntryError(f"{where}: onbekende velden {sorted(unknown)}")
    sources_raw = raw.get("sources")
    if not isinstance(sources_raw, list) or not sources_raw:
        raise EntryError(f"{where}: bronnen ('sources') ontbreken")
    sources = []
    for s in sources_raw:
        if not isinstance(s, dict) or not s.get("file") or not s.get("section"):
            raise EntryError(f"{where}: elke bron heeft 'file' en 'section' nodig")
        if s["file"] not in catalogue:
            raise EntryError(
                f"{where}: onbekend brondocument {s['file']!r} (niet in de bronnencatalogus knowledge/sources.yaml)"
            )
        sources.append(Source(str(s["file"]), str(s["section"])))
    if not any(catalogue[s.file].get("kind") == "policy" for s in sources):
        raise EntryError(f"{where}: minstens één bron moet een brondocument uit shared/seeds zijn")
    en_raw = raw.get("en")
    en = _version(en_raw, f"{where} (en)", 3) if isinstance(en_raw, dict) else None
    if en_raw is not None and en is None:
        raise EntryError(f"{where}: 'en' moet een mapping zijn")
    return Entry(
        id=entry_id,
        area=area,
        title=_text(raw, "title", where),
        nl=_version(raw, where, MIN_PHRASINGS),
        en=en,
        keywords=tuple(k.lower() for k in _strings(raw, "keywords", where)),
        sources=tuple(sources),
        related=_strings(raw, "related", where),
    )


def _check_answer(entry: Entry, where: str) -> list[str]:
    errors = []
    for version in filter(None, (entry.nl, entry.en)):
        words = len(version.answer.split())
        if words > MAX_ANSWER_WORDS:
            errors.append(f"{where}: antwoord heeft {words} woorden (maximaal {MAX_ANSWER_WORDS})")
        for name in re.findall(r"\{([^}]*)\}", version.answer):
            if name not in PLACEHOLDERS:
                errors.append(f"{where}: onbekende placeholder {{{name}}} (toegestaan: {sorted(PLACEHOLDERS)})")
    return errors


def _collisions(entries: list[Entry]) -> list[str]:
    from knowledge.matcher import prepare

    seen: dict[str, str] = {}
    errors = []
    for entry in entries:
        texts = [entry.nl.question, *entry.nl.phrasings]
        if entry.en:
            texts += [entry.en.question, *entry.en.phrasings]
        for text in texts:
            key = prepare(text)
            other = seen.get(key)
            if other and other != entry.id:
                errors.append(f"formulering {text!r} staat zowel bij '{other}' als bij '{entry.id}'")
            seen.setdefault(key, entry.id)
    return errors


def load(directory: str | Path = ENTRIES_DIR, catalogue_path: str | Path | None = None) -> KnowledgeBase:
    """Load every YAML file; problems are collected in .errors instead of raised.

    Source keys are checked against the sources catalogue (knowledge/sources.yaml, or
    ``catalogue_path``), and the catalogue itself is checked too.
    """
    entries: list[Entry] = []
    errors: list[str] = []
    try:
        catalogue = catalogue_module.load_catalogue(catalogue_path)
    except catalogue_module.CatalogueError as exc:
        catalogue = {}
        errors.append(str(exc))
    errors += catalogue_module.check_catalogue(catalogue)
    files = sorted(Path(directory).glob("*.yaml"))
    if not files:
        errors.append(f"geen entries gevonden in {directory}")
    for path in files:
        try:
            data = yamlfiles.read(path)  # libyaml, and a JSON copy cached on disk (start-up)
        except yaml.YAMLError as exc:
            errors.append(f"{path.name}: geen geldige YAML ({exc})")
            continue
        if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
            errors.append(f"{path.name}: verwacht 'area', 'title' en een lijst 'entries'")
            continue
        area = data.get("area") or path.stem
        for i, raw in enumerate(data["entries"], 1):
            where = f"{path.name} entry {i}"
            try:
                entry = _parse_entry(raw, area, where, catalogue)
            except EntryError as exc:
                errors.append(str(exc))
                continue
            errors += _check_answer(entry, f"{path.name} '{entry.id}'")
            entries.append(entry)
    ids = [e.id for e in entries]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        errors.append(f"id '{dup}' komt meer dan eens voor")
    known = set(ids)
    for entry in entries:
        for rel in entry.related:
            if rel not in known:
                errors.append(f"'{entry.id}': gerelateerde entry '{rel}' bestaat niet")
    errors += _collisions(entries)
    return KnowledgeBase(entries, errors)


# -- intents: what the router understands besides the entries (knowledge/intents/*.yaml) --------
INTENTS_DIR = Path(__file__).parent / "intents"
_INTENTS_CACHE: dict[str, tuple[dict[str, dict], list[str]]] = {}


def _check_intent(name: str, data: dict) -> list[str]:
    """Every pattern compiles and every list holds texts; the rest is checked by tests/test_router.py."""
    errors: list[str] = []

    def patterns(node, where: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                patterns(value, f"{where}.{key}")
        elif isinstance(node, list):
            for item in node:
                patterns(item, where)
        elif isinstance(node, str):
            try:
                re.compile(node)
            except re.error as exc:
                errors.append(f"{name}.yaml {where}: ongeldig patroon {node!r} ({exc})")
        elif node is not None:
            errors.append(f"{name}.yaml {where}: verwacht tekst, lijst of mapping, niet {node!r}")

    for section in ("rules", "kinds", "hints", "slots"):
        patterns(data.get(section), section)
    examples = data.get("examples") or []
    groups = examples.values() if isinstance(examples, dict) else [examples]
    for group in groups:
        if not isinstance(group, list) or not all(isinstance(e, str) and e.strip() for e in group):
            errors.append(f"{name}.yaml: 'examples' moet (per groep) een lijst met teksten zijn")
    return errors


def load_intents(directory: str | Path = INTENTS_DIR) -> tuple[dict[str, dict], list[str]]:
    """The intents by name ({"datalek": {...}, ...}) and the problems found; read once per process."""
    key = str(Path(directory).resolve())
    if key not in _INTENTS_CACHE:
        intents: dict[str, dict] = {}
        errors: list[str] = []
        for path in sorted(Path(directory).glob("*.yaml")):
            try:
                data = yamlfiles.read(path)
            except yaml.YAMLError as exc:
                errors.append(f"{path.name}: geen geldige YAML ({exc})")
                continue
            if not isinstance(data, dict) or not data.get("intent"):
                errors.append(f"{path.name}: verwacht een mapping met 'intent'")
                continue
            errors += _check_intent(data["intent"], data)
            intents[data["intent"]] = data
        _INTENTS_CACHE[key] = (intents, errors)
    return _INTENTS_CACHE[key]


def intent(name: str) -> dict:
    """One intent's data (knowledge/intents/<name>.yaml), e.g. intent("datalek")["kinds"]."""
    return load_intents()[0].get(name) or {}
