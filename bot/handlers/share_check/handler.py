""""Mag ik dit delen?": the step table run by the one dialogue runner, ending in a verdict.

Pre-filled answers come from the words that started it ("mag ik het dossier naar de huisarts
mailen?"); "terug" goes one step back (also into a pre-filled answer); "stop" is handled by the engine.
"""
from __future__ import annotations

from bot.choices import BACK, STOP
from bot.dialogue import Flow
from bot.handlers.base import Context, Handler, Turn
from bot.handlers.share_check.detect import find_channel, find_data, find_recipient
from bot.handlers.share_check.steps import P, STEP_BY_KEY, STEPS
from bot.messages import Choice, Message, Reply
from bot.text import t
from bot.handlers.share_check.verdict import (
    CHANNEL_LABELS, FACT_KEYS, HEADLINES, Verdict, certainly_no, relevant_questions, verdict,
)

NEW = Choice(t("share_check.handler.new"), f"{P}:new")
INTRO = t("share_check.handler.intro")


def settled_no(facts: dict) -> bool:
    """True when the answer is "nee" whatever the open questions still say (the channel aside)."""
    return certainly_no(facts, asked=STEP_BY_KEY)


def headline(v: Verdict, facts: dict) -> str:
    if v.better_channel:
        return t("share_check.handler.better_channel", channel=CHANNEL_LABELS[facts["channel"]],
                 better_channel=v.better_channel)
    if v.outcome == "overleg":  # {privacy_officer_contact} and {fg_contact} are filled from the settings
        return t("share_check.handler.overleg", headline=HEADLINES["overleg"])
    return {
        "ja": t("share_check.handler.ja"),
        "ja_mits": t("share_check.handler.ja_mits"),
        "nee": t("share_check.handler.nee"),
    }[v.outcome]


def verdict_reply(facts: dict) -> Reply:
    v = verdict(facts)
    lines = [headline(v, facts)]
    if v.outcome == "ja_mits" and not v.better_channel:
        lines += [f"• {c}" for c in v.conditions]
    lines += ["", t("share_check.handler.why")] + [f"• {r}" for r in v.reasons]
    if v.conditions and (v.outcome != "ja_mits" or v.better_channel):
        title = (t("share_check.handler.conditions_safe_channel") if v.better_channel
                 else t("share_check.handler.also_mind"))
        lines += ["", title] + [f"• {c}" for c in v.conditions]
    lines += ["", t("share_check.handler.next_step", next_step=v.next_step),
              t("share_check.handler.inform_client", inform_client=v.inform_client)]
    lines += ["", t("share_check.handler.case_note"), v.case_note]
    lines += ["", t("share_check.handler.sources", sources="; ".join(v.sources))]
    meta = {"kind": "verdict", "outcome": v.outcome, "sources": v.sources, "better_channel": v.better_channel}
    return Reply("\n".join(lines), [NEW], meta=meta)


def summary_of(facts: dict) -> str:
    """What the words already told us, in the labels of the buttons."""
    parts = []
    for key in ("recipient", "data", "channel"):
        if key in facts:
            label = STEP_BY_KEY[key].show(facts)
            label = label if label[1:2].isupper() else label[:1].lower() + label[1:]  # keep "BSN"
            parts.append(f"{STEP_BY_KEY[key].label}: {label}")
    return "; ".join(parts)


class ShareCheckHandler(Flow, Handler):
    name = "share_check"
    action_prefix = P
    private_only = True
    steps = STEPS

    def start(self, ctx: Context, msg: Message, prefill: dict | None = None) -> Turn:
        prefill = dict(prefill or {})
        command = prefill.pop("command", None)
        if command:  # "/delen bsn naar de huisarts": read the words after the command
            rest = command.split(" ", 1)[1] if " " in command else ""
            prefill = {"recipient": find_recipient(rest), "data": find_data(rest), "channel": find_channel(rest)}
        facts = {k: v for k, v in prefill.items() if k in FACT_KEYS and v is not None}
        state = self.new_state(facts, [k for k in FACT_KEYS if k in facts])
        if self.next_key(facts) is None:  # the words say enough
            return self.advance(ctx, msg, state, [Reply(t("share_check.handler.assumed", summary=summary_of(facts)))])
        intro = INTRO + ("\n" + t("share_check.handler.understood", summary=summary_of(facts)) if facts else "")
        return self.advance(ctx, msg, state, [Reply(intro)])

    def next_key(self, facts: dict) -> str | None:
        if settled_no(facts):
            return None
        return next((k for k in relevant_questions(facts, asked=STEP_BY_KEY) if k not in facts), None)

    def complete(self, ctx: Context, msg: Message, state: dict, replies: list[Reply]) -> Turn:
        return Turn(replies + [verdict_reply(state["facts"])], None)

    def current(self, ctx: Context, state: dict) -> list[Reply]:
        return self.question(ctx, state)

    def tidy(self, state: dict) -> None:
        """Another recipient can make other questions relevant: forget the answers that no longer are."""
        keep = set(relevant_questions(state["facts"], asked=STEP_BY_KEY))
        state["facts"] = {k: v for k, v in state["facts"].items() if k in keep}
        state["history"] = [k for k in state["history"] if k in keep]

    def extra_choices(self, state: dict, key: str) -> list[Choice]:
        return [BACK, STOP]

    def resume(self, ctx: Context, state: dict, msg: Message) -> Turn:
        if msg.action == NEW.value:
            return self.start(ctx, msg)
        return super().resume(ctx, state, msg)

    def on_action(self, ctx: Context, msg: Message) -> list[Reply] | Turn | None:
        if msg.action == NEW.value:
            return self.start(ctx, msg)
        return [Reply(t("share_check.handler.stale"), [NEW])]
