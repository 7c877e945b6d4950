"""Slack's interactive surfaces: buttons, message shortcuts, modals (forms), Workflow Builder steps, App Home."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.adapters.slack import render, views
from bot.adapters.slack.base import log
from bot.adapters.slack.posting import Posting
from bot.adapters.slack.retries import NETWORK_ERRORS
from bot.forms import Form
from bot.messages import Incoming, Reply, Tone, Visibility

FORM_ANSWER_SECONDS = 2.0  # a form's command may run this long before the ack (Slack waits 3 s)


def _ids(value: Any) -> list[str]:
    """A workflow input of users: a list of ids or one id."""
    if isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in value or [] if v]


class Interactions(Posting):
    """Listeners for button presses, shortcuts, form submissions, workflow steps and the Home tab."""

    # ------------------------------------------------------------------ buttons

    async def on_command_button(self, ack, body: dict, action: dict, request) -> None:
        await ack()
        if await self.replayed(request):
            return
        command, _, sub = action["action_id"].partition("_")
        user = body["user"]["id"]
        container = body.get("container") or {}
        channel = (body.get("channel") or {}).get("id") or container.get("channel_id") or user
        if container.get("type") == "view" and sub == "list":  # "More" in the Home tab: the next page there
            await self.publish_home(user, pages={command: f"list {action.get('value') or ''}".strip()})
            return
        incoming = await self.incoming(user, channel, f"{sub} {action.get('value') or ''}".strip(), command=command)
        try:
            replies = await self.handle(incoming)
            if not replies:
                return
            reply = replies[0]
            if container.get("type") == "view":  # App Home: redraw it
                if reply.tone == Tone.ERROR:
                    await self._post(user, reply, incoming=incoming)
                await self.publish_home(user)
                return
            if reply.tone == Tone.ERROR or reply.visibility == Visibility.PRIVATE:
                await self._ephemeral(channel, user, reply, incoming=incoming,
                                      thread_ts=(body.get("message") or {}).get("thread_ts"))
                return
            await self.redraw(body, action, reply, incoming)
        except (SlackApiError, *NETWORK_ERRORS) as exc:
            log.error("could not answer a button press by %s: %r", user, exc)
            await self._apologise(incoming, channel=channel, user=user)

    async def redraw(self, body: dict, action: dict, reply: Reply, incoming: Incoming) -> None:
        """Update the message the button was in: the whole card, or just the list row pressed."""
        container = body.get("container") or {}
        original = body.get("message") or {}
        block_id = action.get("block_id") or ""
        new = self.message(reply, incoming)
        if block_id.startswith(render.ROW_PREFIX) and original.get("blocks"):
            row = render.row_block(reply, block_id.split(":actions")[0]).to_dict()
            blocks = []
            for block in original["blocks"]:
                if block.get("block_id") == row["block_id"]:
                    blocks.append(row)
                elif block.get("block_id") != f"{row['block_id']}:actions":
                    blocks.append(block)
            new = {"text": render.text_of_blocks(blocks), "blocks": blocks}  # the fallback says what the rows say
        if container.get("is_ephemeral"):
            await self._respond(body["response_url"], {**new, "replace_original": True})
        else:
            await self.client.chat_update(channel=container.get("channel_id") or body["channel"]["id"],
                                          ts=container.get("message_ts") or original["ts"], **new)

    # ------------------------------------------------------------------ shortcut and modals

    async def on_message_shortcut(self, ack, shortcut: dict, request) -> None:
        """A message shortcut: the message's text goes to the command the shortcut stands for
        (``Core.message_actions``), linked to the message, and the answer is posted in its thread."""
        await ack()
        if await self.replayed(request):
            return
        declared = next(a for a in self.app.message_actions if a.key == shortcut["callback_id"])
        command, sub = declared.command, declared.sub
        user = shortcut["user"]["id"]
        channel = (shortcut.get("channel") or {}).get("id") or ""
        message = shortcut.get("message") or {}
        incoming = await self.incoming(user, channel, sub, command=command)
        try:
            permalink = ""
            try:
                permalink = (await self.client.chat_getPermalink(channel=channel, message_ts=message["ts"]))["permalink"]
            except SlackApiError as exc:
                log.warning("no permalink for %s/%s: %s", channel, message.get("ts"), exc.response.get("error"))
            raw = message.get("text") or ""
            names = {uid: (await self.person(uid)).name for uid in set(re.findall(r"<@([UW][A-Z0-9]+)", raw))}
            text = render.unformat(raw, names.get)
            incoming = await self.incoming(user, channel, sub, command=command, permalink=permalink,
                                           form={"text": text})
            thread_ts = message.get("thread_ts") or message.get("ts")
            for i, reply in enumerate(await self.handle(incoming)):
                if reply.visibility == Visibility.PRIVATE or reply.tone == Tone.ERROR:
                    await self._ephemeral(channel, user, reply, thread_ts=thread_ts, incoming=incoming)
                else:
                    await self._post(channel, reply, thread_ts=thread_ts, key=f"shortcut:{shortcut.get('action_ts')}:{i}",
                                     incoming=incoming)
        except (SlackApiError, *NETWORK_ERRORS) as exc:
            log.error("could not run the %s shortcut for %s: %r", command, user, exc)
            await self._apologise(incoming, channel=channel, user=user)

    async def _groups(self, lang: str) -> list[tuple[str, str]]:
        return await self.app.group_choices(lang)

    async def open_modal(self, form: Form, trigger_id: str, *, user: str, channel: str) -> None:
        who = await self.person(user)
        tr = await self.app.translator_of(user_id=f"slack:{user}", channel_id=f"slack:{channel}", locale=who.locale)
        groups = await self._groups(tr.lang) if any(f.kind == "group" for f in form.fields) else []
        try:
            await self.client.views_open(trigger_id=trigger_id, view=views.modal(form, tr.t, groups, channel=channel))
        except (SlackApiError, *NETWORK_ERRORS) as exc:
            log.error("could not open the %s form for %s: %r", form.key, user, exc)

    async def on_new_button(self, ack, body: dict, action: dict, request) -> None:
        await ack()
        if await self.replayed(request):
            return
        form = next(f for f in self.app.forms if views.new_button(f) == action["action_id"])
        channel = (body.get("channel") or {}).get("id") or ""
        await self.open_modal(form, body.get("trigger_id") or "", user=body["user"]["id"], channel=channel)

    async def on_modal_submit(self, ack, body: dict, view: dict, request) -> None:
        """Save a form. The command runs before the ack (bounded by ``FORM_ANSWER_SECONDS``), so a
        refusal is shown on the field with ``response_action: errors`` and the form keeps what was
        typed; a command slower than that is acknowledged first and answered afterwards."""
        user = body["user"]["id"]
        meta = json.loads(view.get("private_metadata") or "{}")
        channel = meta.get("channel") or ""
        values = (view.get("state") or {}).get("values") or {}
        declared = next(f for f in self.app.forms if f.key == view.get("callback_id"))
        command, verb, primary = declared.command, declared.verb, declared.primary
        form = views.answers(declared, values)

        async def run() -> tuple[Incoming, list[Reply]] | None:
            if await self.replayed(request):
                return None
            incoming = await self.incoming(user, channel or user, verb, command=command, form=form,
                                           permalink=meta.get("permalink") or None)
            # a choice the list did not offer is refused by the command, as anything typed is
            return incoming, await self.handle(incoming)

        work = asyncio.ensure_future(run())
        done, _ = await asyncio.wait({work}, timeout=FORM_ANSWER_SECONDS)
        if done and work.exception() is None:
            answered = work.result()
            if answered is None:
                await ack()  # a replay: already handled
                return
            refusal = next((r for r in answered[1] if r.tone == Tone.ERROR), None)
            if refusal is not None:
                message = render.plain_reply(refusal)
                await ack(response_action="errors", errors={views.field_of(message, values, primary): message})
                return
        await ack()  # closes the form; the result is posted where the form was opened
        try:
            result = await work
        except Exception as exc:
            log.error("could not save the form of %s: %r", user, exc)
            return
        if result is None:
            return
        incoming, replies = result
        try:
            for i, reply in enumerate(replies):
                private = reply.visibility == Visibility.PRIVATE or reply.tone == Tone.ERROR
                if channel and private:
                    await self._ephemeral(channel, user, reply, incoming=incoming)
                    continue
                target = channel if channel and not private else user
                try:
                    await self._post(target, reply, key=f"view:{view.get('id')}:{i}", incoming=incoming)
                except SlackApiError as exc:  # e.g. the bot is not in that channel: tell the person
                    if exc.response.get("error") not in ("not_in_channel", "channel_not_found"):
                        raise
                    await self._post(user, reply, key=f"view:{view.get('id')}:{i}:dm", incoming=incoming)
        except (SlackApiError, *NETWORK_ERRORS) as exc:
            log.error("could not save the form of %s: %r", user, exc)
        if not channel:
            await self.publish_home(user)

    # ------------------------------------------------------------------ Workflow Builder steps

    async def on_workflow_step(self, body: dict, event: dict, inputs: dict, complete, fail) -> None:
        """A workspace's workflow ran "Create action item" or "Add event": the same command as the
        form, as the person the workflow names; completed with the new id, or failed saying why."""
        await self.run_workflow_step(event, inputs or {}, complete, fail, delivery_id=body.get("event_id"))

    async def run_workflow_step(self, event: dict, inputs: dict, complete, fail, *,
                                delivery_id: str | None = None) -> None:
        callback = (event.get("function") or {}).get("callback_id")
        user, channel = str(inputs.get("user") or ""), str(inputs.get("channel") or "")
        declared = next(f for f in self.app.forms if f.step == callback)
        command = declared.command
        form = declared.answers({field.name: [f"<@slack:{u}>" for u in _ids(inputs.get(field.name))]
                                 if field.kind == "people" else str(inputs.get(field.name) or "")
                                 for field in declared.fields})
        if not user:
            await fail(error=self.tr().t("Choose whom this step is recorded for (the user input)."))
            return
        incoming = await self.incoming(user, channel or user, declared.verb, command=command, form=form,
                                       is_direct=not channel, delivery_id=delivery_id)
        tr = self.tr(incoming)
        try:
            # a choice typed into the workflow is read by the command: exactly, never a near match
            replies = await self.handle(incoming)
            if not replies:
                return  # a redelivery of a step already run: it was completed (or failed) then
            refusal = next((r for r in replies if r.tone == Tone.ERROR), None)
            if refusal is not None or not replies:
                await fail(error=render.plain_reply(refusal) if refusal else tr.t("Nothing was saved."))
                return
            reply = replies[0]
            ref = reply.subject.ref if reply.subject else ""
            await complete(outputs={"id": ref, "summary": render.plain_reply(
                Reply(body=((reply.title or "",),)), limit=2000)})
            target = channel or user
            await self._post(target, reply, key=f"step:{event.get('function_execution_id')}", incoming=incoming)
        except (SlackApiError, *NETWORK_ERRORS) as exc:
            log.error("workflow step %s for %s: %r", callback, user, exc)

    # ------------------------------------------------------------------ App Home

    async def on_home_opened(self, body: dict, event: dict) -> None:
        if event.get("tab") != "home":
            return
        await self.publish_home(event["user"])

    async def publish_home(self, user: str, *, pages: dict[str, str] | None = None) -> None:
        """Publish the Home tab; ``pages`` replaces a section's list by another page of it."""
        sections: list[Reply] = []
        for section in self.app.home_sections:
            command, text = section.command, (pages or {}).get(section.command, section.text)
            incoming = await self.incoming(user, user, text, command=command, is_direct=True)
            sections.extend(r for r in await self.handle(incoming) if r.tone != Tone.ERROR)
        who = await self.person(user)
        tr = await self.app.translator_of(user_id=f"slack:{user}", locale=who.locale)
        view = views.home_view(tr.t, sections, forms=self.app.forms, more_label=self.more_label(None, locale=tr.lang))
        try:
            await self.client.views_publish(user_id=user, view=view)
        except (SlackApiError, *NETWORK_ERRORS) as exc:
            log.error("could not publish the Home tab for %s: %r", user, exc)
