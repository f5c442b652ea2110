"""Compile forms/*.ui into kt_desktop/gui/forms/ui_*.py, or check (--check) that they match."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMS = ROOT / "forms"
TARGET = ROOT / "kt_desktop" / "gui" / "forms"
HEADER = "# Generated from forms/{name} by .ci/forms.py (pyside6-uic). Do not edit.\n"


def uic_executable() -> str:
    candidate = Path(sys.executable).with_name("pyside6-uic")
    return str(candidate) if candidate.exists() else "pyside6-uic"


def compile_form(ui_file: Path) -> str:
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "out.py"
        subprocess.run([uic_executable(), str(ui_file), "-o", str(output)], check=True)
        lines = output.read_text(encoding="utf-8").splitlines(keepends=True)
    # uic's own banner names the Qt version; drop it so a patch release doesn't fail the check.
    body = [line for line in lines if not line.startswith("##")]
    while body and not body[0].strip():
        body.pop(0)
    return HEADER.format(name=ui_file.name) + "".join(body)


def main() -> int:
    check = "--check" in sys.argv[1:]
    TARGET.mkdir(parents=True, exist_ok=True)
    stale = []
    expected_files = set()
    for ui_file in sorted(FORMS.glob("*.ui")):
        target = TARGET / f"ui_{ui_file.stem}.py"
        expected_files.add(target.name)
        generated = compile_form(ui_file)
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current != generated:
            stale.append(target.relative_to(ROOT))
            if not check:
                target.write_text(generated, encoding="utf-8")
    orphans = [
        path.relative_to(ROOT) for path in TARGET.glob("ui_*.py") if path.name not in expected_files
    ]
    if check and (stale or orphans):
        for path in stale:
            print(f"forms: {path} does not match its .ui source; run python .ci/forms.py")
        for path in orphans:
            print(f"forms: {path} has no source in forms/")
        return 1
    print(f"forms: {len(expected_files)} forms {'checked' if check else 'compiled'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
