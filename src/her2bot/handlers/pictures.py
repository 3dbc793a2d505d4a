""""Show this as a picture": a topic's figures as icon arrays, each sent with sendPhoto.

The caption is the picture's full text equivalent (Telegram photos have no alt text). The first
upload's file id is kept in the store, so every later send (from any instance sharing the store)
reuses it instead of uploading again; a file id Telegram no longer accepts is simply replaced.
"""

from __future__ import annotations

import contextlib
import logging
from html import escape
from typing import Any, TypedDict

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import CallbackContext, ContextTypes

from her2bot import callbacks as cb
from her2bot.handlers.common import chat_id, preferences
from her2bot.handlers.routing import require
from her2bot.pictures import Picture, Pictures, caption, render_png
from her2bot.services import Services, services
from her2bot.store import StoreError
from her2bot.vocabulary import Reader

_log = logging.getLogger(__name__)


def pictures_of(context: CallbackContext[Any, Any, Any, Any]) -> Pictures:
    """The pictures loaded with the rest of content/ (her2bot.library), kept in Services."""
    return services(context).pictures


class TopicExtras(TypedDict):
    has_pictures: bool
    local_links: tuple[tuple[str, str], ...]


def topic_extras(context: CallbackContext[Any, Any, Any, Any], topic_id: str) -> TopicExtras:
    """What a topic page shows beyond its content: a picture button, this country's lines."""
    return TopicExtras(
        has_pictures=bool(pictures_of(context).for_topic(topic_id)),
        local_links=services(context).settings.local_helplines,
    )


async def show_picture(
    update: Update, context: ContextTypes.DEFAULT_TYPE, data: cb.ShowPicture
) -> None:
    s = services(context)
    pictures = pictures_of(context)
    require(bool(pictures.for_topic(data.topic)))
    back = InlineKeyboardMarkup([
        [InlineKeyboardButton(
            s.renderer.ui("back_button"),
            callback_data=cb.ShowTopic(data.topic, data.level, numbers_ok=True).encode(),
        )],
        [InlineKeyboardButton(s.renderer.ui("menu_button"), callback_data=cb.ShowMenu().encode())],
    ])
    reader = (await preferences(update, context)).reader
    chosen = pictures.for_topic(data.topic)
    for index, picture in enumerate(chosen):
        markup = back if index == len(chosen) - 1 else None  # Back under the last one
        await _send(context, s, pictures, picture, chat_id(update), markup, reader)


async def _send(
    context: ContextTypes.DEFAULT_TYPE, s: Services, pictures: Pictures, picture: Picture,
    to_chat: int, markup: InlineKeyboardMarkup | None, reader: Reader,
) -> None:
    # The caption explains figures, so it ends with the disclaimer like every explanation.
    text = s.renderer.explanation(
        escape(caption(picture, pictures.strings, pictures.source_lines[picture.id]), quote=False),
        reader,
    )
    key = picture.cache_key
    known = await _stored_file_id(s, key)
    if known is not None:
        try:
            await context.bot.send_photo(
                to_chat, photo=known, caption=text, reply_markup=markup
            )
            return
        except BadRequest as exc:  # e.g. another bot token's file id: upload afresh
            _log.info("stored picture file id refused (%s); uploading again", exc.message)
    sent = await context.bot.send_photo(
        to_chat, photo=render_png(picture, pictures.strings), caption=text, reply_markup=markup,
    )
    await _remember(s, key, sent)


async def _stored_file_id(s: Services, key: str) -> str | None:
    try:
        return await s.store.get_file_id(key)
    except StoreError:
        return None  # the store is down: upload again, it is only a picture


async def _remember(s: Services, key: str, sent: Message) -> None:
    if not sent.photo:
        return
    with contextlib.suppress(StoreError):  # not kept: the next send uploads again
        await s.store.put_file_id(key, sent.photo[-1].file_id)  # the largest size
