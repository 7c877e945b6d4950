"""Slack views: the "new action item" / "new event" modals and the App Home tab."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    DatePickerElement,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    StaticSelectElement,
    TimePickerElement,
    UserMultiSelectElement,
)
from slack_sdk.models.blocks.basic_components import MarkdownTextObject
from slack_sdk.models.blocks.blocks import ContextBlock
from slack_sdk.models.views import View

from bot.adapters.slack.render import MAX_VIEW_BLOCKS, plain, render_blocks
from bot.messages import Reply

ACTION_MODAL = "action_item_modal"
EVENT_MODAL = "event_modal"
PROFILE_MODAL = "profile_modal"
PROFILE_FIELDS = ("organisation", "countries", "themes", "languages", "role", "about")
NEW_ACTION_BUTTON = "ui_new_action"
NEW_EVENT_BUTTON = "ui_new_event"

T = Callable[..., str]


def _group_select(t: T, groups: list[tuple[str, str]]) -> InputBlock | None:
    if not groups:
        return None
    options = [Option(value=key[:150], text=plain(name, 75)) for key, name in groups[:100]]
    return InputBlock(
        block_id="group",
        label=PlainTextObject(text=t("Group")),
        element=StaticSelectElement(action_id="value", placeholder=PlainTextObject(text=t("Choose a group")),
                                    options=options),
        optional=True,
    )


def action_item_modal(t: T, groups: list[tuple[str, str]], *, channel: str, text: str = "",
                      permalink: str = "") -> dict:
    blocks: list[Block] = [
        InputBlock(block_id="text", label=PlainTextObject(text=t("What needs doing?")),
                   element=PlainTextInputElement(action_id="value", multiline=True, initial_value=text[:3000] or None,
                                                 max_length=2000)),
        InputBlock(block_id="owners", label=PlainTextObject(text=t("Owners")),
                   element=UserMultiSelectElement(action_id="value",
                                                  placeholder=PlainTextObject(text=t("Choose people"))),
                   optional=True),
        InputBlock(block_id="orgs", label=PlainTextObject(text=t("Organisations")),
                   element=PlainTextInputElement(action_id="value", placeholder=PlainTextObject(
                       text=t("e.g. Secretariat, UNICEF"))),
                   optional=True),
        InputBlock(block_id="due", label=PlainTextObject(text=t("Due")),
                   element=DatePickerElement(action_id="value"), optional=True),
    ]
    group = _group_select(t, groups)
    if group:
        blocks.append(group)
    return View(
        type="modal",
        callback_id=ACTION_MODAL,
        title=PlainTextObject(text=plain(t("New action item"), 24)),
        submit=PlainTextObject(text=plain(t("Save"), 24)),
        close=PlainTextObject(text=plain(t("Cancel"), 24)),
        private_metadata=json.dumps({"channel": channel, "permalink": permalink}),
        blocks=blocks,
    ).to_dict()


def event_modal(t: T, groups: list[tuple[str, str]], *, channel: str) -> dict:
    blocks: list[Block] = [
        InputBlock(block_id="title", label=PlainTextObject(text=t("Title")),
                   element=PlainTextInputElement(action_id="value", max_length=2000)),
        InputBlock(block_id="date", label=PlainTextObject(text=t("Date")),
                   element=DatePickerElement(action_id="value")),
        InputBlock(block_id="time", label=PlainTextObject(text=t("Time")),
                   element=TimePickerElement(action_id="value"), optional=True),
        InputBlock(block_id="place", label=PlainTextObject(text=t("Place")),
                   element=PlainTextInputElement(action_id="value"), optional=True),
    ]
    group = _group_select(t, groups)
    if group:
        blocks.append(group)
    return View(
        type="modal",
        callback_id=EVENT_MODAL,
        title=PlainTextObject(text=plain(t("New event"), 24)),
        submit=PlainTextObject(text=plain(t("Save"), 24)),
        close=PlainTextObject(text=plain(t("Cancel"), 24)),
        private_metadata=json.dumps({"channel": channel}),
        blocks=blocks,
    ).to_dict()


def profile_modal(t: T, *, channel: str) -> dict:
    """The member's profile as a form: each field optional; one left empty keeps what is there."""
    hints = {"organisation": t("e.g. ILO"), "countries": t("e.g. Nepal, Viet Nam"),
             "themes": t("e.g. child labour, forced labour"), "languages": t("e.g. English, French"),
             "role": t("e.g. national focal point"), "about": ""}
    labels = {"organisation": t("Organisation"), "countries": t("Countries"), "themes": t("Themes"),
              "languages": t("Languages"), "role": t("Role"), "about": t("About")}
    blocks: list[Block] = [
        InputBlock(block_id=name, label=PlainTextObject(text=labels[name]), optional=True,
                   element=PlainTextInputElement(action_id="value", multiline=name == "about",
                                                 max_length=1000 if name == "about" else 200,
                                                 placeholder=PlainTextObject(text=hints[name]) if hints[name] else None))
        for name in PROFILE_FIELDS]
    return View(
        type="modal", callback_id=PROFILE_MODAL, title=PlainTextObject(text=plain(t("Your profile"), 24)),
        submit=PlainTextObject(text=plain(t("Save"), 24)), close=PlainTextObject(text=plain(t("Cancel"), 24)),
        private_metadata=json.dumps({"channel": channel}), blocks=blocks).to_dict()


def profile_form(values: dict) -> dict:
    return {name: _value(values, name) for name in PROFILE_FIELDS if _value(values, name)}


def _value(values: dict, block: str):
    element = (values.get(block) or {}).get("value") or {}
    kind = element.get("type")
    if kind == "plain_text_input":
        return (element.get("value") or "").strip()
    if kind == "datepicker":
        return element.get("selected_date") or ""
    if kind == "timepicker":
        return element.get("selected_time") or ""
    if kind == "static_select":
        return ((element.get("selected_option") or {}).get("value")) or ""
    if kind == "multi_users_select":
        return element.get("selected_users") or []
    return element.get("value") or ""


def field_of(error: str, values: dict, primary: str) -> str:
    """The form field a refusal is about: the one whose typed value it quotes, else ``primary``."""
    for block in values:
        typed = _value(values, block)
        if block == primary or not isinstance(typed, str) or not typed:
            continue
        pieces = [typed, *(p.strip() for p in re.split(r"[,;]", typed) if len(p.strip()) >= 3)]
        if any(p.lower() in error.lower() for p in pieces):
            return block  # the whole value, or one of a list of names, quoted in the refusal
    return primary


def action_item_form(values: dict) -> dict:
    """The modal's answers in the shape the action handler reads (``Incoming.form``)."""
    owners = [f"<@slack:{u}>" for u in _value(values, "owners")]
    orgs = [o.strip() for o in str(_value(values, "orgs")).split(",") if o.strip()]
    form = {"text": _value(values, "text"), "owner": ", ".join(owners + orgs), "due": _value(values, "due"),
            "group": _value(values, "group")}
    return {k: v for k, v in form.items() if v or k == "text"}


def event_form(values: dict) -> dict:
    form = {"title": _value(values, "title"), "date": _value(values, "date"), "time": _value(values, "time"),
            "place": _value(values, "place"), "group": _value(values, "group")}
    return {k: v for k, v in form.items() if v or k in ("title", "date")}


def home_view(t: T, sections: list[Reply], *, more_label: Callable[[int], str], updated: str | None = None) -> dict:
    """The App Home tab: buttons to add, then one rendered reply per section, within 100 blocks.
    ``updated``: the day, as the reader's locale writes it (``tr.day``)."""
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text=plain(t("Alliance 8.7 bot"), 150))),
        ActionsBlock(block_id="home_buttons", elements=[
            ButtonElement(text=PlainTextObject(text=t("New action item")), action_id=NEW_ACTION_BUTTON,
                          value="home", style="primary"),
            ButtonElement(text=PlainTextObject(text=t("New event")), action_id=NEW_EVENT_BUTTON, value="home"),
        ]),
    ]
    budget = (MAX_VIEW_BLOCKS - len(blocks) - 1) // max(1, len(sections))
    for number, reply in enumerate(sections):
        blocks.append(DividerBlock())
        blocks.extend(render_blocks(reply, max_blocks=budget - 1, more_label=more_label, scope=f"s{number}:"))
    if updated is not None:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=t("Updated {date}", date=updated))]))
    blocks = blocks[:MAX_VIEW_BLOCKS]
    return View(type="home", blocks=blocks).to_dict()
