"""Finding attributed claims in article text: direct and partial quotes, and reported speech."""

from .rules import MEDIA_WORDS, Extracted, clear_caches, extract

__all__ = ["MEDIA_WORDS", "Extracted", "clear_caches", "extract"]
