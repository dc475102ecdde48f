#!/usr/bin/env python3
"""Runs a command, prints its stderr and stdout, then "exit code: N".

lit's `not` only says that a command failed; the executable contract also
says how (1: usage/input errors, 2: runtime failures), which this checks.
"""
import subprocess
import sys

result = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE,
                        stderr=subprocess.STDOUT, text=True)
print(result.stdout, end="")
print(f"exit code: {result.returncode}")
