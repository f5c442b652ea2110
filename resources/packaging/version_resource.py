"""Write the Windows version resource for the frozen program from the one version literal."""

from __future__ import annotations

from pathlib import Path

TEMPLATE = """# UTF-8
VSVersionInfo(
  ffi=FixedFileInfo(filevers={numbers}, prodvers={numbers}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('042a04b0', [
      StringStruct('CompanyName', 'Ủy ban nhân dân xã Kim Thành'),
      StringStruct('FileDescription', 'Thi đua Đổi mới sáng tạo – Chuyển đổi số Kim Thành'),
      StringStruct('FileVersion', '{version}'),
      StringStruct('InternalName', 'KimThanhThiDua'),
      StringStruct('OriginalFilename', 'KimThanhThiDua.exe'),
      StringStruct('ProductName', 'Thi đua Đổi mới sáng tạo – Chuyển đổi số Kim Thành'),
      StringStruct('ProductVersion', '{version}')])]),
    VarFileInfo([VarStruct('Translation', [0x042a, 1200])])
  ]
)
"""


def version_numbers(version: str) -> tuple[int, int, int, int]:
    """'0.1.0' -> (0, 1, 0, 0): Windows wants four numbers."""
    parts = [int("".join(ch for ch in part if ch.isdigit()) or 0) for part in version.split(".")]
    padded = [*parts, 0, 0, 0, 0][:4]
    return padded[0], padded[1], padded[2], padded[3]


def write_version_file(target: Path, version: str) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    text = TEMPLATE.format(numbers=version_numbers(version), version=version)
    target.write_text(text, encoding="utf-8")
    return target
