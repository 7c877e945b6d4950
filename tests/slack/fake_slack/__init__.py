"""A local stand-in for Slack's servers, for the test suite.

One aiohttp server on 127.0.0.1 (random port) plays three parts:

* the Web API (``/api/<method>``), for ``AsyncWebClient(base_url=fake.api_base_url)``;
* the side endpoints Slack hands out: file upload URLs (``files_upload_v2``) and
  ``response_url``s (``fake.new_response_url()``);
* the Socket Mode WebSocket (``/link/?ticket=...``), reached through
  ``apps.connections.open`` exactly like the real client does.

It keeps a little state (messages per channel, users, views, files, reactions) so a
bot can read back what it wrote, it records every call, and it can be told to fail
like Slack does (429 + Retry-After, 5xx, a held response, a dropped connection).

Behaviour follows Slack's documented contract where it matters to a bot:

* tokens: bot tokens start ``xoxb-``; ``apps.connections.open`` needs an app-level
  ``xapp-`` token (``not_allowed_token_type`` otherwise); with a JSON body the token
  must come in the ``Authorization: Bearer`` header (Slack ignores a ``token`` key in
  JSON bodies) - missing token -> ``not_authed``, unknown -> ``invalid_auth``,
  revoked -> ``token_revoked``;
* ``chat.postMessage``: ``channel_not_found`` / ``no_text`` / ``invalid_blocks``
  (more than 50 blocks, section text over 3000 chars, block_id over 255),
  ``invalid_blocks_format``, ``not_in_channel``, ``is_archived``; posting to a user
  id lands in the bot's DM with that user; text is truncated at 40,000 chars;
* ``conversations.history``: newest first, ``oldest``/``latest`` exclusive unless
  ``inclusive``, ``limit`` + cursor paging, thread replies left out (except
  broadcasts), ``metadata`` only with ``include_all_metadata``;
* ``users.info``: ``locale`` only with ``include_locale=true``;
* ``views.open``: trigger ids from ``fake.new_trigger_id()`` expire after 3 s and
  can be exchanged once; modal titles longer than 24 chars or more than 100
  blocks -> ``invalid_arguments``; ``views.update`` checks ``hash``.

The class is put together in ``fake.py`` from one mixin per responsibility (server,
rules, faults, chat, conversations, views, files, workflows, Socket Mode ...).

Nothing here is copied from other projects.
"""

from __future__ import annotations

from .fake import FakeSlack
from .records import Call, FakeChannel, FakeUser
from .socket_mode import SocketConnection

__all__ = ["FakeSlack", "Call", "FakeUser", "FakeChannel", "SocketConnection"]
