#!/usr/bin/env python3
"""Mutation smoke test: nabla-opt must never crash on malformed input.

Takes the lit inputs under test/Dialect, splits them into cases, applies
random mutations (numbers, dimensions, deleted spans, swapped keywords) and
runs `nabla-opt -canonicalize` on each mutant. Diagnostics and non-zero exits
are fine; a signal (crash, abort), a stack dump or a sanitizer report is a
failure. The seed is
fixed so a failure reproduces; the mutant is written next to the report.

usage: mutate-mlir.py NABLA_OPT TEST_ROOT COUNT [SEED]
"""
import pathlib
import random
import re
import subprocess
import sys
import tempfile

NUMBERS = ["0", "1", "-1", "2", "3", "-7", "65536", "9223372036854775807",
           "-9223372036854775808", "4294967296"]
DIMS = ["0", "1", "?", "3", "1000000000"]
# A signal is a crash; so is a sanitizer report (ASan and UBSan exit with 1).
CRASH_MARKERS = ("Stack dump", "AddressSanitizer", "LeakSanitizer",
                 "runtime error:")
KEYWORDS = ["f32", "f16", "i1", "i64", "ui8", "tanh", "train", "eval",
            "reflect", "none", "mean", "bidirectional", "lt", "[]", "[0]"]


def mutate(text, rng):
    choice = rng.randrange(5)
    if choice == 0:  # Replace an integer literal.
        spans = [m.span() for m in re.finditer(r"-?\b\d+\b", text)]
        if spans:
            a, b = rng.choice(spans)
            return text[:a] + rng.choice(NUMBERS) + text[b:]
    if choice == 1:  # Change one dimension of a tensor type.
        spans = [m.span(1) for m in re.finditer(r"(\d+|\?)x", text)]
        if spans:
            a, b = rng.choice(spans)
            return text[:a] + rng.choice(DIMS) + text[b:]
    if choice == 2:  # Delete a short span.
        if text:
            a = rng.randrange(len(text))
            return text[:a] + text[a + rng.randrange(1, 12):]
    if choice == 3:  # Replace an identifier with a keyword.
        spans = [m.span() for m in re.finditer(r"\b[a-z][a-z0-9_]*\b", text)]
        if spans:
            a, b = rng.choice(spans)
            return text[:a] + rng.choice(KEYWORDS) + text[b:]
    # Duplicate a line.
    lines = text.splitlines(keepends=True)
    if lines:
        i = rng.randrange(len(lines))
        lines.insert(i, lines[i])
    return "".join(lines)


def cases(root):
    for path in sorted(pathlib.Path(root).rglob("*.mlir")):
        for case in path.read_text().split("// -----"):
            body = "\n".join(l for l in case.splitlines()
                             if not l.lstrip().startswith("//"))
            if body.strip():
                yield path.name, body


def main(nabla_opt, root, count, seed=0):
    rng = random.Random(seed)
    corpus = list(cases(root))
    crashes = 0
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(count):
            name, text = rng.choice(corpus)
            for _ in range(rng.randrange(1, 4)):
                text = mutate(text, rng)
            src = pathlib.Path(tmp) / "mutant.mlir"
            src.write_text(text)
            for passes in (["-canonicalize"], ["-nabla-refine-shapes"]):
                run = subprocess.run([nabla_opt, str(src), *passes],
                                     capture_output=True, text=True,
                                     timeout=60)
                if run.returncode < 0 or any(m in run.stderr
                                             for m in CRASH_MARKERS):
                    crashes += 1
                    out = pathlib.Path(f"crash-{seed}-{i}.mlir")
                    out.write_text(text)
                    print(f"CRASH ({name}, mutant {i}, {' '.join(passes)}): "
                          f"saved {out}\n{run.stderr[-2000:]}")
    print(f"{count} mutants, {crashes} crashes")
    return 1 if crashes else 0


if __name__ == "__main__":
    args = sys.argv[1:]
    sys.exit(main(args[0], args[1], int(args[2]),
                  int(args[3]) if len(args) > 3 else 0))
