"""The desk's forms: the chat's actions on an incident, through the same functions, with the same events.

Every form posts to `/incidenten/<ref>/<handeling>`. The answers are checked with the chat's own
rules (`prompts.invalid`: an AP reference must look like one, a reason must say something); a
decision that stops the clock (gemeld, niet meldplichtig, a correction) and closing a high-risk
incident whose people were not informed are shown once more on a confirmation page, a second form,
and recorded only when that one is sent. The action itself is `bot.handlers.incidents.actions`, so
the log gets exactly the events the chat records; then the engine's subscribers hear of it (the
reminders re-read the incident) and the browser is sent back to the incident page (post/redirect/get).
"""
from __future__ import annotations

from aiohttp import web

from bot.adapters.web.app import redirect, render, the_desk, visitor
from bot.adapters.web.pages import incident_context, load_incident
from bot.handlers.incidents import actions, prompts
from bot.handlers.incidents.handler import STRIPPED
from bot.handlers.incidents.views import INFORMED_TEXT
from storage import desk
from storage.incidents import parse_iso

MAX_TEXT = 1000
# URL word -> what the form does
FORMS = {
    "gezien": "ack", "notitie": "note", "gemeld": "reported", "niet-meldplichtig": "not_reportable",
    "betrokkenen": "informed", "afsluiten": "close", "corrigeren": "correct", "oppakken": "own",
}
CONFIRMED = "ja"


def check(step: str, text: str) -> str | None:
    """The chat's rule for this answer, plus the chat's length limit; None when it is fine."""
    if not text:
        return "Vul dit in." if step != "ap_reference" else "Vul het kenmerk van de AP in."
    if len(text) > MAX_TEXT:
        return f"Dat is te lang; houd het onder de {MAX_TEXT} tekens."
    problem = prompts.invalid(step, text)
    return problem.replace(", of typ 'terug'", "").replace(" Of typ 'terug'.", "") if problem else None


def answers_for(form: str, data, incident: dict, now) -> tuple[dict, dict, str | None]:
    """(answers, errors, decision) for a decision form; errors map field -> message."""
    answers, errors = {}, {}
    decision = form if form in ("reported", "not_reportable") else None
    if form == "correct":
        decision = data.get("decision")
        if decision not in ("reported", "not_reportable"):
            errors["decision"] = "Kies het besluit dat nu geldt."
            return answers, errors, None
    late = now > parse_iso(incident["deadline"])
    fields = {"reported": ["ap_reference"] + (["delay_reason"] if late else []),
              "not_reportable": ["reason"], "close": ["close_reason"]}[decision or form]
    for field in fields:
        value = " ".join(str(data.get(field, "")).split())
        answers[field] = value
        problem = check(field, value)
        if problem:
            errors[field] = problem
    return answers, errors, decision


async def act(request: web.Request) -> web.Response:
    d = the_desk(request)
    form = FORMS.get(request.match_info["action"])
    incident = load_incident(request)
    if form is None or incident is None:
        return render(request, "error.html", {"title": "Niet gevonden", "text": "Dit incident of deze handeling ken "
                                              "ik niet.", "login_hint": False}, status=404)
    data = await request.post()
    person, now = visitor(request).person, d.now()
    ctx = d.engine.context()
    ref = incident["ref"]

    if form == "ack":
        return await finish(request, ctx, ref, actions.acknowledge(ctx, person, incident))
    if form == "own":
        return await finish(request, ctx, ref, actions.take_ownership(ctx, person, incident))
    if form == "note":
        text = " ".join(str(data.get("text", "")).split())
        problem = check("note", text)
        if problem:
            return again(request, incident, "note", {"text": problem}, {"text": text})
        return await finish(request, ctx, ref, actions.note(ctx, person, incident, text))
    if form == "informed":
        value = str(data.get("informed", ""))
        if value not in INFORMED_TEXT:
            return again(request, incident, "informed", {"informed": "Kies een van de mogelijkheden."}, {})
        return await finish(request, ctx, ref, actions.inform(ctx, person, incident, value))
    if form == "close" and not (incident["decision"] and incident["status"] != "closed"
                                and actions.needs_close_reason(incident)):
        return await finish(request, ctx, ref, actions.close(ctx, person, incident))

    # the decisions, and closing with a reason: check, confirm on a second form, then record
    if form in ("reported", "not_reportable") and (already := actions.decided_already(incident)):
        return await finish(request, ctx, ref, already)
    if form == "correct" and (not incident["decision"] or incident["status"] == "closed"):
        nothing = actions.Outcome(False, f"{ref} heeft geen open besluit om te corrigeren.")
        return await finish(request, ctx, ref, nothing)
    answers, errors, decision = answers_for(form, data, incident, now)
    if errors:
        return again(request, incident, form, errors, {**answers, "decision": data.get("decision", "")})
    if data.get("confirm") != CONFIRMED:
        state = {"ref": ref, "action": form, "decision": decision, "answers": answers}
        return render(request, "confirm.html", {
            "page": "incident", "ref": ref, "action_word": request.match_info["action"],
            "summary": prompts.summary(state).removesuffix("\nKlopt dit?").split("\n"),
            "hidden": {**answers, **({"decision": decision} if form == "correct" else {})},
        })
    if form == "close":
        outcome = actions.close(ctx, person, incident, answers["close_reason"])
    else:
        outcome = actions.decide(ctx, person, incident, decision, ap_reference=answers.get("ap_reference"),
                                 delay_reason=answers.get("delay_reason"), reason=answers.get("reason"),
                                 correcting=form == "correct")
    return await finish(request, ctx, ref, outcome)


def plain(text: str) -> str:
    """The chat's outcome without its leading emoji (a browser may lack the font; the words say it)."""
    start = next((i for i, c in enumerate(text) if c.isalnum()), 0)
    return text[start:]


def again(request: web.Request, incident: dict, form: str, errors: dict, values: dict) -> web.Response:
    """The incident page once more, with the form's problems beside its fields (nothing recorded)."""
    d = the_desk(request)
    context = incident_context(d, incident, d.now())
    context.update(errors={f"{form}.{k}": v for k, v in errors.items()},
                   values={f"{form}.{k}": v for k, v in values.items()}, open_form=form)
    return render(request, "incident.html", context, status=400)


async def finish(request: web.Request, ctx, ref: str, outcome: actions.Outcome) -> web.Response:
    """Tell the engine's subscribers (the reminders re-read the incident), keep the outcome to show."""
    d = the_desk(request)
    await d.engine.publish(ctx.events)
    messages = ([STRIPPED] if outcome.stripped else []) + [plain(outcome.text)]
    desk.set_flash(d.store, visitor(request).session, messages)
    return redirect(f"/incidenten/{ref}#uitkomst")
