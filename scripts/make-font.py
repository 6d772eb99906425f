#!/usr/bin/env python3
"""Builds fonts/JianggaoSans-Regular.otf: a subset of Noto Sans CJK SC (SIL OFL 1.1).

Coverage: ASCII, general and CJK punctuation, full-width forms, every character of GB2312, and
every character used in the repository's sources, assets and tests (so the UI and the bundled
samples never fall back). Rarer characters fall back to system fonts at run time.

The OFL forbids a modified font from using the original's Reserved Font Name, so the family is
renamed to "Jianggao Sans".

Needs: Debian's fonts-noto-cjk and fontTools (pip install fonttools).
Usage: scripts/make-font.py [extra text files whose characters must be covered...]
"""
import pathlib
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCE = pathlib.Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
OUT = ROOT / "fonts" / "JianggaoSans-Regular.otf"
FAMILY = "Jianggao Sans"


def gb2312_chars():
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def repo_chars(extra):
    chars = set()
    files = [p for d in ("src", "assets", "tests", "benches") for p in (ROOT / d).rglob("*") if p.is_file()]
    files += [ROOT / "README.md", ROOT / "ARCHITECTURE.md"] + [pathlib.Path(e) for e in extra]
    for path in files:
        try:
            chars |= set(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, FileNotFoundError):
            pass
    return chars


def main():
    collection = TTCollection(str(SOURCE))
    font = next(f for f in collection.fonts if "CJK SC" in f["name"].getDebugName(1))
    ranges = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100)) | set(range(0x2000, 0x2070))
    ranges |= set(range(0x2150, 0x2190)) | set(range(0x2460, 0x24A0)) | set(range(0x25A0, 0x2600))
    ranges |= set(range(0x2600, 0x2700)) | set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0))
    required = gb2312_chars() | repo_chars(sys.argv[1:])
    wanted = {chr(c) for c in ranges} | required
    cmap = font.getBestCmap()
    unicodes = sorted(ord(c) for c in wanted if ord(c) in cmap)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    names = font["name"]
    for rec in list(names.names):
        if rec.nameID in (1, 16):
            rec.string = FAMILY
        elif rec.nameID == 3:
            rec.string = "JianggaoSans-Regular;subset of Noto Sans CJK SC"
        elif rec.nameID == 4:
            rec.string = FAMILY + " Regular"
        elif rec.nameID == 6:
            rec.string = "JianggaoSans-Regular"
        elif rec.nameID == 17:
            rec.string = "Regular"
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = ["JianggaoSans-Regular"]
        top = cff.topDictIndex[0]
        top.FullName = FAMILY + " Regular"
        top.FamilyName = FAMILY
    font.save(str(OUT))
    missing = sorted(c for c in required if ord(c) not in cmap and not c.isspace() and ord(c) >= 0x80)
    print(f"{OUT.name}: {len(unicodes)} characters, {OUT.stat().st_size} bytes")
    if missing:
        print("not in the source font (system fallback):", "".join(missing[:80]))


if __name__ == "__main__":
    main()
