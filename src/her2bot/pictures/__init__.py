"""Icon arrays: "37 in 100" figures drawn as 100 small people (content/pictures.yaml)."""

from her2bot.pictures.draw import caption, icon_pixels, render, render_png
from her2bot.pictures.models import (
    Picture,
    PictureError,
    Pictures,
    PictureStrings,
    load_pictures,
)

__all__ = [
    "Picture", "PictureError", "PictureStrings", "Pictures", "caption", "icon_pixels",
    "load_pictures", "render", "render_png",
]
