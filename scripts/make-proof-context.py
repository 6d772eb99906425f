#!/usr/bin/env python3
"""Makes the proofreader's context model (assets/proof/context.bin): how often each character,
pair and triple of characters occurs in the laws and regulations of the People's Republic of
China, the official language a speech's sentences are written in.

The source is a folder of the laws, administrative regulations, departmental rules, judicial
interpretations and local regulations as Markdown files (the LawRefBook project's `Laws`
repository holds them, taken from the national database of laws and regulations); its case
stories (`案例`) and other writings (`其他`) are left out. Laws, regulations and other documents
of a legislative, administrative or judicial nature are not subject to copyright (Copyright Law
of the PRC, article 5); only counts are kept, no text: pairs counted 3 times or more and
triples 5 times or more (keeping rarer ones makes the file half as large again for no
measurable gain).

A line that holds a sentence of a measuring set (`--exclude FILE`, one `N<TAB>SOURCE<TAB>TARGET`
a line) is left out, so that the proofreader's figures on that set are not flattered by having
seen its sentences.

Usage: make-proof-context.py LAWS_DIR [--exclude TSV]

Format (all integers big-endian): the magic `JGCTX001`; the number of unigram, bigram and
trigram records (u32 each); the number of characters counted (u64); then the records, each
sorted: a key of 1, 2 or 3 characters as u16 (the code point less 0x4E00; 0xFFFE the start and
0xFFFF the end of a run of Han characters) and the count as u16, round(ln(count) * 2048).
"""

import math
import os
import re
import struct
import sys
from collections import Counter

MIN_BIGRAM = 3
MIN_TRIGRAM = 5
LEFT_OUT = {"案例", "其他", "scripts", ".github"}
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "assets", "proof", "context.bin")
START, END = "\ufffe", "\uffff"
HAN = re.compile(r"[\u4e00-\u9fff]+")


def code(c):
    return ord(c) - 0x4E00 if c not in (START, END) else ord(c)


def main():
    args = sys.argv[1:]
    exclude = []
    if "--exclude" in args:
        k = args.index("--exclude")
        for line in open(args[k + 1], encoding="utf-8"):
            parts = line.rstrip("\n").split("\t")
            exclude += [p for p in parts[1:3] if len(p) >= 8]
        del args[k : k + 2]
    root = args[0]
    uni, bi, tri = Counter(), Counter(), Counter()
    seen, dropped, total = set(), 0, 0
    for top in sorted(os.listdir(root)):
        if top in LEFT_OUT or not os.path.isdir(os.path.join(root, top)):
            continue
        for folder, _, files in os.walk(os.path.join(root, top)):
            for name in sorted(files):
                if not name.endswith(".md"):
                    continue
                with open(os.path.join(folder, name), encoding="utf-8", errors="ignore") as f:
                    for line in f:
                        # An article recurs in each version of a law: count it once.
                        if line in seen:
                            continue
                        seen.add(line)
                        if any(e[:4] in line and e in line for e in exclude):
                            dropped += 1
                            continue
                        for run in HAN.findall(line):
                            total += len(run)
                            uni.update(run)
                            s = START + run + END
                            bi.update(s[i : i + 2] for i in range(len(s) - 1))
                            tri.update(s[i : i + 3] for i in range(len(s) - 2))
    tables = [
        sorted(uni.items()),
        sorted((k, v) for k, v in bi.items() if v >= MIN_BIGRAM),
        sorted((k, v) for k, v in tri.items() if v >= MIN_TRIGRAM),
    ]
    with open(OUT, "wb") as out:
        out.write(b"JGCTX001")
        out.write(struct.pack(">IIIQ", *(len(t) for t in tables), total))
        for table in tables:
            table.sort(key=lambda kv: [code(c) for c in kv[0]])
            for key, count in table:
                out.write(struct.pack(f">{len(key)}H", *(code(c) for c in key)))
                out.write(struct.pack(">H", round(math.log(count) * 2048)))
    print(
        f"{total} characters; {len(tables[0])} characters, {len(tables[1])} pairs, "
        f"{len(tables[2])} triples; {dropped} lines left out",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
