#!/usr/bin/env python3
"""Writes the .npy fixtures that NpyTest reads, with NumPy as the reference.

Each file goes to npy/<case>.npy, written by NumPy itself (np.save or
np.lib.format.write_array), and npy/manifest.txt gets one line per case:

    <case> <descr> <shape> <hex>

where <descr> is the little-endian NumPy descr the reader must report,
<shape> is "2x3" ("scalar" for shape ()), and <hex> is the array's data in
C order and little-endian byte order as NumPy produces it. The C++ test
compares against these, so no expected value comes from the code under test.

Run with a Python that has NumPy (Debian: /usr/bin/python3):
    /usr/bin/python3 test/Unit/Runtime/Inputs/make_npy_fixtures.py
"""
import os

import numpy as np

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "npy")


def sample(dtype, shape):
    """Values that exercise sign, magnitude and (for floats) NaN and inf."""
    count = int(np.prod(shape))
    dtype = np.dtype(dtype)
    if dtype.kind == "b":
        return (np.arange(count) % 3 == 0).reshape(shape)
    if dtype.kind == "f":
        values = np.linspace(-2.5, 1000.25, count).astype(dtype)
        if count >= 3:
            values[1], values[2] = np.nan, -np.inf
        return values.reshape(shape)
    info = np.iinfo(dtype)
    values = np.arange(count, dtype=np.int64) * 37 - 5
    values = np.clip(values, max(info.min, -(2**62)), min(info.max, 2**62))
    array = values.astype(dtype)
    array.flat[-1] = info.max  # the largest value survives the byte order
    if info.min < 0:
        array.flat[0] = info.min
    return array.reshape(shape)


def cases():
    for code in ["f4", "f8", "i8", "i4", "i1", "u1", "b1", "i2", "u2", "u4",
                 "u8", "f2"]:
        yield code, sample(code, (2, 3)), None
    yield "f8_fortran", np.asfortranarray(sample("f8", (2, 3, 4))), None
    yield "i4_fortran", np.asfortranarray(sample("i4", (3, 5))), None
    yield "f4_big", sample("f4", (2, 3)).astype(">f4"), None
    yield "f2_big", sample("f2", (4,)).astype(">f2"), None
    yield "i8_big_fortran", np.asfortranarray(
        sample("i8", (3, 2)).astype(">i8")), None
    yield "u2_v2", sample("u2", (2, 2)), (2, 0)
    yield "f4_v3", sample("f4", (3,)), (3, 0)
    yield "i8_scalar", np.array(-42, dtype="i8"), None
    yield "u1_vector", sample("u1", (5,)), None
    yield "f4_empty", np.zeros((0, 3), dtype="f4"), None
    yield "b1_rank4", sample("b1", (1, 2, 1, 3)), None


def main():
    os.makedirs(HERE, exist_ok=True)
    lines = []
    for name, array, version in cases():
        path = os.path.join(HERE, name + ".npy")
        with open(path, "wb") as f:
            if version is None:
                np.save(f, array)
            else:
                np.lib.format.write_array(f, array, version=version)
        little = array.astype(array.dtype.newbyteorder("<"), order="C")
        descr = little.dtype.str
        shape = "x".join(str(d) for d in array.shape) or "scalar"
        data = np.ascontiguousarray(little).tobytes().hex() or "-"
        lines.append(f"{name} {descr} {shape} {data}\n")
    with open(os.path.join(HERE, "manifest.txt"), "w") as f:
        f.writelines(lines)


if __name__ == "__main__":
    main()
