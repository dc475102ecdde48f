#!/usr/bin/env python3
"""Checks that every nabla op is covered by the lit suite.

    check-op-coverage.py ROOT          dialect tests
    check-op-coverage.py --e2e ROOT    end-to-end tests
    check-op-coverage.py --lowering ROOT   lowering tests

For each op declared in dialects/Nabla/IR/*.td the first form requires a
round-trip test (the op's mnemonic in a test file checked with FileCheck)
and, for ops that infer types or verify, an `expected-error` test in an
*-invalid.mlir file that mentions the op. The second form requires the op in
the model of some test/E2E/*.test (the models that test/E2E/models.py
generates for them; this needs NumPy). The third requires the op in a
test/Conversion/NablaToLinalg/*.mlir file. Prints the ops that lack coverage
and exits 1.
"""
import pathlib
import re
import sys

OP_DEF = re.compile(r'^def\s+(Nabla_\w+Op)\s*:\s*Nabla_\w+<\s*"(\w+)"', re.M)


def declared_ops(root):
    ops = {}
    for td in sorted((root / "dialects/Nabla/IR").glob("Nabla*Ops.td")):
        for name, mnemonic in OP_DEF.findall(td.read_text()):
            ops[mnemonic] = td.name
    return ops


def main_e2e(root):
    e2e = root / "test/E2E"
    sys.path.insert(0, str(e2e))
    import models  # noqa: E402 - test/E2E/models.py, found through sys.path

    used = {}
    for test in sorted(e2e.glob("*.test")):
        for name in re.findall(r"models\.py\s+(\w+)", test.read_text()):
            for op in models.ops_of_model(name):
                used.setdefault(op, test.name)
    ops = declared_ops(root)
    missing = [f"{mnemonic} ({td}): in no test/E2E model"
               for mnemonic, td in sorted(ops.items()) if mnemonic not in used]
    for line in missing:
        print(line)
    print(f"{len(ops)} ops, {len(missing)} end-to-end coverage gaps")
    return 1 if missing or not ops else 0


def main_lowering(root):
    tests = "\n".join(t.read_text() for t in sorted(
        (root / "test/Conversion/NablaToLinalg").glob("*.mlir")))
    ops = declared_ops(root)
    missing = [f"{mnemonic} ({td}): in no test/Conversion/NablaToLinalg test"
               for mnemonic, td in sorted(ops.items())
               if not re.search(r"nabla\." + mnemonic + r"\b", tests)]
    for line in missing:
        print(line)
    print(f"{len(ops)} ops, {len(missing)} lowering coverage gaps")
    return 1 if missing or not ops else 0


def main(root):
    root = pathlib.Path(root)
    ops = declared_ops(root)
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
    if len(sys.argv) == 3 and sys.argv[1] == "--e2e":
        sys.exit(main_e2e(pathlib.Path(sys.argv[2])))
    if len(sys.argv) == 3 and sys.argv[1] == "--lowering":
        sys.exit(main_lowering(pathlib.Path(sys.argv[2])))
    sys.exit(main(sys.argv[1]))
