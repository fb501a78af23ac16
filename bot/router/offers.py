"""The conversation around a decision: what a reply offered waits for a typed "ja" (or a button), and
a flow started by a button goes through the engine's rules as a typed message would."""
from __future__ import annotations

from datetime import datetime, timedelta

from bot.router.decision import Decision, router_for

# -- the conversation around a decision: what waits for "ja", and flows started by a button ------
PENDING_FLOW = "router"
PENDING_MINUTES = 30  # "ja" answers an offer or a single suggestion for this long


def _pending_key(person: str) -> str:
    return f"{person}#router"  # beside, never instead of, the person's dialogue: groups, stop and help are untouched


def remember(ctx, person: str, offered: list[str], prefill: dict | None = None,
             fallback: Decision | None = None, lang: str = "nl") -> None:
    """Keep what a reply offered (flows, entries) so that a typed "ja" or a button can take it."""
    from storage import dialogues

    state = {"offered": offered, "prefill": prefill or {}, "lang": lang, "at": ctx.now().isoformat()}
    if fallback is not None:
        state["fallback"] = {
            "kind": fallback.kind, "entry": fallback.entry.id if fallback.entry else None, "score": fallback.score,
            "suggestions": [s for s, _ in fallback.suggestions if not s.startswith("flow:")],
            "out_of_scope": fallback.out_of_scope,
        }
    dialogues.save(ctx.store, _pending_key(person), PENDING_FLOW, state, ctx.now())


def recall(ctx, person: str) -> dict | None:
    """What the last reply offered, if it is recent."""
    from storage import dialogues

    stored = dialogues.load(ctx.store, _pending_key(person))
    if not stored or stored[0] != PENDING_FLOW:
        return None
    state = stored[1]
    try:
        if ctx.now() - datetime.fromisoformat(state["at"]) > timedelta(minutes=PENDING_MINUTES):
            return None
    except (KeyError, ValueError, TypeError):
        return None
    return state


def forget(ctx, person: str) -> None:
    from storage import dialogues

    if dialogues.load(ctx.store, _pending_key(person)) is not None:
        dialogues.save(ctx.store, _pending_key(person), PENDING_FLOW, None, ctx.now())


def decide(ctx, msg) -> Decision:
    """The router's decision for a typed message; what the last reply offered is answered first."""
    person = msg.person.key
    pending = recall(ctx, person)
    decision = router_for(ctx.knowledge).decide(msg.text, pending=pending)
    if pending is not None:
        forget(ctx, person)
    return decision


def flow_intro(decision: Decision, replies: list) -> list:
    """One English sentence before a dialogue that exists only in Dutch (the first reply keeps the meta)."""
    from bot.messages import Reply
    from bot.text import t

    if decision.lang != "en" or not replies:
        return replies
    return [Reply(t(f"router.en.flow_{decision.flow}"), meta=dict(replies[0].meta)), *replies]


def open_flow(ctx, msg, flow: str, prefill: dict | None = None) -> list:
    """Start `flow` for a button ("Ja, melden", "Meld nu"): the engine's rules for private-only flows
    and for a dialogue already open apply as they do to a typed message."""
    from bot import commands
    from bot.app import flow_handlers  # the app's wiring: the same handlers the engine was given
    from bot.messages import Reply
    from bot.text import t
    from storage import dialogues

    handlers = {handler.name: handler for handler, _ in flow_handlers()}
    handler = handlers.get(flow)
    if handler is None:
        return [Reply(t("engine.stale_button"))]
    person = msg.person.key
    open_dialogue = dialogues.load(ctx.store, person)
    if open_dialogue is not None:
        other = handlers.get(open_dialogue[0])
        return [Reply(t("engine.busy_button")), *(other.current(ctx, open_dialogue[1]) if other else [])]
    if handler.private_only and not msg.private:
        return [Reply(t("engine.private_only", command=commands.of_flow(flow)[0]))]
    turn = handler.start(ctx, msg, dict(prefill or {}))
    if turn.state is not None:
        dialogues.save(ctx.store, person, handler.name, turn.state, ctx.now())
    if turn.replies:
        turn.replies[0].meta.update({"kind": "start", "flow": flow})
    return turn.replies
