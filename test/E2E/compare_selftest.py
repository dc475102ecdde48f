#!/usr/bin/env python3
"""Checks that compare.py accepts right outputs and rejects wrong ones.

Runs compare.main on small fake output directories (no compiler needed) and
prints one line per case; exits 1 if compare.py passes a wrong output or
fails a right one.
"""
import contextlib
import io
import json
import os
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare  # noqa: E402


def write(directory, files):
    os.makedirs(directory, exist_ok=True)
    for name, value in files.items():
        path = os.path.join(directory, name)
        if isinstance(value, dict):
            with open(path, "w") as f:
                json.dump(value, f)
        elif name.endswith(".npy"):
            np.save(path, value)
        else:
            with open(path, "wb") as f:
                np.save(f, value)


def run(expected, produced):
    with tempfile.TemporaryDirectory() as tmp:
        write(os.path.join(tmp, "expected"), expected)
        write(os.path.join(tmp, "out"), produced)
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            return compare.main([os.path.join(tmp, "out"), os.path.join(tmp, "expected")])


def main():
    rng = np.random.default_rng(0)
    want = rng.standard_normal((4, 5)).astype(np.float32)
    want[0, 0] = 1e-4  # a near-zero element of a tensor of magnitude ~1
    ints = rng.integers(-5, 5, (3,)).astype(np.int64)
    base = {"y.npy": want, "i.npy": ints}

    def with_(**changes):
        out = dict(base)
        for key, value in changes.items():
            if value is None:
                out.pop(f"{key}.npy")
            else:
                out[f"{key}.npy"] = value
        return out

    def bumped(index, rel):
        got = want.astype(np.float64).copy()
        got[index] += rel * abs(got[index])
        return got.astype(np.float32)

    floor_abs = compare.FLOOR * float(np.abs(want).max())
    near_zero_ok = want.copy()
    near_zero_ok[0, 0] += np.float32(0.5e-5 * floor_abs)
    near_zero_bad = want.copy()
    near_zero_bad[0, 0] += np.float32(2e-5 * floor_abs)
    nan_want = want.copy()
    nan_want[1, 1] = np.nan
    inf_want = want.copy()
    inf_want[2, 2] = -np.inf

    cases = [
        ("identical outputs pass", base, base, 0),
        ("relative error 5e-6 passes", base, with_(y=bumped((1, 2), 5e-6)), 0),
        ("relative error 2e-5 fails", base, with_(y=bumped((1, 2), 2e-5)), 1),
        ("near-zero element within the floor passes", base, with_(y=near_zero_ok), 0),
        ("near-zero element beyond the floor fails", base, with_(y=near_zero_bad), 1),
        ("wrong dtype fails", base, with_(y=want.astype(np.float64)), 1),
        ("wrong shape fails", base, with_(y=want.reshape(5, 4)), 1),
        ("integer off by one fails", base, with_(i=ints + np.array([0, 1, 0])), 1),
        ("missing output fails", base, with_(i=None), 1),
        ("extra output fails", base, dict(base, **{"extra.npy": ints}), 1),
        ("NaN where NaN is expected passes", {"y.npy": nan_want}, {"y.npy": nan_want}, 0),
        ("number where NaN is expected fails", {"y.npy": nan_want}, {"y.npy": want}, 1),
        ("NaN where a number is expected fails", {"y.npy": want}, {"y.npy": nan_want}, 1),
        ("wrong infinity fails", {"y.npy": inf_want}, {"y.npy": -inf_want}, 1),
        ("all-zero tensor must be exact", {"z.npy": np.zeros(3, np.float32)},
         {"z.npy": np.array([0, 1e-30, 0], np.float32)}, 1),
        ("bool mismatch fails", {"b.npy": np.array([True, False])},
         {"b.npy": np.array([True, True])}, 1),
    ]

    x = rng.uniform(0.5, 1.5, (4000,)).astype(np.float32)
    kept = (x / np.float32(0.7)).astype(np.float32)
    mask = rng.random(4000) < 0.7
    spec = {"check": "dropout", "mask": "m", "kept": "y.kept", "ratio": 0.3,
            "same_mask_as": None}
    dropout_expected = {"y.check.json": spec, "y.kept": kept}
    good = np.where(mask, kept, np.float32(0)).astype(np.float32)
    cases += [
        ("consistent dropout passes", dropout_expected, {"y.npy": good, "m.npy": mask}, 0),
        ("dropout value off the mask fails", dropout_expected,
         {"y.npy": np.where(mask, kept, np.float32(1)).astype(np.float32), "m.npy": mask}, 1),
        ("dropout without the 1/(1-ratio) scale fails", dropout_expected,
         {"y.npy": np.where(mask, x, np.float32(0)).astype(np.float32), "m.npy": mask}, 1),
        ("dropout keeping everything fails", dropout_expected,
         {"y.npy": kept, "m.npy": np.ones(4000, bool)}, 1),
        ("dropout mask of the wrong dtype fails", dropout_expected,
         {"y.npy": good, "m.npy": mask.astype(np.uint8)}, 1),
    ]
    spec2 = dict(spec, mask="m2", kept="y2.kept", same_mask_as="m")
    two = dict(dropout_expected, **{"y2.check.json": spec2, "y2.kept": kept})
    other = rng.random(4000) < 0.7
    cases += [
        ("same seed, same mask passes", two,
         {"y.npy": good, "m.npy": mask, "y2.npy": good, "m2.npy": mask}, 0),
        ("same seed, different mask fails", two,
         {"y.npy": good, "m.npy": mask,
          "y2.npy": np.where(other, kept, np.float32(0)).astype(np.float32), "m2.npy": other}, 1),
    ]

    failures = 0
    for name, expected, produced, want_status in cases:
        status = run(expected, produced)
        ok = status == want_status
        failures += not ok
        print(f"{'ok' if ok else 'WRONG'}: {name} (exit {status}, want {want_status})")
    print(f"{len(cases)} cases, {failures} wrong")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
