"""Tests for nfc and clean_text."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from kt_desktop.text import clean_text, nfc


def test_nfc_composes_decomposed_vietnamese() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hồng Ánh")
    assert decomposed != "Nguyễn Thị Hồng Ánh"
    assert nfc(decomposed) == "Nguyễn Thị Hồng Ánh"


def test_clean_text_none_is_empty() -> None:
    assert clean_text(None) == ""


def test_clean_text_strips_and_collapses_every_kind_of_whitespace() -> None:
    assert clean_text("  Kim\u00a0\u00a0Thành \t\n xã\u202fKim  ") == "Kim Thành xã Kim"


def test_clean_text_normalises_to_nfc() -> None:
    assert clean_text(unicodedata.normalize("NFD", " Hoà  Bình ")) == "Hoà Bình"


def test_clean_text_keeps_single_spaces() -> None:
    assert clean_text("Lê Văn An") == "Lê Văn An"


@given(st.text())
def test_clean_text_is_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once


@given(st.text())
def test_clean_text_output_shape(text: str) -> None:
    cleaned = clean_text(text)
    assert cleaned == cleaned.strip()
    assert "  " not in cleaned
    assert not any(ch.isspace() and ch != " " for ch in cleaned)
    assert unicodedata.is_normalized("NFC", cleaned)
