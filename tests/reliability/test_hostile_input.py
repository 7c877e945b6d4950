"""Hostile input, generated: whatever people type, the bot answers calmly and never
turns their text into a mention or markup.

Most inputs go through the fast, pure layers (routing, option/owner/id parsing, plain-text
rendering); dates get fewer (dateparser is slow); a few thousand go through the whole
``app.handle`` on SQLite. The run prints how many were generated in total.
"""

from __future__ import annotations

import asyncio
import html
import itertools
import re
from datetime import UTC, datetime
from urllib.parse import quote

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.arguments import parse_ref
from bot.app import BotApp, build_router
from bot.context import Context
from bot.dates import DateReader
from bot.errors import UsageError
from bot.i18n import I18n
from bot.messages import Action, Field, Incoming, Link, ListItem, Mention, Reply
from bot.plaintext import render
from handlers.common import parse_owners, split_options
from handlers.pathfinder import split_country_and_field
from tests.conftest import MovableClock, make_settings
from tests.reliability.injection import assert_no_injection

HOSTILE = [
    "<!channel>", "<!here>", "<!everyone>", "<@U123>", "<@U123|bob>", "<#C123|general>", "<!subteam^S1|team>",
    "@room", "@channel", "@here", "@everyone", "@Room:", "<script>alert(1)</script>", "<b>bold</b>",
    "<a href=\"javascript:alert(1)\">x</a>", "<img src=x onerror=alert(1)>", "<https://evil.example|click>",
    "'; DROP TABLE action_item; --", "1 OR 1=1", "\" OR \"\"=\"", "%s", "%(name)s", "%d", "{}", "{0}", "{name}",
    "{ref}", "{0.__class__}", "{n:>99999}", "\x00", "\x1b[31m", "\u202e", "\u200b", "\ufeff", "\r\n", "\t",
    "A1", "a999999999", "A0", "#12", "E1", "owner", "owners", "due", "group", "on", "at", "à", "en", "le",
    "tentative", "me", "@alice", "Nepal", "Côte d'Ivoire", "14 May 2019", "next Friday", "31 February",
    "9999-99-99", "status", "workshop", "focal-point", "\\", "`", "*bold*", "_it_", "~s~", "&amp;",
    "&lt;!channel&gt;", "https://example.org/?a=1&b=2", "!action", "/action", "ﷺ", "🤖", "𝔘𝔫𝔦", "ǅ",
    "İ", "ß", "\U0010ffff", "\ud7ff",
    # owners that try to close a mention and open a broadcast or a forged link, typed and as Slack sends them
    "@x> <!channel> <https://evil.example|click>", "@x&gt; &lt;!channel&gt; &lt;https://evil.example|click&gt;",
    "<@U1> <!here>", "<@matrix:@a:example.org|x> @room", "@bob:example.org", "U0BEN", "@U0BEN",
    # links that are not web addresses
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:x",
    "https://evil.example|click", "https://ok.example/\x1b]0;x\x07",
    # control characters: terminal title, bell, CSI (7- and 8-bit), DEL
    "\x1b]0;owned\x07", "\x07", "\x9b31m", "\x7f", "\x08\x08\x08",
    # invalid UTF-8 as it arrives once decoded: replacement characters, or lone surrogates (surrogateescape)
    b"caf\xe9 \xff\xfe".decode("utf-8", "replace"), b"caf\xe9 \xff".decode("utf-8", "surrogateescape"), "\udcff",
]

token = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=12),
    st.text(alphabet=st.characters(max_codepoint=0x7f), max_size=12),
    st.integers(-10, 10**12).map(str),
)
known = st.sampled_from(HOSTILE)
# fixed-shape mixes are much cheaper to generate than lists, so most texts are those
short = [
    st.tuples(known, st.text(max_size=16), known, known).map(" ".join),
    st.tuples(st.text(max_size=8), known, st.text(max_size=8)).map("".join),
    st.text(max_size=40),
    st.tuples(known, known).map(" ".join),
    st.lists(token, max_size=10).map(" ".join),
]
phrase = st.one_of(*short)
huge = st.builds(lambda piece, n: (piece + " ") * n, known, st.integers(200, 1200)).map(lambda text: text[:10_000])
hostile_text = st.one_of(*short, *short, huge)  # about one in eleven is huge
batch = st.lists(hostile_text, min_size=8, max_size=20)

FAST = dict(deadline=None, database=None, suppress_health_check=list(HealthCheck))

ROUTER = build_router()
KEYWORD_SETS = [
    (("owners", "owner", "due", "group"), ()),
    (("group", "owner"), ()),
    (("at", "à", "en", "group"), ("at", "à", "en")),
]


#: the speaker on each platform, by an id of the form the platform really gives ("me" is read as them)
SPEAKERS = {"slack": "slack:U1", "matrix": "matrix:@u1:example.org", "console": "console:U1"}


def context(platform: str = "slack") -> Context:
    return Context(
        incoming=Incoming(platform=platform, user_id=SPEAKERS[platform], channel_id=f"{platform}:C1", text=""),
        session=None,  # the pure layers never touch it
        settings=make_settings("sqlite+aiosqlite://", "/nonexistent"),
        now=datetime(2026, 11, 24, 9, 0, tzinfo=UTC),
        tr=I18n().get("en"),
        tz="Europe/Zurich",
        dates=DateReader(),
    )


def test_routing_never_fails_on_any_text(generated):
    @settings(max_examples=4000, **FAST)
    @given(batch)
    def check(texts):
        for text in texts:
            for prefix, bare in (("!", False), ("!", True), ("", True)):
                found = ROUTER.command_name(text, prefix, bare_words=bare)
                assert found is None or isinstance(found[0], str)
            for name in ROUTER.commands:
                try:
                    ROUTER.resolve(name, text)
                except UsageError:
                    pass
            try:
                ROUTER.resolve(text[:50], text)
            except UsageError:
                pass
        generated["routing"] += len(texts)

    check()


def test_options_owners_and_ids_parse_or_give_a_usage_error(generated):
    contexts = [context("slack"), context("matrix"), context("console")]

    @settings(max_examples=3000, **FAST)
    @given(batch, st.sampled_from(contexts))
    def check(texts, ctx):
        for text in texts:
            for keywords, repeatable in KEYWORD_SETS:
                try:
                    head, options = split_options(ctx, text, keywords, repeatable)
                    assert isinstance(head, str) and all(isinstance(v, str) for v in options.values())
                except UsageError:
                    pass
            for parse in (lambda t: parse_owners(t, ctx), lambda t: parse_ref(ctx, t, "A"),
                          lambda t: parse_ref(ctx, t, "E"), lambda t: split_country_and_field(ctx, t)):
                try:
                    parse(text)
                except UsageError:
                    pass
        generated["parsing"] += len(texts)

    check()


def test_dates_read_or_give_a_usage_error(generated):
    ctx = context()
    @settings(max_examples=2000, **FAST)
    @given(st.one_of(*short, huge.map(lambda t: t[:3000])), st.booleans())
    @example("EL 0", False)  # "the 0th" of a month: found by this test once, a traceback until fixed
    def check(text, prefer_future):
        try:
            when = ctx.read_date(text, prefer_future=prefer_future)
            assert when.start is not None
        except UsageError:
            pass
        generated["dates"] += 1

    check()


def reply_from(texts: list[str]) -> Reply:
    """A reply with user text in every place a handler may put it."""
    pieces = itertools.cycle(texts)

    def spans() -> tuple:
        return (next(pieces), Link("https://example.org", next(pieces)), Mention("slack:U42", "alice"), next(pieces))

    return Reply(
        title=next(pieces),
        body=(spans(),),
        fields=(Field(next(pieces), spans()),),
        items=(ListItem(spans(), spans()),),
        more=2,
        more_hint=next(pieces),
        actions=(Action(next(pieces), "action_done", "A1"),),
        footer=next(pieces),
    )


def test_plain_text_never_turns_user_text_into_a_mention(generated):
    @settings(max_examples=3000, **FAST)
    @given(batch)
    def check(texts):
        assert_no_injection(render(reply_from(texts)), "plain")
        for text in texts:
            assert_no_injection(render(Reply(title=text, body=((text,),))), "plain")
        generated["plain rendering"] += len(texts)

    check()


def test_mentions_the_bot_makes_still_read_as_names():
    reply = Reply(body=((Mention("slack:U42", "alice"), " owns <!channel> and @room"),))
    text = render(reply)
    assert text.startswith("@alice owns ")
    assert_no_injection(text, "plain")
    assert text.replace("\u2060", "") == "@alice owns <!channel> and @room"


def command_phrases() -> list[str]:
    phrases = []
    for command in ROUTER.commands.values():
        phrases.append(command.name)
        for sub in [*command.subcommands, *command.aliases]:
            phrases.append(f"{command.name} {sub}".strip())
    return phrases


PHRASES = command_phrases()


@st.composite
def incoming_messages(draw) -> Incoming:
    platform = draw(st.sampled_from(["console", "slack", "matrix"]))
    user = draw(st.sampled_from(["alice", "bob", "admin"]))
    args = draw(hostile_text)
    kind = draw(st.sampled_from(["prefixed", "prefixed", "bare", "slash", "question"]))
    command = None
    if kind == "prefixed":
        text = f"!{draw(st.sampled_from(PHRASES))} {args}"
    elif kind == "bare":
        text = f"{draw(st.sampled_from(PHRASES))} {args}"
    elif kind == "slash":
        name, _, rest = draw(st.sampled_from(PHRASES)).partition(" ")
        command, text = name, f"{rest} {args}".strip()
    else:
        text = args
    return Incoming(
        platform=platform, user_id=f"{platform}:{user}", user_name=user, channel_id=f"{platform}:C1", text=text,
        is_direct=draw(st.booleans()), mentions_bot=draw(st.booleans()), command=command,
        locale=draw(st.sampled_from([None, "en", "fr-FR", "es", "de", "xx-YY", "\x00", "<!channel>"])),
        timezone=draw(st.sampled_from([None, "America/New_York", "Mars/Olympus", "../../etc/passwd", ""])),
        permalink=draw(st.none() | st.just("https://example.org/<!channel>")),
    )


def test_the_whole_bot_answers_hostile_messages_calmly(tmp_path, generated):
    settings_ = make_settings(f"sqlite+aiosqlite:///{tmp_path}/hostile.db", tmp_path)
    settings_.bot.admins.extend(["slack:admin", "matrix:admin"])
    with asyncio.Runner() as runner:
        app = BotApp(settings_, clock=MovableClock(datetime(2026, 11, 24, 9, 0, tzinfo=UTC)))
        runner.run(app.start())
        try:
            @settings(max_examples=2000, **FAST)
            @given(incoming_messages())
            def check(incoming):
                for reply in runner.run(app.handle(incoming)):
                    text = render(reply)
                    assert "Something went wrong" not in text, f"unhandled error for {incoming.text[:200]!r}"
                    assert_no_injection(text, "plain")
                generated["app.handle"] += 1

            check()
            assert app.metrics.value("alliance_bot_commands_total", {"command": "unknown", "outcome": "error"}) == 0
        finally:
            runner.run(app.close())


# ---------------------------------------------------------------- the Slack and Matrix renderers

SLACK_MENTION = "slack:U42"
MATRIX_MENTION = "matrix:@alice:example.org"
MADE_BY_BOT_SLACK = ("<@U42>", "<https://example.org|")  # the bot's own mention and link (label follows)
MADE_BY_BOT_MATRIX = ('<a href="https://matrix.to/#/@alice:example.org">', '<a href="https://example.org">')


def hostile_reply(texts: list[str]) -> Reply:
    """User text everywhere a reply has text, next to the bot's own mentions and links; two
    text spans side by side, so a mention cannot be made of one span's end and the next's start."""
    pieces = itertools.cycle(texts)

    def spans() -> tuple:
        return (next(pieces), next(pieces), Link("https://example.org", next(pieces)), Mention(SLACK_MENTION, next(pieces)),
                next(pieces), Mention(MATRIX_MENTION, next(pieces)), Link(next(pieces), next(pieces)), next(pieces),
                # owners stored from what people typed: the id itself is user text
                Mention("slack:" + next(pieces)), Mention("matrix:" + next(pieces)), Mention("console:" + next(pieces)))

    return Reply(
        title=next(pieces),
        body=(spans(), spans()),
        fields=(Field(next(pieces), spans()), Field(next(pieces), (next(pieces),))),
        items=(ListItem(spans(), spans()), ListItem((next(pieces),), ())),
        more=3,
        more_hint=next(pieces),
        actions=(Action(next(pieces), "action_done", "A1"),),
        footer=next(pieces),
    )


def mrkdwn_texts(node) -> list[str]:
    """Every mrkdwn text in a Block Kit payload; everything else must be plain_text (never parsed)."""
    found = []
    if isinstance(node, dict):
        if node.get("type") == "mrkdwn":
            found.append(node["text"])
        elif "text" in node and isinstance(node["text"], str):
            assert node.get("type") == "plain_text", node
        for value in node.values():
            found.extend(mrkdwn_texts(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(mrkdwn_texts(value))
    return found


def test_slack_blocks_and_fallback_never_turn_user_text_into_a_mention_or_a_link(generated):
    from bot.adapters.slack import render as slack

    @settings(max_examples=1000, **FAST)
    @given(batch)
    def check(texts):
        # a user text that is an address becomes a link on purpose: the bot made that one
        # (a Link span whose address is safe renders as <address|label>, the label escaped)
        safe = [slack.escape_url(t.strip()) for t in texts if slack._SAFE_URL.match(t.strip())]
        links = [*(f"<{u}>" for u in safe), *(f"<{u}|" for u in safe)]
        # a typed id that is a real Slack user id is a person: the one way a mention is made
        people = [f"<@{t}>" for t in texts if Mention("slack:" + t).valid]
        allowed = (*MADE_BY_BOT_SLACK, *links, *people)
        for reply in (hostile_reply(texts), Reply(title=texts[0], body=((texts[-1],),), footer=texts[1])):
            for text in mrkdwn_texts(slack.to_dicts(slack.render_blocks(reply))):
                assert_no_injection(text, "slack", allowed=allowed)
            assert_no_injection(slack.fallback_text(reply), "slack", allowed=allowed)
        generated["Slack rendering"] += len(texts)

    check()


def test_matrix_html_and_body_never_turn_user_text_into_markup_or_a_room_ping(generated):
    from bot.adapters.matrix.adapter import MatrixRenderer

    @settings(max_examples=1000, **FAST)
    @given(batch)
    def check(texts):
        for reply in (hostile_reply(texts), Reply(title=texts[0], body=((texts[-1],),), footer=texts[1])):
            renderer = MatrixRenderer(name_of=lambda user: user, allow_room_mentions=False, prefix="!",
                                      more_label=lambda n: f"and {n} more")
            body, formatted = renderer.render(reply)
            # a Link span whose address a user typed is still a link the bot made, when it is one
            links = [f'<a href="{html.escape(t)}">' for t in texts if re.match(r"(?i)(https?://|mailto:)\S+$", t)]
            people = [t for t in texts if Mention("matrix:" + t).valid]
            pills = [f'<a href="https://matrix.to/#/{quote(t, safe="@:")}">' for t in people]
            assert_no_injection(formatted, "matrix", allowed=(*MADE_BY_BOT_MATRIX, *links, *pills))
            assert_no_injection(body, "plain")
            assert not renderer.room_mention
            assert renderer.mentions <= {"@alice:example.org", *people}
        generated["Matrix rendering"] += len(texts)

    check()


# ---------------------------------------------------------------- owners and links, typed on each platform

def test_me_is_the_speaker_as_a_real_person_on_every_platform():
    for platform, speaker in SPEAKERS.items():
        for word in ("me", "ME", "moi", "@me"):
            assert parse_owners(word, context(platform)) == [(speaker, True)]
            assert Mention(speaker).valid


def test_owners_are_real_people_or_text_on_every_renderer(generated):
    from bot.adapters.matrix.adapter import MatrixRenderer
    from bot.adapters.slack import render as slack
    from handlers.common import owners_text

    contexts = [context("slack"), context("matrix"), context("console")]

    class Owner:
        def __init__(self, owner, is_person):
            self.owner, self.is_person = owner, is_person

    @settings(max_examples=600, **FAST)
    @given(batch, st.sampled_from(contexts))
    def check(texts, ctx):
        for text in texts:
            try:
                owners = parse_owners(text, ctx)
            except UsageError:
                continue
            for owner, is_person in owners:
                # a person is a well-formed id of a real platform user, never a piece of typed markup
                assert not is_person or Mention(owner).valid, (text, owner)
            reply = Reply(body=(owners_text(ctx, [Owner(o, p) for o, p in owners]),))
            people = [f"<@{Mention(o).native_id}>" for o, p in owners if p and o.startswith("slack:")]
            # an organisation written as a bare web address is shown as that address (never with another label)
            shown_as_is = [f"<{slack.escape_url(o.strip())}>" for o, p in owners
                           if not p and slack._SAFE_URL.match(o.strip())]
            for block_text in mrkdwn_texts(slack.to_dicts(slack.render_blocks(reply))):
                assert_no_injection(block_text, "slack", allowed=(*people, *shown_as_is))
            renderer = MatrixRenderer(name_of=lambda user: user, allow_room_mentions=False, prefix="!",
                                      more_label=lambda n: f"and {n} more")
            body, formatted = renderer.render(reply)
            pills = [f'<a href="https://matrix.to/#/{quote(Mention(o).native_id, safe="@:")}">'
                     for o, p in owners if p and o.startswith("matrix:")]
            assert_no_injection(formatted, "matrix", allowed=pills)
            assert_no_injection(body, "plain")
            assert_no_injection(render(reply), "plain")
        generated["owners"] += len(texts)

    check()


def test_only_http_links_are_accepted(generated):
    from handlers.common import check_link

    ctx = context()

    @settings(max_examples=600, **FAST)
    @given(batch)
    def check(texts):
        for text in texts:
            try:
                link = check_link(ctx, text)
            except UsageError:
                continue
            assert link == "" or re.fullmatch(r"https?://[^\s<>|]+", link, re.IGNORECASE), link
        generated["links"] += len(texts)

    check()


def test_control_characters_and_invalid_utf8_never_reach_the_console_or_the_database(tmp_path, generated):
    import io

    from bot.adapters.console import ConsoleAdapter
    from bot.messages import CONTROL_CHARS

    settings_ = make_settings(f"sqlite+aiosqlite:///{tmp_path}/controls.db", tmp_path)
    with asyncio.Runner() as runner:
        app = BotApp(settings_, clock=MovableClock(datetime(2026, 11, 24, 9, 0, tzinfo=UTC)))
        runner.run(app.start())
        try:
            @settings(max_examples=300, **FAST)
            @given(st.binary(max_size=60), st.sampled_from(["!action add ", "!event add ", "!tz ", "", "!action assign A1 "]))
            def check(raw, command):
                text = command + raw.decode("utf-8", "replace")
                out = io.StringIO()
                console = ConsoleAdapter(user="alice", jsonl=False, stdout=out, i18n=app.i18n)
                replies = runner.run(app.handle(Incoming(platform="console", user_id="console:alice",
                                                         channel_id="console:@alice", text=text, is_direct=True)))
                console.write(text, replies)
                assert not CONTROL_CHARS.search(out.getvalue()), repr(out.getvalue())
                for reply in replies:
                    assert "Something went wrong" not in render(reply)
                generated["control characters"] += 1

            check()
        finally:
            runner.run(app.close())
