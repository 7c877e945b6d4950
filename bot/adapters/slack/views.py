"""Slack views: the command families' forms (``bot.forms``) as modals, and the App Home tab."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    DatePickerElement,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    InputInteractiveElement,
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
from bot.forms import Form, FormField
from bot.messages import Reply

NEW_BUTTON_PREFIX = "ui_new_"  # a home button opening a form: "ui_new_event"

T = Callable[..., str]


def new_button(form: Form) -> str:
    return f"{NEW_BUTTON_PREFIX}{form.command}"


def _group_select(t: T, field: FormField, groups: list[tuple[str, str]]) -> InputBlock | None:
    if not groups:
        return None
    options = [Option(value=key[:150], text=plain(name, 75)) for key, name in groups[:100]]
    return InputBlock(
        block_id=field.name,
        label=PlainTextObject(text=t(field.label)),
        element=StaticSelectElement(action_id="value", placeholder=PlainTextObject(text=t("Choose a group")),
                                    options=options),
        optional=not field.required,
    )


def _input(t: T, field: FormField, text: str) -> InputBlock:
    hint = PlainTextObject(text=t(field.hint)) if field.hint else None
    element: InputInteractiveElement
    if field.kind == "people":
        element = UserMultiSelectElement(action_id="value", placeholder=hint)
    elif field.kind == "date":
        element = DatePickerElement(action_id="value")
    elif field.kind == "time":
        element = TimePickerElement(action_id="value")
    else:
        element = PlainTextInputElement(action_id="value", multiline=field.kind == "long_text" or None,
                                        initial_value=text[:3000] or None, max_length=field.max_length,
                                        placeholder=hint)
    return InputBlock(block_id=field.name, label=PlainTextObject(text=t(field.label)), element=element,
                      optional=not field.required)


def modal(form: Form, t: T, groups: list[tuple[str, str]], *, channel: str, text: str = "",
          permalink: str = "") -> dict:
    """A form as a modal: one input block per field (its id the field's name); ``text`` fills the first."""
    blocks: list[Block] = []
    for field in form.fields:
        if field.kind == "group":
            group = _group_select(t, field, groups)
            if group:
                blocks.append(group)
        else:
            blocks.append(_input(t, field, text if field.name == form.primary else ""))
    return View(
        type="modal",
        callback_id=form.key,
        title=PlainTextObject(text=plain(t(form.title), 24)),
        submit=PlainTextObject(text=plain(t("Save"), 24)),
        close=PlainTextObject(text=plain(t("Cancel"), 24)),
        private_metadata=json.dumps({"channel": channel, **({"permalink": permalink} if permalink else {})}),
        blocks=blocks,
    ).to_dict()


def answers(form: Form, values: dict) -> dict[str, str]:
    """A submitted modal's values in the shape the form's command reads (``Incoming.form``)."""
    typed: dict[str, str | list[str]] = {}
    for field in form.fields:
        value = _value(values, field.name)
        typed[field.name] = [f"<@slack:{u}>" for u in value] if isinstance(value, list) else str(value)
    return form.answers(typed)


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


def home_view(t: T, sections: list[Reply], *, forms: Sequence[Form], more_label: Callable[[int], str],
              updated: str | None = None) -> dict:
    """The App Home tab: a button for each form offered there, then one rendered reply per section,
    within 100 blocks. ``updated``: the day, as the reader's locale writes it (``tr.day``)."""
    buttons = [ButtonElement(text=PlainTextObject(text=t(form.title)), action_id=new_button(form), value="home",
                             style="primary" if number == 0 else None)
               for number, form in enumerate(f for f in forms if f.on_home)]
    blocks: list[Block] = [HeaderBlock(text=PlainTextObject(text=plain(t("Alliance 8.7 bot"), 150)))]
    if buttons:
        blocks.append(ActionsBlock(block_id="home_buttons", elements=buttons))
    budget = (MAX_VIEW_BLOCKS - len(blocks) - 1) // max(1, len(sections))
    for number, reply in enumerate(sections):
        blocks.append(DividerBlock())
        blocks.extend(render_blocks(reply, max_blocks=budget - 1, more_label=more_label, scope=f"s{number}:"))
    if updated is not None:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=t("Updated {date}", date=updated))]))
    blocks = blocks[:MAX_VIEW_BLOCKS]
    return View(type="home", blocks=blocks).to_dict()
