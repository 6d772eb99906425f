#!/usr/bin/env python3
"""Makes the proofreader's word and character tables (assets/proof/words.txt, chars.txt).

words.txt: the words of 2 to 6 characters of the jieba project's dictionary (dict.txt, MIT
licence, © 2013 Sun Junyi; the same file the jieba-rs crate ships) that it counts 5 times or
more, with their counts: the language model that tells a word from a slip of the pen.

chars.txt: for the 6,763 characters of GB 2312, their four-corner code (kFourCornerCode),
Cangjie code (kCangjie), readings and phonetic series (kPhonetic: the classes of Casey's
"Chinese Four Corner Dictionary", characters built on one phonetic component, 青 in 清情请)
from the Unicode Han Database (Unihan, Unicode License v3): the shapes and sounds the
proofreader compares to find characters written for one another.
The readings are those of the 通用规范汉字字典 (kTGHZ2013; else 现代汉语词典, kXHC1983; else
kMandarin): modern readings only, since an archaic one (奥 yù, 提 shí) would make characters
sound alike that no drafter confuses.

Usage: make-proof-data.py DICT_TXT UNIHAN_DIR
  DICT_TXT    jieba's dict.txt (in the jieba-rs crate: src/data/dict.txt), or - to leave
              words.txt as it is
  UNIHAN_DIR  a folder holding Unihan_DictionaryLikeData.txt, Unihan_OtherMappings.txt and
              Unihan_Readings.txt (plain or .bz2; Debian's unicode-data package installs them)
"""

import bz2
import os
import sys
import unicodedata

MIN_COUNT = 5
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "assets", "proof")


def is_han(c):
    return "\u4e00" <= c <= "\u9fff"


TONES = {"\u0304": "1", "\u0301": "2", "\u030c": "3", "\u0300": "4"}


def numbered(reading):
    """`lè` → `le4`, `lü` → `lv`: the syllable in ASCII with its tone as a digit (5: light)."""
    tone = "5"
    out = ""
    for c in unicodedata.normalize("NFD", reading):
        if c in TONES:
            tone = TONES[c]
        elif c == "\u0308":
            out = out[:-1] + "v"
        elif not unicodedata.combining(c):
            out += c
    return out + tone


def unihan(folder, name):
    path = os.path.join(folder, name)
    if os.path.exists(path):
        f = open(path, encoding="utf-8")
    else:
        f = bz2.open(path + ".bz2", "rt", encoding="utf-8")
    with f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            code, key, value = line.rstrip("\n").split("\t")
            yield chr(int(code[2:], 16)), key, value


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    dict_txt, folder = sys.argv[1:]
    if dict_txt != "-":
        write_words(dict_txt)
    write_chars(folder)


def write_words(dict_txt):
    words = []
    with open(dict_txt, encoding="utf-8") as f:
        for line in f:
            word, count, *_ = line.split()
            if 2 <= len(word) <= 6 and all(is_han(c) for c in word) and int(count) >= MIN_COUNT:
                words.append((word, int(count)))
    # Single characters too: the model needs their counts to weigh a split against a word.
    singles = {}
    with open(dict_txt, encoding="utf-8") as f:
        for line in f:
            word, count, *_ = line.split()
            if len(word) == 1 and is_han(word):
                singles[word] = int(count)
    words.extend(singles.items())
    words.sort()
    with open(os.path.join(OUT, "words.txt"), "w", encoding="utf-8") as out:
        out.write("# 词 次数 — jieba dict.txt (MIT, © 2013 Sun Junyi), 2–6 字且次数≥5 的词与单字；"
                  "由 scripts/make-proof-data.py 生成\n")
        for word, count in words:
            out.write(f"{word} {count}\n")
    print(f"{len(words)} words")


def write_chars(folder):
    gb = set()
    for c, key, _ in unihan(folder, "Unihan_OtherMappings.txt"):
        if key == "kGB0":
            gb.add(c)
    corner, cangjie, phonetic = {}, {}, {}
    for c, key, value in unihan(folder, "Unihan_DictionaryLikeData.txt"):
        if c in gb and key == "kFourCornerCode":
            # The first code, its four main digits: the fifth (附角) adds little.
            corner[c] = value.split()[0].split(".")[0][:4]
        elif c in gb and key == "kCangjie":
            cangjie[c] = value
        elif c in gb and key == "kPhonetic":
            # The asterisk (a character Casey's dictionary lacks) does not change the class.
            phonetic[c] = ",".join(dict.fromkeys(v.rstrip("*") for v in value.split()))
    readings = {}
    for c, key, value in unihan(folder, "Unihan_Readings.txt"):
        if c not in gb:
            continue
        rank = {"kTGHZ2013": 0, "kXHC1983": 1, "kMandarin": 2}.get(key)
        if rank is None or readings.get(c, (9,))[0] < rank:
            continue
        found = [v.split(":")[-1] for v in value.split()]
        readings[c] = (rank, [numbered(r) for r in found])
    with open(os.path.join(OUT, "chars.txt"), "w", encoding="utf-8") as out:
        out.write("# 字 四角号码 仓颉码 读音 声旁类 — Unicode Han Database (Unihan, Unicode License v3) 的 "
                  "GB 2312 汉字；由 scripts/make-proof-data.py 生成\n")
        for c in sorted(gb):
            sounds = ",".join(dict.fromkeys(readings.get(c, (0, ["-"]))[1]))
            out.write(f"{c} {corner.get(c, '-')} {cangjie.get(c, '-')} {sounds} "
                      f"{phonetic.get(c, '-')}\n")
    print(f"{len(gb)} characters")


if __name__ == "__main__":
    main()
