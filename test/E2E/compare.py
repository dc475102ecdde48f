#!/usr/bin/env python3
"""Compares a compiled model's outputs with the NumPy reference outputs.

    compare.py OUTDIR EXPECTEDDIR [--rtol R]

Every EXPECTEDDIR/<name>.npy must have a produced OUTDIR/<name>.npy with the
same dtype and shape, and OUTDIR must hold no other outputs. Then:

* bool and integer tensors must be equal, element for element;
* floating-point tensors must agree within relative error RTOL = 1e-5:

      |got - want| <= RTOL * max(|want|, FLOOR * max_j |want_j|)

  where max_j runs over the finite elements of the expected tensor and
  FLOOR = 5e-2. Elements of at least 5% of the tensor's largest magnitude
  are held to 1e-5 of their own value; smaller ones to 1e-5 of that 5%
  (5e-7 of the largest), so that an element that is near zero because of
  cancellation (a dot product of terms of magnitude ~1 that sums to ~1e-3)
  is not held to an absolute error that float32 arithmetic cannot reach.
  FLOOR was measured, not guessed: computing every model of models.py in
  float32 with sequential accumulation (a correct but unfavourable order)
  uses up to 1.0x of this allowance with FLOOR = 1e-2 and about 0.5x with
  5e-2, while wrong semantics (an index off by one, a missing term, a
  wrong constant) are off by far more than 1e-5 at any FLOOR. A tensor
  that is all zeros must be reproduced exactly.
  An expected NaN requires a NaN, an expected infinity the same infinity,
  and a finite expected value a finite result.

EXPECTEDDIR/<name>.check.json describes an output whose values are random
(train-mode dropout): the output `<name>` and its mask `<mask>` must have
the shapes of the kept values `<kept>`, the mask must be bool, every element
of the output must be the kept value (x / (1 - ratio), within the tolerance
above) where the mask is true and exactly 0 where it is false, the fraction
of kept elements must lie within 6 standard deviations of 1 - ratio, and with
`same_mask_as` the mask must equal that other mask output.

`--rtol R` replaces RTOL (ops_f64.test holds float64 models to 1e-10, so
that a float64 op computed in float32 fails).

Prints one line per output and, for a failure, the worst element with its
index; exits 1 if anything fails.
"""
import glob
import json
import math
import os
import sys

import numpy as np

RTOL = 1e-5
FLOOR = 5e-2


def load(path):
    try:
        return np.load(path, allow_pickle=False)
    except (OSError, ValueError) as e:
        raise SystemExit(f"compare: cannot read {path}: {e}")


def check_float(name, got, want):
    """Returns an error message or None; prints the worst relative error."""
    want_nan, got_nan = np.isnan(want), np.isnan(got)
    bad = want_nan != got_nan
    if bad.any():
        idx = tuple(int(i) for i in np.argwhere(bad)[0])
        return f"{name}: NaN mismatch at {idx}: got {got[idx]!r}, want {want[idx]!r}"
    want_inf = np.isinf(want)
    bad = (want_inf | np.isinf(got)) & (got != want)
    if bad.any():
        idx = tuple(int(i) for i in np.argwhere(bad)[0])
        return f"{name}: infinity mismatch at {idx}: got {got[idx]!r}, want {want[idx]!r}"
    finite = ~(want_nan | want_inf)
    if not finite.any():
        print(f"compare: {name}: ok (no finite values)")
        return None
    w = want.astype(np.float64)
    g = got.astype(np.float64)
    largest = np.abs(w[finite]).max()
    allowed = RTOL * np.maximum(np.abs(w), FLOOR * largest)
    with np.errstate(divide="ignore", invalid="ignore"):
        err = np.where(finite, np.abs(g - w), 0.0)
        ratio = np.where(err == 0, 0.0, np.where(allowed > 0, err / allowed, np.inf))
    worst = np.unravel_index(int(np.argmax(ratio)), ratio.shape) if ratio.size else ()
    worst = tuple(int(i) for i in worst)
    worst_ratio = float(ratio[worst]) if ratio.size else 0.0
    scale = max(abs(float(w[worst])), FLOOR * largest) if ratio.size else 0.0
    rel = float(err[worst]) / scale if scale > 0 else (0.0 if err[worst] == 0 else math.inf)
    detail = (f"worst at {worst}: got {g[worst]!r}, want {w[worst]!r}, "
              f"relative error {rel:.3g}") if ratio.size else "empty"
    if worst_ratio > 1.0:
        count = int((ratio > 1.0).sum())
        return f"{name}: {count} of {ratio.size} elements off by more than {RTOL}; {detail}"
    print(f"compare: {name}: ok, {detail}")
    return None


def check_exact(name, got, want):
    bad = got != want
    if bad.any():
        idx = tuple(int(i) for i in np.argwhere(bad)[0])
        return (f"{name}: {int(bad.sum())} of {want.size} elements differ; first at {idx}: "
                f"got {got[idx]!r}, want {want[idx]!r}")
    print(f"compare: {name}: ok, exact")
    return None


def check_tensor(name, got, want):
    if got.dtype != want.dtype:
        return f"{name}: dtype {got.dtype}, want {want.dtype}"
    if got.shape != want.shape:
        return f"{name}: shape {got.shape}, want {want.shape}"
    if np.issubdtype(want.dtype, np.floating):
        return check_float(name, got, want)
    return check_exact(name, got, want)


def check_dropout(name, spec, outdir, expected_dir, masks):
    kept = load(os.path.join(expected_dir, spec["kept"]))
    y = load(os.path.join(outdir, f"{name}.npy"))
    mask = load(os.path.join(outdir, f"{spec['mask']}.npy"))
    if mask.dtype != np.bool_ or mask.shape != kept.shape:
        return f"{spec['mask']}: dtype {mask.dtype} shape {mask.shape}, want bool {kept.shape}"
    masks[spec["mask"]] = mask
    error = check_tensor(name, y, np.where(mask, kept, np.zeros_like(kept)))
    if error:
        return error + " (y must be x / (1 - ratio) where the mask is true, else 0)"
    ratio = spec["ratio"]
    n = mask.size
    frac = float(mask.mean())
    sigma = math.sqrt(ratio * (1 - ratio) / n)
    if abs(frac - (1 - ratio)) > 6 * sigma + 1.0 / n:
        return f"{spec['mask']}: kept fraction {frac:.4f}, want {1 - ratio:.4f} +- {6 * sigma:.4f}"
    print(f"compare: {spec['mask']}: ok, kept fraction {frac:.4f} (ratio {ratio})")
    return None


def main(argv):
    global RTOL
    if len(argv) == 4 and argv[2] == "--rtol":
        RTOL = float(argv[3])
        argv = argv[:2]
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    outdir, expected_dir = argv
    expected = sorted(glob.glob(os.path.join(expected_dir, "*.npy")))
    checks = sorted(glob.glob(os.path.join(expected_dir, "*.check.json")))
    if not expected and not checks:
        print(f"compare: no expected outputs in {expected_dir}", file=sys.stderr)
        return 1
    errors = []
    produced = {os.path.basename(p)[:-4] for p in glob.glob(os.path.join(outdir, "*.npy"))}
    wanted = set()
    for path in expected:
        name = os.path.basename(path)[:-4]
        wanted.add(name)
        got_path = os.path.join(outdir, f"{name}.npy")
        if not os.path.exists(got_path):
            errors.append(f"{name}: not produced ({got_path} missing)")
            continue
        error = check_tensor(name, load(got_path), load(path))
        if error:
            errors.append(error)
    masks = {}
    specs = []
    for path in checks:
        name = os.path.basename(path)[:-len(".check.json")]
        with open(path) as f:
            spec = json.load(f)
        specs.append((name, spec))
        wanted.update([name, spec["mask"]])
        missing = [n for n in (name, spec["mask"]) if n not in produced]
        if missing:
            errors.append(f"{name}: not produced ({', '.join(missing)} missing)")
            continue
        error = check_dropout(name, spec, outdir, expected_dir, masks)
        if error:
            errors.append(error)
    for name, spec in specs:
        other = spec.get("same_mask_as")
        if other and spec["mask"] in masks and other in masks:
            if not np.array_equal(masks[spec["mask"]], masks[other]):
                errors.append(f"{spec['mask']}: differs from {other}, though both dropouts "
                              "have one seed and one shape")
    for name in sorted(produced - wanted):
        errors.append(f"{name}: produced but not an output of the model")
    for error in errors:
        print(f"compare: FAIL {error}", file=sys.stderr)
    if errors:
        print(f"compare: {len(errors)} of {len(wanted)} outputs wrong", file=sys.stderr)
        return 1
    print(f"compare: all {len(wanted)} outputs match")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
