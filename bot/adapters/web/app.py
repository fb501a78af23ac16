"""The desk's aiohttp application: routes, login by single-use link, sessions, CSRF and headers.

Who may enter: only a person the config gives a role (CISO, FG, deputy), with a live session. A
session starts from a link made by `/desk` in a private chat or `python -m bot desk-link`: opening
the link shows a button, and only pressing it (a POST) uses the link, so a link preview that
fetches the URL does not burn it. The cookie is HttpOnly, SameSite=Strict, Secure behind HTTPS, and
the session ends after eight hours. Every form carries a CSRF token derived from the session (an
HMAC of the session id, which only the browser's cookie holds). Everyone else gets 403.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
from dataclasses import dataclass
from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web

from bot.adapters.web import words
from storage import desk

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
COOKIE = "desk_session"
PUBLIC = ("/healthz", "/uitgelogd", "/favicon.ico")
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


@dataclass
class Desk:
    """What the pages need from the bot's app: its store, config, clock and engine."""

    app: object  # bot.app.App

    @property
    def store(self):
        return self.app.store

    @property
    def config(self):
        return self.app.config

    @property
    def engine(self):
        return self.app.engine

    def now(self):
        return self.app.engine.clock()

    @property
    def secure(self) -> bool:
        if self.config.web_secure is not None:
            return bool(self.config.web_secure)
        return (self.config.web_base_url or "").startswith("https://")


@dataclass(frozen=True)
class Visitor:
    """Who is logged in on this request: the person key, the session id (from the cookie), its CSRF token."""

    person: str
    session: str
    csrf: str


DESK = web.AppKey("desk", Desk)
_RequestKey = getattr(web, "RequestKey", None)  # aiohttp >= 3.12; a plain string before
VISITOR = _RequestKey("visitor", Visitor) if _RequestKey else "visitor"


def visitor(request: web.Request) -> Visitor | None:
    return request.get(VISITOR)


def csrf_token(session: str) -> str:
    return hmac.new(session.encode(), b"desk-csrf", hashlib.sha256).hexdigest()


def the_desk(request: web.Request) -> Desk:
    return request.app[DESK]


# -- rendering ---------------------------------------------------------------------------------
NAV = [("/", "Open incidenten", "list"), ("/register", "Register", "register"),
       ("/statistieken", "Statistieken", "stats")]


def render(request: web.Request, template: str, context: dict, status: int = 200) -> web.Response:
    """A page with what every page shows: who is logged in, the CSRF token, the menu and messages."""
    d = the_desk(request)
    now = d.now()
    who = visitor(request)
    session = who.session if who else None
    base = {
        "person": who.person if who else None,
        "person_text": words.actor_text(who.person, d.config) if who else None,
        "csrf": who.csrf if who else None,
        "now_iso": now.isoformat(timespec="seconds"),
        "now_text": words.long(now),
        "organisation": d.config.organisation,
        "nav": NAV,
        "flash": desk.take_flash(d.store, session) if session and request.method == "GET" else [],
    }
    return aiohttp_jinja2.render_template(template, request, {**base, **context}, status=status)


def refuse(request: web.Request, why: str, status: int = 403) -> web.Response:
    """403 with a Dutch explanation (no login, no role, a bad or used link, a form without CSRF)."""
    texts = {
        "login": ("Niet ingelogd", "Deze pagina is alleen voor de CISO, de FG en hun plaatsvervangers. Vraag in een "
                  "privégesprek met de bot een inloglink met /desk."),
        "role": ("Geen toegang", "De desk is alleen voor de CISO, de FG en hun plaatsvervangers."),
        "csrf": ("Formulier geweigerd", "Dit formulier mist een geldige beveiligingscode (CSRF). Open de pagina "
                 "opnieuw en probeer het nog eens; er is niets vastgelegd."),
        "used": ("Link al gebruikt", "Deze inloglink is al gebruikt. Een link werkt maar één keer: vraag een nieuwe "
                 "met /desk in een privégesprek met de bot."),
        "expired": ("Link verlopen", f"Deze inloglink is verlopen (hij werkt {desk.LINK_MINUTES} minuten). Vraag een "
                    "nieuwe met /desk in een privégesprek met de bot."),
        "unknown": ("Onbekende link", "Deze inloglink ken ik niet. Vraag een nieuwe met /desk in een privégesprek met "
                    "de bot."),
    }
    title, text = texts[why]
    return render(request, "error.html", {"title": title, "text": text, "login_hint": why != "csrf"}, status=status)


def redirect(location: str) -> web.Response:
    """303 See Other: after a form, the browser fetches the page anew (post/redirect/get)."""
    return web.Response(status=303, headers={"Location": location})


def not_found(request: web.Request, text: str = "Deze pagina bestaat niet.") -> web.Response:
    return render(request, "error.html", {"title": "Niet gevonden", "text": text, "login_hint": False}, status=404)


# -- middleware --------------------------------------------------------------------------------
@web.middleware
async def security_headers(request: web.Request, handler):
    try:
        response = await handler(request)
    except web.HTTPNotFound:
        response = not_found(request)
    except web.HTTPMethodNotAllowed:
        response = render(request, "error.html", {"title": "Niet toegestaan",
                                                  "text": "Deze handeling kan zo niet.", "login_hint": False},
                          status=405)
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if not request.path.startswith("/static/"):
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def is_public(path: str) -> bool:
    return path in PUBLIC or path.startswith("/static/") or path.startswith("/login/")


@web.middleware
async def authenticate(request: web.Request, handler):
    if is_public(request.path):
        return await handler(request)
    d = the_desk(request)
    session = request.cookies.get(COOKIE)
    person = desk.session_person(d.store, session, d.now()) if session else None
    if person is None:
        return refuse(request, "login")
    if not d.config.roles_of(person):
        return refuse(request, "role")
    request[VISITOR] = who = Visitor(person, session, csrf_token(session))
    if request.method not in ("GET", "HEAD"):
        form = await request.post()
        if not hmac.compare_digest(str(form.get("csrf", "")).encode(), who.csrf.encode()):
            log.warning("desk: a form without a valid CSRF token from %s was refused", person)
            return refuse(request, "csrf")
    return await handler(request)


# -- login, logout, health --------------------------------------------------------------------
async def healthz(request: web.Request) -> web.Response:
    """Without login: is the clock alive (heartbeat, late pings)? 503 when not, for a monitoring check."""
    from bot.reminders.status import status

    d = the_desk(request)
    found = status(d.store, d.config, d.now())
    return web.json_response(found.to_dict(), status=200 if found.ok else 503)


async def login_page(request: web.Request) -> web.Response:
    d = the_desk(request)
    state, person = desk.token_state(d.store, request.match_info["token"], d.now())
    if state != "valid":
        return refuse(request, state)
    if not d.config.roles_of(person):
        return refuse(request, "role")
    return render(request, "login.html", {"who": words.actor_text(person, d.config),
                                          "minutes": desk.LINK_MINUTES, "hours": desk.SESSION_HOURS})


async def login(request: web.Request) -> web.Response:
    d = the_desk(request)
    token = request.match_info["token"]
    now = d.now()
    state, _ = desk.token_state(d.store, token, now)
    person = desk.use_login_token(d.store, token, now)
    if person is None:
        return refuse(request, state if state != "valid" else "used")
    if not d.config.roles_of(person):
        return refuse(request, "role")
    session = desk.create_session(d.store, person, now, user_agent=request.headers.get("User-Agent"))
    log.info("desk: %s logged in", person)
    response = redirect("/")
    response.set_cookie(COOKIE, session, max_age=desk.SESSION_HOURS * 3600, httponly=True, samesite="Strict",
                        secure=d.secure, path="/")
    return response


async def logout(request: web.Request) -> web.Response:
    d = the_desk(request)
    desk.end_session(d.store, visitor(request).session, d.now())
    response = redirect("/uitgelogd")
    response.del_cookie(COOKIE, path="/")
    return response


async def logged_out(request: web.Request) -> web.Response:
    return render(request, "error.html", {"title": "Uitgelogd", "text": "Je bent uitgelogd van de desk.",
                                          "login_hint": True})


# -- the application ---------------------------------------------------------------------------
def create_app(bot_app) -> web.Application:
    """The desk for `bot_app` (bot.app.App): same store, config, clock and engine as the chat."""
    from bot.adapters.web import drafts, exports, forms, pages

    application = web.Application(middlewares=[security_headers, authenticate], client_max_size=64 * 1024)
    application[DESK] = Desk(bot_app)
    env = aiohttp_jinja2.setup(application, loader=jinja2.FileSystemLoader(str(HERE / "templates")),
                               autoescape=jinja2.select_autoescape(["html"], default=True),
                               trim_blocks=True, lstrip_blocks=True)
    env.globals.update(short=words.short, long=words.long)
    r = application.router
    r.add_get("/healthz", healthz)
    r.add_get("/login/{token}", login_page)
    r.add_post("/login/{token}", login)
    r.add_post("/uitloggen", logout)
    r.add_get("/uitgelogd", logged_out)
    r.add_get("/", pages.open_list)
    r.add_get("/register", pages.register)
    r.add_get("/statistieken", pages.statistics)
    r.add_get(r"/incidenten/{ref:DL-\d{4}-\d{4}}", pages.incident)
    r.add_post(r"/incidenten/{ref:DL-\d{4}-\d{4}}/{action}", forms.act)
    r.add_get(r"/incidenten/{ref:DL-\d{4}-\d{4}}/ap-melding", drafts.ap_draft)
    r.add_get(r"/incidenten/{ref:DL-\d{4}-\d{4}}/brief-betrokkenen", drafts.letter)
    r.add_get(r"/incidenten/{ref:DL-\d{4}-\d{4}}/vervolgmelding", drafts.follow_up)
    r.add_get("/export/register.csv", exports.register_csv)
    r.add_get("/export/register.xlsx", exports.register_xlsx)
    r.add_get("/export/events.jsonl", exports.events_jsonl)
    r.add_static("/static", str(HERE / "static"))
    return application
