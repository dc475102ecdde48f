#!/usr/bin/env python3
"""Checks that every nabla op is covered by the lit suite.

For each op declared in dialects/Nabla/IR/*.td this requires a round-trip
test (the op's mnemonic in a test file checked with FileCheck) and, for ops
that infer types or verify, an `expected-error` test in an *-invalid.mlir
file that mentions the op. Prints the ops that lack either and exits 1.
"""
import pathlib
import re
import sys

OP_DEF = re.compile(r'^def\s+(Nabla_\w+Op)\s*:\s*Nabla_\w+<\s*"(\w+)"', re.M)


def main(root):
    root = pathlib.Path(root)
    ops = {}
    for td in sorted((root / "dialects/Nabla/IR").glob("Nabla*Ops.td")):
        for name, mnemonic in OP_DEF.findall(td.read_text()):
            ops[mnemonic] = td.name
    tests = list((root / "test/Dialect/Nabla").rglob("*.mlir"))
    round_trip = "\n".join(t.read_text() for t in tests
                           if "-invalid" not in t.name)
    invalid = "\n".join(t.read_text() for t in tests if "-invalid" in t.name)

    missing = []
    for mnemonic, td in sorted(ops.items()):
        pattern = re.compile(r"nabla\." + mnemonic + r"\b")
        if not pattern.search(round_trip):
            missing.append(f"{mnemonic} ({td}): no round-trip test")
        if not pattern.search(invalid):
            missing.append(f"{mnemonic} ({td}): no *-invalid.mlir test")
    for line in missing:
        print(line)
    print(f"{len(ops)} ops, {len(missing)} coverage gaps")
    return 1 if missing or not ops else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
