# Lit configuration for the Nabla test suite.
import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "Nabla"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.nabla_obj_root, "test")
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "Inputs"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%nabla_src_root", config.nabla_src_root))
config.substitutions.append(("%nabla_obj_root", config.nabla_obj_root))
config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(
    ("%nabla_opt", os.path.join(config.nabla_tools_dir, "nabla-opt")))
config.substitutions.append(
    ("%nablac", os.path.join(config.nabla_tools_dir, "nablac")))
# ONNX models written in ONNX's textual syntax (test/Frontends/onnx).
config.substitutions.append(
    ("%onnx_text", config.python_executable + " " +
     os.path.join(config.nabla_src_root, "scripts", "onnx-text.py")))
# The network settings let tests that install ONNX Runtime reach npm
# (scripts/setup-ort.sh) behind a proxy with its own certificates.
llvm_config.with_system_environment(
    ["HOME", "INCLUDE", "LIB", "TMP", "TEMP", "ORT_NODE_DIR",
     "NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE", "SSL_CERT_DIR", "HTTP_PROXY",
     "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy"])
llvm_config.use_default_substitutions()

tool_dirs = [config.nabla_tools_dir, config.llvm_tools_dir]
tools = ["nabla-opt", "nablac", "FileCheck", "not", "count", "split-file",
         "nabla-fake-model", "nabla-fake-weights-model", "nabla-kernel-bench"]
llvm_config.add_tool_substitutions(tools, tool_dirs)
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
