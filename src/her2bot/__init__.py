"""her2bot: plain-language explanations of HER2-positive breast cancer on Telegram."""

__version__ = "0.1.0"
