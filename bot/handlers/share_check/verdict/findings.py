"""What the rules produce: `Findings` per part (the substance, the channel) and the `Verdict`."""
from __future__ import annotations

from dataclasses import dataclass, field

from bot.handlers.share_check.verdict.labels import HEADLINES, RANK
from bot.handlers.share_check.verdict.sources import Ref, render_sources


@dataclass
class Verdict:
    outcome: str  # "ja" | "ja_mits" | "nee" | "overleg"
    conditions: list[str]
    reasons: list[str]  # what decided the verdict first
    sources: list[str]  # at most three readable citations, laws first
    next_step: str
    better_channel: str | None  # only when the substance is a ja / ja-mits and the channel is not safe
    inform_client: str
    case_note: str
    source_refs: list[Ref] = field(default_factory=list)  # (key, section), the decisive ones first

    @property
    def headline(self) -> str:
        return HEADLINES[self.outcome]

    def readable_sources(self, lang: str = "nl", limit: int = 3) -> list[str]:
        """Readable citations through knowledge.sources.cite: laws first, never a file name."""
        return render_sources(self.source_refs, lang=lang, limit=limit)

    def to_dict(self, placeholders: dict[str, str] | None = None) -> dict:
        """The `python -m bot share-check` output (docs/share-check.md)."""

        def fill(text: str) -> str:
            for key, value in (placeholders or {}).items():
                text = text.replace("{" + key + "}", value)
            return text

        return {
            "verdict": self.outcome,
            "reasons": [fill(r) for r in self.reasons],
            "sources": list(self.sources),
            "next_step": fill(self.next_step),
        }


@dataclass
class Findings:
    """What the rules found: the strictest level, and why."""

    level: str = "ja"
    found: list[tuple[str, str]] = field(default_factory=list)  # (level, reason)
    conditions: list[str] = field(default_factory=list)
    refs: dict[Ref, str] = field(default_factory=dict)  # source -> the strictest level it supports
    hints: list[tuple[str, str]] = field(default_factory=list)  # (level, next step)
    next: str | None = None

    def add(self, level: str, reason: str | None = None, condition: str | None = None,
            sources: tuple[Ref, ...] = (), hint: str | None = None) -> None:
        if RANK[level] > RANK[self.level]:
            self.level = level
        if reason and reason not in self.reasons:
            self.found.append((level, reason))
        if condition and condition not in self.conditions:
            self.conditions.append(condition)
        for ref in sources:
            if ref not in self.refs or RANK[level] > RANK[self.refs[ref]]:
                self.refs[ref] = level
        if hint:
            self.hints.append((level, hint))

    @property
    def reasons(self) -> list[str]:
        """The reasons, the decisive (strictest) ones first."""
        ordered = sorted(self.found, key=lambda item: -RANK[item[0]])
        return [reason for _, reason in ordered]

    def ranked_refs(self, bonus: int = 0) -> list[tuple[int, Ref]]:
        return [(RANK[level] + bonus, ref) for ref, level in self.refs.items()]
