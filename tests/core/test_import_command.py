"""`python main.py import PATH`: the workbook import without a window, for IT staff and scripts."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from decimal import Decimal

import pytest
from sqlmodel import select

from kt_desktop import app
from kt_desktop.domain import Result
from kt_desktop.domain.enums import ResultSource, UnitKind
from kt_desktop.paths import DataPaths
from kt_desktop.services.database import Database
from kt_desktop.services.participants import UnitInput, create_unit
from kt_desktop.store.instance_lock import InstanceLock
from tests.conftest import PROJECT_ROOT, SHARED

SAMPLES = SHARED / "samples"
RESULTS_SAMPLE = SAMPLES / "ket-qua-chi-tieu-2025-bo-phan-mot-cua.xlsx"


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    """The command sets up the app's log file; keep other tests' logging as it was."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


@pytest.fixture
def one_stop(db: Database) -> int:
    return create_unit(db, UnitInput("MC", "Bộ phận Một cửa", UnitKind.DEPARTMENT))


def results(db: Database) -> list[Result]:
    with db.session() as session:
        return list(session.exec(select(Result)).all())


def test_dry_run_json_on_the_public_sample(
    db: Database, data_paths: DataPaths, one_stop: int, capsys: pytest.CaptureFixture[str]
) -> None:
    code = app.main(
        ["import", str(RESULTS_SAMPLE), "--data-dir", str(data_paths.root), "--dry-run", "--json"]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    data = json.loads(out)
    assert data["counts"] == {"new": 6, "changed": 0, "unchanged": 0, "skipped": 2, "error": 0}
    assert (data["kind"], data["unit"], data["period"]) == (
        "foreign",
        "Bộ phận Một cửa",
        "Năm 2025",
    )
    assert data["outcome"] is None
    first = data["rows"][0]
    assert (first["sheet"], first["row"], first["status"]) == ("Kết quả 2025", 6, "new")
    assert first["values"] == {
        "Tử số": "1.068",
        "Mẫu số": "1.250",
        "Ghi chú": "Số liệu hệ thống một cửa",
        "Tỷ lệ": "85,44%",
    }
    assert [r["reason"] for r in data["rows"] if r["status"] == "skipped"] == [
        "Dòng 10 trống.",
        "Dòng 13 là dòng tổng cộng.",
    ]
    assert data["sheets"][0]["mapping"]["F"] == "rate"
    assert results(db) == []  # a dry run writes nothing


def test_a_bad_file_exits_2_with_the_vietnamese_reason_on_stderr(
    db: Database, data_paths: DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    code = app.main(
        [
            "--data-dir",
            str(data_paths.root),
            "import",
            str(SAMPLES / "hong" / "dinh-dang-cu.xls"),
            "--dry-run",
            "--json",
        ]
    )
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert err.strip() == (
        "Tệp được lưu theo định dạng Excel 97-2003 (.xls). Hãy mở tệp trong Excel và lưu lại "
        "dưới dạng .xlsx."
    )


def test_a_foreign_file_with_no_unit_found_asks_for_unit(
    db: Database, data_paths: DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    code = app.main(["import", str(RESULTS_SAMPLE), "--data-dir", str(data_paths.root)])
    _, err = capsys.readouterr()
    assert code == 2
    assert "là của đơn vị nào" in err and "--unit" in err
    assert unicodedata.is_normalized("NFC", err)


def test_a_real_write_then_the_same_file_again_writes_nothing(
    db: Database, data_paths: DataPaths, one_stop: int, capsys: pytest.CaptureFixture[str]
) -> None:
    arguments = [
        "import",
        str(RESULTS_SAMPLE),
        "--data-dir",
        str(data_paths.root),
        "--unit",
        "mc",
        "--period",
        "2025",
    ]
    assert app.main(arguments) == 0
    out, _ = capsys.readouterr()
    assert "Đơn vị: Bộ phận Một cửa (Đã chọn)." in out
    assert out.strip().endswith(
        "Đã nhập 6 dòng từ tệp “ket-qua-chi-tieu-2025-bo-phan-mot-cua.xlsx” (6 mới, 0 thay đổi)."
    )
    written = {(r.numerator, r.denominator, r.value) for r in results(db)}
    assert (Decimal(1068), Decimal(1250), None) in written
    assert (None, None, Decimal(100)) in written
    assert all(r.source == ResultSource.IMPORTED for r in results(db))

    assert app.main([*arguments, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"]["unchanged"] == 6
    assert data["outcome"]["written"] == 0


def test_an_unknown_unit_code_or_year_is_refused(
    db: Database, data_paths: DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    root = str(data_paths.root)
    assert app.main(["import", str(RESULTS_SAMPLE), "--data-dir", root, "--unit", "XYZ"]) == 2
    assert "Không có đơn vị nào mã “XYZ”." in capsys.readouterr().err
    assert app.main(["import", str(RESULTS_SAMPLE), "--data-dir", root, "--period", "1999"]) == 2
    assert "Không có kỳ thi đua năm 1999." in capsys.readouterr().err


def test_the_command_waits_for_the_open_app_to_close(
    db: Database, data_paths: DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    lock = InstanceLock(data_paths.lock_file)
    assert lock.acquire()
    try:
        code = app.main(["import", str(RESULTS_SAMPLE), "--data-dir", str(data_paths.root)])
    finally:
        lock.release()
    assert code == 3
    assert "Chương trình đang mở" in capsys.readouterr().err


def test_main_py_prints_utf8_json_as_a_separate_process(
    db: Database, data_paths: DataPaths
) -> None:
    create_unit(db, UnitInput("T01", "Thôn Đông", UnitKind.VILLAGE))
    completed = subprocess.run(
        [
            sys.executable,
            str(PROJECT_ROOT / "main.py"),
            "import",
            str(SAMPLES / "de-nghi-khen-thuong-2025-thon-dong.xlsx"),
            "--data-dir",
            str(data_paths.root),
            "--dry-run",
            "--json",
        ],
        capture_output=True,
        timeout=120,
        # A console that can't print Vietnamese: the JSON still comes out as UTF-8.
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
        check=False,
    )
    assert completed.returncode == 0, completed.stderr.decode("utf-8", "replace")
    data = json.loads(completed.stdout.decode("utf-8"))
    assert data["unit"] == "Thôn Đông"
    assert data["counts"] == {"new": 3, "changed": 0, "unchanged": 0, "skipped": 0, "error": 2}
    errors = [e for row in data["rows"] for e in row["errors"]]
    assert [(e["column"], e["row"]) for e in errors] == [("B", 7), ("B", 9)]
    assert errors[1]["value"] == "Trần Văn Đức"
