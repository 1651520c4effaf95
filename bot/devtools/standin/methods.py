"""The Bot API methods the stand-in answers, with Telegram's checks and Telegram's refusals.

Parameters arrive either JSON-typed (JSON bodies) or as strings (form and multipart bodies, where
PTB JSON-encodes every non-string value), so every read goes through a coercing helper.
Method names are matched case-insensitively, as Telegram does.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.devtools.standin.entities import (
    MAX_CAPTION_LENGTH,
    MAX_TEXT_LENGTH,
    EntityParseError,
    parse_text,
)
from bot.devtools.standin.errors import bad_request, not_found
from bot.devtools.standin.faults import AnswerLate
from bot.devtools.standin.markup import validate_reply_markup
from bot.devtools.standin.state import World

_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)


@dataclass(frozen=True)
class UploadedFile:
    """One multipart file part."""

    data: bytes
    filename: str | None
    content_type: str | None


Params = Mapping[str, Any]
Files = Mapping[str, UploadedFile]
Handler = Callable[[World, Params, Files], Any]


def call(world: World, method: str, params: Params, files: Files) -> Any:
    """Run one Bot API call against the world: faults first, then the method itself."""
    handler = _HANDLERS.get(method.lower())
    canonical = _CANONICAL.get(method.lower(), method)
    is_poll = canonical == "getUpdates"
    try:
        with world.cond:
            if not is_poll:
                world.in_flight += 1
            world.touch()
            try:
                chat_id = peek_chat_id(params)
                late = world.faults.admit(canonical, chat_id, time.monotonic())
                if handler is None:
                    raise not_found()
                result = handler(world, params, files)
                world.faults.accepted(canonical, chat_id, time.monotonic())
                if late is not None:
                    raise AnswerLate(late, result)
                return result
            finally:
                if not is_poll:
                    world.in_flight -= 1
                world.touch()
    finally:
        world.announce()


def peek_chat_id(params: Params) -> int | str | None:
    raw = params.get("chat_id")
    if isinstance(raw, str):
        try:
            return int(raw)
        except ValueError:
            return raw
    return raw if isinstance(raw, int) else None


# ---------------------------------------------------------------- parameter reading


def _int(params: Params, name: str, default: int | None = None) -> int | None:
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    if isinstance(raw, bool):
        raise bad_request(f'field "{name}" must be of type Integer')
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise bad_request(f'field "{name}" must be of type Integer') from None


def _required_int(params: Params, name: str, missing: str) -> int:
    value = _int(params, name)
    if value is None:
        raise bad_request(missing)
    return value


def _str(params: Params, name: str) -> str | None:
    raw = params.get(name)
    return None if raw is None else str(raw)


def _bool(params: Params, name: str) -> bool:
    raw = params.get(name)
    return raw is True or (isinstance(raw, str) and raw.lower() == "true")


def _json(params: Params, name: str, error: str) -> Any:
    raw = params.get(name)
    if isinstance(raw, str):
        try:
            return json.loads(raw)
        except ValueError:
            raise bad_request(error) from None
    return raw


def _reply_markup(params: Params) -> dict[str, Any] | None:
    markup = _json(params, "reply_markup", "can't parse reply keyboard markup JSON object")
    return validate_reply_markup(markup)


def _formatted(
    world: World, params: Params, text_field: str, limit: int
) -> tuple[str, str, list[dict[str, Any]], str | None]:
    """Raw text, plain text, entities and parse mode, or the refusal Telegram would give."""
    prefix = "caption_" if text_field == "caption" else ""
    text = _str(params, text_field) or ""
    parse_mode = _str(params, "parse_mode")
    try:
        plain, entities = parse_text(text, parse_mode, strict=world.strict_html)
    except EntityParseError as error:
        raise bad_request(f"can't parse entities: {error}") from None
    except ValueError:
        raise bad_request("unsupported parse_mode") from None
    if not parse_mode:
        explicit = _json(params, f"{prefix}entities", "can't parse entities JSON object")
        entities = list(explicit or [])
    if text_field == "text" and not plain.strip():
        raise bad_request("message text is empty")
    if len(plain) > limit:
        raise bad_request(
            "message is too long" if text_field == "text" else "message caption is too long"
        )
    return text, plain, entities, parse_mode


def _stored_bot_message(world: World, params: Params, verb: str) -> tuple[int | str, int]:
    if params.get("inline_message_id"):
        raise bad_request("MESSAGE_ID_INVALID")
    chat = world.resolve_chat(params.get("chat_id"))
    message_id = _required_int(params, "message_id", "message identifier is not specified")
    stored = world.message(chat["id"], message_id)
    if stored is None:
        raise bad_request(f"message to {verb} not found")
    if verb == "edit" and not stored.from_bot:
        raise bad_request("message can't be edited")
    return chat["id"], message_id


def _new_message(world: World, chat: dict[str, Any], content: dict[str, Any]) -> dict[str, Any]:
    payload = {
        "message_id": world.next_message_id(chat["id"]),
        "from": dict(world.bot_user),
        "chat": dict(chat),
        "date": int(time.time()),
        **content,
    }
    world.store_message(payload, from_bot=True)
    return payload


def _check_reply_target(world: World, params: Params, chat_id: int | str) -> dict[str, Any]:
    reply = _json(params, "reply_parameters", "can't parse reply parameters JSON object")
    legacy = _int(params, "reply_to_message_id")
    target = legacy if legacy is not None else (reply or {}).get("message_id")
    if target is None:
        return {}
    stored = world.message(chat_id, int(target))
    if stored is None:
        if (reply or {}).get("allow_sending_without_reply") or _bool(
            params, "allow_sending_without_reply"
        ):
            return {}
        raise bad_request("message to be replied not found")
    return {"reply_to_message": dict(stored.payload)}


def _inline_only(markup: dict[str, Any] | None) -> dict[str, Any]:
    """Telegram echoes only inline keyboards back in the Message object."""
    return {"reply_markup": markup} if markup and "inline_keyboard" in markup else {}


# ---------------------------------------------------------------- identity and polling


def get_me(world: World, params: Params, files: Files) -> Any:
    return dict(world.bot_user)


def get_updates(world: World, params: Params, files: Files) -> Any:
    limit = _int(params, "limit", 100) or 100
    timeout = _int(params, "timeout", 0) or 0
    allowed = _json(params, "allowed_updates", "can't parse allowed_updates JSON array")
    if allowed is not None and not isinstance(allowed, list):
        raise bad_request("can't parse allowed_updates JSON array")
    return world.get_updates(_int(params, "offset"), max(1, min(limit, 100)), timeout, allowed)


def delete_webhook(world: World, params: Params, files: Files) -> Any:
    if _bool(params, "drop_pending_updates"):
        world.updates.clear()
    world.webhook = None
    return True


def set_webhook(world: World, params: Params, files: Files) -> Any:
    """Telegram's checks: an https URL (http to loopback allowed here, for tests), a secret of
    1-256 of A-Z a-z 0-9 _ -. The stand-in records it; tests post updates as Telegram would."""
    url = _str(params, "url") or ""
    if not url:
        return delete_webhook(world, params, files)
    if not re.match(r"^(https://|http://(127\.0\.0\.1|localhost)[:/])", url):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    secret = _str(params, "secret_token")
    if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
        raise bad_request("bad webhook: secret token contains unallowed characters")
    allowed = _json(params, "allowed_updates", "can't parse allowed_updates JSON array")
    if _bool(params, "drop_pending_updates"):
        world.updates.clear()
    world.webhook = {"url": url, "secret_token": secret, "allowed_updates": allowed}
    return True


def get_webhook_info(world: World, params: Params, files: Files) -> Any:
    hook = world.webhook or {}
    info: dict[str, Any] = {
        "url": hook.get("url", ""),
        "has_custom_certificate": False,
        "pending_update_count": len(world.updates),
    }
    if hook.get("allowed_updates") is not None:
        info["allowed_updates"] = hook["allowed_updates"]
    return info


def _commands_key(params: Params) -> str:
    scope = _json(params, "scope", "can't parse BotCommandScope JSON object") or {}
    return json.dumps([scope, _str(params, "language_code") or ""], sort_keys=True)


def set_my_commands(world: World, params: Params, files: Files) -> Any:
    commands = _json(params, "commands", "can't parse commands JSON object")
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("can't parse commands JSON object")
    for command in commands:
        name = command.get("command", "") if isinstance(command, dict) else ""
        if not (1 <= len(name) <= 32 and name.replace("_", "").isalnum() and name.islower()):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(command.get("description", "")) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    world.commands[_commands_key(params)] = commands
    return True


def get_my_commands(world: World, params: Params, files: Files) -> Any:
    return world.commands.get(_commands_key(params), [])


def delete_my_commands(world: World, params: Params, files: Files) -> Any:
    world.commands.pop(_commands_key(params), None)
    return True


def set_chat_menu_button(world: World, params: Params, files: Files) -> Any:
    chat_id = peek_chat_id(params)
    if chat_id is not None:
        world.resolve_chat(chat_id)
    button = _json(params, "menu_button", "can't parse menu button JSON object")
    world.menu_buttons[chat_id] = button or {"type": "default"}
    return True


def get_chat_menu_button(world: World, params: Params, files: Files) -> Any:
    chat_id = peek_chat_id(params)
    return world.menu_buttons.get(chat_id) or world.menu_buttons.get(None) or {"type": "default"}


def get_chat(world: World, params: Params, files: Files) -> Any:
    chat = world.resolve_chat(params.get("chat_id"))
    return {
        **chat,
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": {
            "unlimited_gifts": False,
            "limited_gifts": False,
            "unique_gifts": False,
            "premium_subscription": False,
            "gifts_from_channels": False,
        },
    }


def accept_quietly(world: World, params: Params, files: Files) -> Any:
    """Profile settings (name, description) that change nothing a test can observe."""
    return True


# ---------------------------------------------------------------- sending


def send_message(world: World, params: Params, files: Files) -> Any:
    chat = world.resolve_chat(params.get("chat_id"))
    text, plain, entities, parse_mode = _formatted(world, params, "text", MAX_TEXT_LENGTH)
    markup = _reply_markup(params)
    content: dict[str, Any] = {"text": plain, **_check_reply_target(world, params, chat["id"])}
    if entities:
        content["entities"] = entities
    payload = _new_message(world, chat, content | _inline_only(markup))
    world.record(
        "sendMessage",
        chat["id"],
        message_id=payload["message_id"],
        text=text,
        plain_text=plain,
        parse_mode=parse_mode,
        entities=tuple(entities),
        reply_markup=markup,
        params=dict(params),
    )
    return payload


def _upload(world: World, params: Params, files: Files, field: str) -> UploadedFile | None:
    """The file a `photo`/`document` parameter refers to: a part, a known file_id or a URL."""
    raw = params.get(field)
    if field in files:
        return files[field]
    if isinstance(raw, str) and raw.startswith("attach://"):
        part = files.get(raw.removeprefix("attach://"))
        if part is None:
            raise bad_request(f"wrong {field} file identifier/HTTP URL specified")
        return part
    if isinstance(raw, str) and raw in world.files:
        return UploadedFile(world.files[raw].data, None, None)
    if isinstance(raw, str) and raw.startswith(("http://", "https://")):
        return None
    raise bad_request(f"there is no {field} in the request")


def _send_media(world: World, params: Params, files: Files, field: str) -> Any:
    chat = world.resolve_chat(params.get("chat_id"))
    upload = _upload(world, params, files, field)
    caption, plain, entities, parse_mode = _formatted(world, params, "caption", MAX_CAPTION_LENGTH)
    markup = _reply_markup(params)
    data = upload.data if upload else b""
    folder, suffix = ("photos", ".jpg") if field == "photo" else ("documents", "")
    file_id, stored = world.new_file(data, folder, suffix)
    meta = {"file_id": file_id, "file_unique_id": stored.file_unique_id, "file_size": len(data)}
    content: dict[str, Any] = {**_check_reply_target(world, params, chat["id"])}
    if field == "photo":
        content["photo"] = [{**meta, "width": 320, "height": 320}]
    else:
        content["document"] = {
            **meta,
            "file_name": (upload.filename if upload else None) or "document",
            "mime_type": (upload.content_type if upload else None) or "application/octet-stream",
        }
    if caption:
        content["caption"] = plain
        if entities:
            content["caption_entities"] = entities
    payload = _new_message(world, chat, content | _inline_only(markup))
    world.record(
        "sendPhoto" if field == "photo" else "sendDocument",
        chat["id"],
        message_id=payload["message_id"],
        text=caption or None,
        plain_text=plain or None,
        parse_mode=parse_mode,
        entities=tuple(entities),
        reply_markup=markup,
        photo=data if field == "photo" else None,
        document=data if field == "document" else None,
        filename=upload.filename if upload else None,
        params={k: v for k, v in params.items() if k != field},
    )
    return payload


def send_photo(world: World, params: Params, files: Files) -> Any:
    return _send_media(world, params, files, "photo")


def send_document(world: World, params: Params, files: Files) -> Any:
    return _send_media(world, params, files, "document")


def send_chat_action(world: World, params: Params, files: Files) -> Any:
    chat = world.resolve_chat(params.get("chat_id"))
    action = _str(params, "action")
    if action not in _CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    world.record("sendChatAction", chat["id"], message_id=None, text=action, params=dict(params))
    return True


# ---------------------------------------------------------------- changing sent messages


def edit_message_text(world: World, params: Params, files: Files) -> Any:
    chat_id, message_id = _stored_bot_message(world, params, "edit")
    stored = world.messages[(chat_id, message_id)]
    if "text" not in stored.payload:
        raise bad_request("there is no text in the message to edit")
    text, plain, entities, parse_mode = _formatted(world, params, "text", MAX_TEXT_LENGTH)
    markup = _reply_markup(params)
    before = stored.payload
    after = {k: v for k, v in before.items() if k not in ("entities", "reply_markup")}
    after.update({"text": plain, "edit_date": int(time.time())} | _inline_only(markup))
    if entities:
        after["entities"] = entities
    if _same_content(before, after):
        raise bad_request(_NOT_MODIFIED)
    stored.payload = after
    world.record(
        "editMessageText",
        chat_id,
        message_id=message_id,
        text=text,
        plain_text=plain,
        parse_mode=parse_mode,
        entities=tuple(entities),
        reply_markup=markup,
        params=dict(params),
    )
    return after


def edit_message_caption(world: World, params: Params, files: Files) -> Any:
    chat_id, message_id = _stored_bot_message(world, params, "edit")
    stored = world.messages[(chat_id, message_id)]
    if "text" in stored.payload:
        raise bad_request("there is no caption in the message to edit")
    caption, plain, entities, parse_mode = _formatted(world, params, "caption", MAX_CAPTION_LENGTH)
    markup = _reply_markup(params)
    before = stored.payload
    after = {
        k: v for k, v in before.items() if k not in ("caption", "caption_entities", "reply_markup")
    }
    after.update({"edit_date": int(time.time())} | _inline_only(markup))
    if plain:
        after["caption"] = plain
    if entities:
        after["caption_entities"] = entities
    if _same_content(before, after):
        raise bad_request(_NOT_MODIFIED)
    stored.payload = after
    world.record(
        "editMessageCaption",
        chat_id,
        message_id=message_id,
        text=caption,
        plain_text=plain,
        parse_mode=parse_mode,
        entities=tuple(entities),
        reply_markup=markup,
        params=dict(params),
    )
    return after


def edit_message_reply_markup(world: World, params: Params, files: Files) -> Any:
    chat_id, message_id = _stored_bot_message(world, params, "edit")
    stored = world.messages[(chat_id, message_id)]
    markup = _reply_markup(params)
    before = stored.payload
    after = {k: v for k, v in before.items() if k != "reply_markup"}
    after.update({"edit_date": int(time.time())} | _inline_only(markup))
    if _same_content(before, after):
        raise bad_request(_NOT_MODIFIED)
    stored.payload = after
    world.record(
        "editMessageReplyMarkup",
        chat_id,
        message_id=message_id,
        reply_markup=markup,
        params=dict(params),
    )
    return after


def _same_content(before: dict[str, Any], after: dict[str, Any]) -> bool:
    keys = ("text", "entities", "caption", "caption_entities", "reply_markup")
    return all(before.get(key) == after.get(key) for key in keys)


def delete_message(world: World, params: Params, files: Files) -> Any:
    chat_id, message_id = _stored_bot_message(world, params, "delete")
    del world.messages[(chat_id, message_id)]
    world.record("deleteMessage", chat_id, message_id=message_id, params=dict(params))
    return True


def answer_callback_query(world: World, params: Params, files: Files) -> Any:
    query_id = _str(params, "callback_query_id") or ""
    state = world.callbacks.get(query_id)
    if state is None or state.answered:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    text = _str(params, "text")
    if text is not None and len(text) > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    state.answered = True
    state.answer = dict(params)
    world.record(
        "answerCallbackQuery",
        state.chat_id,
        message_id=state.message_id,
        text=text,
        plain_text=text,
        params=dict(params),
    )
    return True


def get_file(world: World, params: Params, files: Files) -> Any:
    file_id = _str(params, "file_id") or ""
    stored = world.files.get(file_id)
    if stored is None:
        raise bad_request("invalid file_id")
    return {
        "file_id": file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.data),
        "file_path": stored.file_path,
    }


_HANDLERS_BY_NAME: dict[str, Handler] = {
    "getMe": get_me,
    "getUpdates": get_updates,
    "deleteWebhook": delete_webhook,
    "setWebhook": set_webhook,
    "getWebhookInfo": get_webhook_info,
    "setMyCommands": set_my_commands,
    "getMyCommands": get_my_commands,
    "deleteMyCommands": delete_my_commands,
    "setMyDescription": accept_quietly,
    "setMyShortDescription": accept_quietly,
    "setMyName": accept_quietly,
    "setChatMenuButton": set_chat_menu_button,
    "getChatMenuButton": get_chat_menu_button,
    "getChat": get_chat,
    "getFile": get_file,
    "sendMessage": send_message,
    "sendPhoto": send_photo,
    "sendDocument": send_document,
    "sendChatAction": send_chat_action,
    "editMessageText": edit_message_text,
    "editMessageCaption": edit_message_caption,
    "editMessageReplyMarkup": edit_message_reply_markup,
    "deleteMessage": delete_message,
    "answerCallbackQuery": answer_callback_query,
}
_HANDLERS = {name.lower(): handler for name, handler in _HANDLERS_BY_NAME.items()}
_CANONICAL = {name.lower(): name for name in _HANDLERS_BY_NAME}
