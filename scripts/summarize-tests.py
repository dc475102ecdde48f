#!/usr/bin/env python3
"""Prints one closing line "N passed, N failed" over lit and GoogleTest results.

Usage: summarize-tests.py LIT.json GTEST.json [GTEST.json...]

A missing or unreadable result file counts as a failure: a runner that
crashed before writing its results must not look like a clean run.
"""
import json
import sys

LIT_PASS = {"PASS", "XFAIL"}
LIT_SKIP = {"UNSUPPORTED", "SKIPPED", "EXCLUDED"}


def count_lit(path):
    with open(path) as f:
        tests = json.load(f)["tests"]
    passed = sum(t["code"] in LIT_PASS for t in tests)
    skipped = sum(t["code"] in LIT_SKIP for t in tests)
    return passed, len(tests) - passed - skipped, skipped


def count_gtest(path):
    with open(path) as f:
        report = json.load(f)
    total = report["tests"]
    failed = report["failures"] + report.get("errors", 0)
    skipped = report.get("disabled", 0)
    return total - failed - skipped, failed, skipped


def main(lit_path, *gtest_paths):
    passed = failed = skipped = 0
    runs = [(count_lit, lit_path)] + [(count_gtest, p) for p in gtest_paths]
    for counter, path in runs:
        try:
            p, f, s = counter(path)
        except (OSError, ValueError, KeyError) as error:
            print(f"error: no results in {path}: {error}", file=sys.stderr)
            p, f, s = 0, 1, 0
        passed, failed, skipped = passed + p, failed + f, skipped + s
    line = f"{passed} passed, {failed} failed"
    if skipped:
        line += f", {skipped} skipped"
    print(line)
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: summarize-tests.py LIT.json GTEST.json...")
    sys.exit(main(*sys.argv[1:]))
