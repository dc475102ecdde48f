#!/usr/bin/env python3
"""Writes an ONNX model from ONNX's textual syntax (onnx.parser), so tests
can keep small models readable next to their CHECK lines.

Usage: onnx-text.py IN.txt OUT.onnx [--no-check]
The text is one model: `<ir_version: 8, opset_import: ["" : 17]> name (...) => (...) {...}`.
Lines starting with '#' or '//' are dropped (lit RUN/CHECK lines).
"""
import sys

import onnx
import onnx.parser


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 2:
        sys.exit(__doc__)
    with open(args[0]) as f:
        text = "\n".join(line for line in f.read().splitlines()
                         if not line.lstrip().startswith(("#", "//")))
    model = onnx.parser.parse_model(text)
    if "--no-check" not in sys.argv:
        onnx.checker.check_model(model)
    onnx.save(model, args[1])


if __name__ == "__main__":
    main()
