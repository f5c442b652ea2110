"""Unicode normalisation and whitespace cleaning applied to every piece of user input."""

import unicodedata

__all__ = ["clean_text", "nfc"]


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC.

    Vietnamese arrives both precomposed (most keyboards) and decomposed (text pasted
    from macOS or some PDFs); storing one form keeps equality and uniqueness checks honest.
    """
    return unicodedata.normalize("NFC", text)


def clean_text(text: str | None) -> str:
    """Return ``text`` in NFC, stripped, with every run of whitespace made one space.

    ``None`` gives ``""``. Whitespace is whatever :meth:`str.split` splits on, which
    covers tabs, newlines, the no-break space U+00A0 and the narrow no-break space U+202F
    that spreadsheets and Word paste in.
    """
    if text is None:
        return ""
    return " ".join(nfc(text).split())
