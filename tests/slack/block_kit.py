"""What Slack refuses in Block Kit, written down from Slack's Block Kit reference
(api.slack.com/reference/block-kit: blocks, block elements, composition objects, surfaces),
independently of what the bot sends.

``problems(blocks, surface)`` lists every rule a payload breaks, in the shape of Slack's
``response_metadata.messages`` ("must be less than 3001 characters [json-pointer:/blocks/0/text/text]").
The fake Web API refuses a payload with any problem: ``invalid_blocks`` for messages,
``invalid_arguments`` for views.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List

# surfaces
MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100  # modals and the Home tab
MAX_MESSAGE_TEXT = 40000
# ids
MAX_BLOCK_ID = 255  # and unique within one message or view
MAX_ACTION_ID = 255  # and unique within its block
# blocks
MAX_SECTION_TEXT = 3000
MAX_SECTION_FIELDS = 10
MAX_FIELD_TEXT = 2000
MAX_HEADER_TEXT = 150
MAX_ACTIONS_ELEMENTS = 25
MAX_CONTEXT_ELEMENTS = 10
MAX_INPUT_LABEL = 2000
MAX_INPUT_HINT = 2000
MAX_IMAGE_URL = 3000
MAX_ALT_TEXT = 2000
MAX_IMAGE_TITLE = 2000
MAX_MARKDOWN_BLOCK = 12000
# elements
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_BUTTON_URL = 3000
MAX_ACCESSIBILITY_LABEL = 75
MAX_PLACEHOLDER = 150
MAX_SELECT_OPTIONS = 100
MAX_OPTION_TEXT = 75
MAX_OPTION_VALUE = 150
MAX_OPTION_DESCRIPTION = 75
MAX_OPTION_GROUP_LABEL = 75
MAX_TEXT_INPUT_LENGTH = 3000
MAX_OVERFLOW_OPTIONS = 5
MIN_OVERFLOW_OPTIONS = 2
MAX_CONFIRM_TITLE = 100
MAX_CONFIRM_TEXT = 300
MAX_CONFIRM_BUTTON = 30
# modal views
MAX_VIEW_TITLE = 24
MAX_PRIVATE_METADATA = 3000
MAX_CALLBACK_ID = 255
MAX_EXTERNAL_ID = 255

BLOCK_TYPES = {"actions", "context", "divider", "file", "header", "image", "input", "section", "rich_text",
               "video", "markdown"}
SURFACE_BLOCKS = {  # blocks each surface accepts
    "message": BLOCK_TYPES,
    "modal": BLOCK_TYPES - {"file", "markdown"},
    "home": BLOCK_TYPES - {"file", "markdown"},
}
INPUT_ELEMENTS = {"plain_text_input", "datepicker", "timepicker", "datetimepicker", "static_select",
                  "multi_static_select", "users_select", "multi_users_select", "conversations_select",
                  "multi_conversations_select", "channels_select", "multi_channels_select", "external_select",
                  "multi_external_select", "checkboxes", "radio_buttons", "email_text_input", "url_text_input",
                  "number_input", "file_input", "rich_text_input"}
INTERACTIVE = INPUT_ELEMENTS | {"button", "overflow", "workflow_button"}
SECTION_ACCESSORIES = INTERACTIVE - {"plain_text_input", "email_text_input", "url_text_input", "number_input",
                                     "file_input", "rich_text_input", "datetimepicker"} | {"image"}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class _Check:
    def __init__(self) -> None:
        self.problems: List[str] = []

    def add(self, message: str, pointer: str) -> None:
        self.problems.append(f"{message} [json-pointer:{pointer}]")

    def string(self, value: Any, pointer: str, limit: int, *, required: bool = False, minimum: int = 0) -> None:
        if value is None:
            if required:
                self.add("missing required field", pointer)
            return
        if not isinstance(value, str):
            self.add("must be a string", pointer)
            return
        if len(value) > limit:
            self.add(f"must be less than {limit + 1} characters", pointer)
        if len(value) < max(minimum, 1 if required else 0):
            self.add(f"must be more than {max(minimum, 1) - 1} characters", pointer)

    def text(self, obj: Any, pointer: str, limit: int, *, required: bool = True, plain_only: bool = False) -> None:
        """A text composition object: {"type": "plain_text"|"mrkdwn", "text": 1..limit chars}."""
        if obj is None:
            if required:
                self.add("missing required field", pointer)
            return
        if not isinstance(obj, dict):
            self.add("must be an object", pointer)
            return
        kind = obj.get("type")
        if kind not in ("plain_text", "mrkdwn") or (plain_only and kind != "plain_text"):
            self.add("must be a valid enum value" if not plain_only else "must be plain_text", f"{pointer}/type")
        self.string(obj.get("text"), f"{pointer}/text", limit, required=True)

    def confirm(self, obj: Any, pointer: str) -> None:
        if obj is None:
            return
        if not isinstance(obj, dict):
            self.add("must be an object", pointer)
            return
        self.text(obj.get("title"), f"{pointer}/title", MAX_CONFIRM_TITLE, plain_only=True)
        self.text(obj.get("text"), f"{pointer}/text", MAX_CONFIRM_TEXT)
        self.text(obj.get("confirm"), f"{pointer}/confirm", MAX_CONFIRM_BUTTON, plain_only=True)
        self.text(obj.get("deny"), f"{pointer}/deny", MAX_CONFIRM_BUTTON, plain_only=True)

    def option(self, obj: Any, pointer: str, *, values: set) -> None:
        if not isinstance(obj, dict):
            self.add("must be an object", pointer)
            return
        self.text(obj.get("text"), f"{pointer}/text", MAX_OPTION_TEXT)
        self.string(obj.get("value"), f"{pointer}/value", MAX_OPTION_VALUE, required=True)
        if obj.get("value") in values:
            self.add("option values must be unique", f"{pointer}/value")
        values.add(obj.get("value"))
        self.text(obj.get("description"), f"{pointer}/description", MAX_OPTION_DESCRIPTION, required=False,
                  plain_only=True)

    def element(self, el: Any, pointer: str, action_ids: set) -> None:
        if not isinstance(el, dict) or not el.get("type"):
            self.add("missing required field: type", pointer)
            return
        kind = el["type"]
        action_id = el.get("action_id")
        if kind in INTERACTIVE:
            self.string(action_id, f"{pointer}/action_id", MAX_ACTION_ID)
            if action_id is not None:
                if action_id in action_ids:
                    self.add("action_id must be unique within a block", f"{pointer}/action_id")
                action_ids.add(action_id)
        self.confirm(el.get("confirm"), f"{pointer}/confirm")
        if "placeholder" in el:
            self.text(el.get("placeholder"), f"{pointer}/placeholder", MAX_PLACEHOLDER, plain_only=True)
        if kind == "button":
            self.text(el.get("text"), f"{pointer}/text", MAX_BUTTON_TEXT, plain_only=True)
            self.string(el.get("value"), f"{pointer}/value", MAX_BUTTON_VALUE)
            self.string(el.get("url"), f"{pointer}/url", MAX_BUTTON_URL)
            self.string(el.get("accessibility_label"), f"{pointer}/accessibility_label", MAX_ACCESSIBILITY_LABEL)
            if el.get("style") is not None and el["style"] not in ("primary", "danger"):
                self.add("must be a valid enum value", f"{pointer}/style")
        elif kind in ("static_select", "multi_static_select"):
            options, groups = el.get("options"), el.get("option_groups")
            if (options is None) == (groups is None):
                self.add("must provide exactly one of options or option_groups", pointer)
            values: set = set()
            for key in ("options", "option_groups"):
                got = el.get(key)
                if got is None:
                    continue
                if not isinstance(got, list) or not got:
                    self.add("must provide at least one item", f"{pointer}/{key}")
                    continue
                if len(got) > MAX_SELECT_OPTIONS:
                    self.add(f"must be less than {MAX_SELECT_OPTIONS + 1} items", f"{pointer}/{key}")
                for i, item in enumerate(got):
                    if key == "options":
                        self.option(item, f"{pointer}/options/{i}", values=values)
                    else:
                        self.text((item or {}).get("label"), f"{pointer}/option_groups/{i}/label",
                                  MAX_OPTION_GROUP_LABEL, plain_only=True)
                        sub = (item or {}).get("options") or []
                        if len(sub) > MAX_SELECT_OPTIONS:
                            self.add(f"must be less than {MAX_SELECT_OPTIONS + 1} items",
                                     f"{pointer}/option_groups/{i}/options")
                        for j, o in enumerate(sub):
                            self.option(o, f"{pointer}/option_groups/{i}/options/{j}", values=values)
            initial = el.get("initial_option")
            if initial is not None and isinstance(initial, dict) and initial.get("value") not in values:
                self.add("initial_option must be one of the options", f"{pointer}/initial_option")
        elif kind == "overflow":
            options = el.get("options") or []
            if not MIN_OVERFLOW_OPTIONS <= len(options) <= MAX_OVERFLOW_OPTIONS:
                self.add("must have between 2 and 5 options", f"{pointer}/options")
            values = set()
            for i, o in enumerate(options):
                self.option(o, f"{pointer}/options/{i}", values=values)
        elif kind == "plain_text_input":
            lo, hi = el.get("min_length"), el.get("max_length")
            if lo is not None and not (isinstance(lo, int) and 0 <= lo <= MAX_TEXT_INPUT_LENGTH):
                self.add(f"must be between 0 and {MAX_TEXT_INPUT_LENGTH}", f"{pointer}/min_length")
            if hi is not None and not (isinstance(hi, int) and 1 <= hi):
                self.add("must be at least 1", f"{pointer}/max_length")
            if isinstance(lo, int) and isinstance(hi, int) and lo > hi:
                self.add("min_length must not exceed max_length", f"{pointer}/min_length")
            initial = el.get("initial_value")
            if isinstance(initial, str) and isinstance(hi, int) and len(initial) > hi:
                self.add(f"must be less than {hi + 1} characters", f"{pointer}/initial_value")
        elif kind == "datepicker":
            if el.get("initial_date") is not None and not DATE.match(str(el["initial_date"])):
                self.add("must be a date YYYY-MM-DD", f"{pointer}/initial_date")
        elif kind == "timepicker":
            if el.get("initial_time") is not None and not TIME.match(str(el["initial_time"])):
                self.add("must be a time HH:mm", f"{pointer}/initial_time")
            if el.get("timezone") is not None and not isinstance(el["timezone"], str):
                self.add("must be a string", f"{pointer}/timezone")
        elif kind == "image":
            self.string(el.get("image_url"), f"{pointer}/image_url", MAX_IMAGE_URL, required="slack_file" not in el)
            self.string(el.get("alt_text"), f"{pointer}/alt_text", MAX_ALT_TEXT, required=True)
        elif kind in ("plain_text", "mrkdwn"):  # context elements
            self.text(el, pointer, MAX_SECTION_TEXT)

    def block(self, block: Any, i: int, surface: str, block_ids: set) -> None:
        pointer = f"/blocks/{i}"
        if not isinstance(block, dict) or not block.get("type"):
            self.add("missing required field: type", pointer)
            return
        kind = block["type"]
        if kind not in SURFACE_BLOCKS[surface]:
            self.add(f"unsupported type: {kind}", f"{pointer}/type")
            return
        block_id = block.get("block_id")
        if block_id is not None:
            self.string(block_id, f"{pointer}/block_id", MAX_BLOCK_ID, required=True)
            if block_id in block_ids:
                self.add(f"duplicate block_id: {block_id}", f"{pointer}/block_id")
            block_ids.add(block_id)
        action_ids: set = set()
        if kind == "section":
            text, fields = block.get("text"), block.get("fields")
            if text is None and not fields:
                self.add("must provide either text or fields", pointer)
            self.text(text, f"{pointer}/text", MAX_SECTION_TEXT, required=False)
            if fields is not None:
                if not isinstance(fields, list) or len(fields) > MAX_SECTION_FIELDS:
                    self.add(f"must be less than {MAX_SECTION_FIELDS + 1} items", f"{pointer}/fields")
                for j, f in enumerate(fields if isinstance(fields, list) else []):
                    self.text(f, f"{pointer}/fields/{j}", MAX_FIELD_TEXT)
            accessory = block.get("accessory")
            if accessory is not None:
                if not isinstance(accessory, dict) or accessory.get("type") not in SECTION_ACCESSORIES:
                    self.add("unsupported accessory", f"{pointer}/accessory")
                else:
                    self.element(accessory, f"{pointer}/accessory", action_ids)
        elif kind == "header":
            self.text(block.get("text"), f"{pointer}/text", MAX_HEADER_TEXT, plain_only=True)
        elif kind == "actions":
            elements = block.get("elements")
            if not isinstance(elements, list) or not elements:
                self.add("must provide at least one element", f"{pointer}/elements")
                return
            if len(elements) > MAX_ACTIONS_ELEMENTS:
                self.add(f"must be less than {MAX_ACTIONS_ELEMENTS + 1} items", f"{pointer}/elements")
            for j, el in enumerate(elements):
                if not isinstance(el, dict) or el.get("type") not in INTERACTIVE:
                    self.add("unsupported element", f"{pointer}/elements/{j}")
                    continue
                self.element(el, f"{pointer}/elements/{j}", action_ids)
        elif kind == "context":
            elements = block.get("elements")
            if not isinstance(elements, list) or not elements:
                self.add("must provide at least one element", f"{pointer}/elements")
                return
            if len(elements) > MAX_CONTEXT_ELEMENTS:
                self.add(f"must be less than {MAX_CONTEXT_ELEMENTS + 1} items", f"{pointer}/elements")
            for j, el in enumerate(elements):
                if not isinstance(el, dict) or el.get("type") not in ("plain_text", "mrkdwn", "image"):
                    self.add("unsupported element", f"{pointer}/elements/{j}")
                    continue
                self.element(el, f"{pointer}/elements/{j}", action_ids)
        elif kind == "input":
            self.text(block.get("label"), f"{pointer}/label", MAX_INPUT_LABEL, plain_only=True)
            self.text(block.get("hint"), f"{pointer}/hint", MAX_INPUT_HINT, required=False, plain_only=True)
            element = block.get("element")
            if not isinstance(element, dict) or element.get("type") not in INPUT_ELEMENTS:
                self.add("missing or unsupported element", f"{pointer}/element")
            else:
                self.element(element, f"{pointer}/element", action_ids)
        elif kind == "image":
            self.element(block, pointer, action_ids)
            self.text(block.get("title"), f"{pointer}/title", MAX_IMAGE_TITLE, required=False, plain_only=True)
        elif kind == "markdown":
            self.string(block.get("text"), f"{pointer}/text", MAX_MARKDOWN_BLOCK, required=True)


def problems(blocks: Any, surface: str = "message") -> List[str]:
    """Every rule ``blocks`` breaks on ``surface`` ("message", "modal" or "home")."""
    check = _Check()
    if not isinstance(blocks, list):
        check.add("must be an array", "/blocks")
        return check.problems
    limit = MAX_MESSAGE_BLOCKS if surface == "message" else MAX_VIEW_BLOCKS
    if len(blocks) > limit:
        check.add(f"must be less than {limit + 1} items", "/blocks")
    block_ids: set = set()
    for i, block in enumerate(blocks):
        check.block(block, i, surface, block_ids)
    return check.problems


def view_problems(view: Any, *, home: bool) -> List[str]:
    """Every rule a ``views.open`` / ``views.update`` / ``views.publish`` view breaks."""
    check = _Check()
    if not isinstance(view, dict):
        check.add("missing required field: view", "/view")
        return check.problems
    kind = view.get("type")
    if home and kind != "home":
        check.add("must be home", "/view/type")
    if not home and kind != "modal":
        check.add("must be modal", "/view/type")
    if kind == "modal":
        check.text(view.get("title"), "/view/title", MAX_VIEW_TITLE, plain_only=True)
        for key in ("submit", "close"):
            check.text(view.get(key), f"/view/{key}", MAX_VIEW_TITLE, required=False, plain_only=True)
        if any(b.get("type") == "input" for b in view.get("blocks") or [] if isinstance(b, dict)) \
                and view.get("submit") is None:
            check.add("a modal with input blocks needs submit", "/view/submit")
    check.string(view.get("private_metadata"), "/view/private_metadata", MAX_PRIVATE_METADATA)
    check.string(view.get("callback_id"), "/view/callback_id", MAX_CALLBACK_ID)
    check.string(view.get("external_id"), "/view/external_id", MAX_EXTERNAL_ID)
    blocks = view.get("blocks")
    if not isinstance(blocks, list):
        check.add("missing required field: blocks", "/view/blocks")
    else:
        check.problems.extend(p.replace("[json-pointer:/blocks", "[json-pointer:/view/blocks")
                              for p in problems(blocks, "home" if home else "modal"))
    return check.problems

