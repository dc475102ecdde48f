//===- CHeader.cpp - The C header of a compiled model ---------------------===//

#include "compiler/Target/CHeader.h"

#include "runtime/NablaModel.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::nabla;

static void printTensor(llvm::raw_ostream &os, StringRef macro,
                        StringRef typeName, unsigned index,
                        const TensorSignature &tensor) {
  std::string base = (macro + Twine(index)).str();
  os << "/* " << (macro.ends_with("INPUT") ? "Input " : "Output ") << index
     << " \"" << tensor.name << "\": " << getDTypeName(tensor.dtype) << "[";
  llvm::interleave(tensor.shape, os, ",");
  os << "] */\n";
  os << "#define " << base << "_NAME \"";
  os.write_escaped(tensor.name);
  os << "\"\n";
  os << "#define " << base << "_DTYPE \"" << getDTypeName(tensor.dtype)
     << "\"\n";
  os << "#define " << base << "_RANK " << tensor.shape.size() << "\n";
  for (auto [dim, size] : llvm::enumerate(tensor.shape))
    os << "#define " << base << "_DIM" << dim << " " << size << "\n";
  os << "#define " << base << "_ELEMENTS " << tensor.getNumElements() << "\n";
  os << "#define " << base << "_BYTES " << tensor.getNumBytes() << "\n";
  os << "typedef " << getCElementType(tensor.dtype) << " " << typeName
     << index << "_t;\n\n";
}

std::string mlir::nabla::generateCHeader(const ModelSignature &signature,
                                         const CHeaderOptions &options) {
  std::string text;
  llvm::raw_string_ostream os(text);
  std::string p = options.prefix;
  std::string P = llvm::StringRef(p).upper();
  std::string guard = P + "_H";

  os << "/* " << p << ".h - C API of the model compiled by nablac from "
     << options.source << ".\n"
     << " * Generated file: regenerate it with nablac rather than edit it.\n"
     << " *\n"
     << " * Usage:\n"
     << " *   " << p << "_model *model;\n"
     << " *   if (" << p << "_create(&model) != " << P << "_OK) ...\n"
     << " *   const void *inputs[" << P << "_NUM_INPUTS] = {...};\n"
     << " *   void *outputs[" << P << "_NUM_OUTPUTS] = {...};\n"
     << " *   if (" << p << "_run(model, inputs, outputs) != " << P
     << "_OK)\n"
     << " *     fprintf(stderr, \"%s\\n\", " << p << "_error(model));\n"
     << " *   " << p << "_destroy(model);\n"
     << " *\n"
     << " * Buffers are dense, row-major, of the element type and shape given\n"
     << " * below. Pass outputs = NULL to use buffers the library owns and read\n"
     << " * them with " << p << "_output(model, i) after the run.\n"
     << " *\n"
     << " * Thread safety: a model instance holds its scratch arena and its\n"
     << " * output buffers, so calls on one instance must not overlap. Distinct\n"
     << " * instances are independent and may run concurrently; create one per\n"
     << " * thread. The weights are read-only and shared.\n"
     << " *\n"
     << " * Threads: a run uses every CPU the process may run on, or the count\n"
     << " * given to " << p << "_set_threads; outputs do not depend on it.\n"
     << " */\n\n";
  os << "#ifndef " << guard << "\n#define " << guard << "\n\n";
  os << "#include <stddef.h>\n#include <stdint.h>\n\n";
  os << "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n";

  os << "/* Status codes returned by " << p << "_create and " << p
     << "_run. */\n";
  // The values are the runtime's (NablaModel.h), which the library returns.
  struct Status {
    const char *name;
    int value;
    const char *comment;
  };
  const Status statuses[] = {
      {"OK", NABLA_OK, nullptr},
      {"ERROR_INVALID_ARGUMENT", NABLA_ERROR_INVALID_ARGUMENT, nullptr},
      {"ERROR_OUT_OF_MEMORY", NABLA_ERROR_OUT_OF_MEMORY, nullptr},
      {"ERROR_IO", NABLA_ERROR_IO, nullptr},
      {"ERROR_WEIGHTS", NABLA_ERROR_WEIGHTS, nullptr},
      {"ERROR_INDEX_OUT_OF_RANGE", NABLA_ERROR_INDEX_OUT_OF_RANGE,
       "A run met an index out of range in its inputs (a gather index, a\n"
       " * class label); the error message names the op, the index and the\n"
       " * valid range."}};
  for (const Status &status : statuses) {
    if (status.comment)
      os << "/* " << status.comment << " */\n";
    os << "#define " << P << "_" << status.name << " " << status.value
       << "\n";
  }
  os << "\n";

  os << "#define " << P << "_NUM_INPUTS " << signature.inputs.size() << "\n";
  os << "#define " << P << "_NUM_OUTPUTS " << signature.outputs.size()
     << "\n";
  os << "/* Scratch memory each instance allocates, planned at compile time. "
        "*/\n";
  os << "#define " << P << "_ARENA_BYTES " << options.arenaBytes << "\n";
  if (!options.weightsFile.empty()) {
    os << "/* Weights are read from this file (memory-mapped), by default "
          "next to\n * the library; see "
       << p << "_create_from. */\n";
    os << "#define " << P << "_WEIGHTS_FILE \"" << options.weightsFile
       << "\"\n";
    os << "#define " << P << "_WEIGHTS_BYTES " << options.weightsBytes
       << "\n";
  }
  os << "\n";
  for (auto [index, tensor] : llvm::enumerate(signature.inputs))
    printTensor(os, P + "_INPUT", p + "_input", index, tensor);
  for (auto [index, tensor] : llvm::enumerate(signature.outputs))
    printTensor(os, P + "_OUTPUT", p + "_output", index, tensor);

  os << "/* One instance of the model: arena, outputs, last error. */\n";
  os << "typedef struct NablaModel " << p << "_model;\n\n";
  os << "/* Creates an instance; *model is NULL on failure. */\n";
  os << "int " << p << "_create(" << p << "_model **model);\n\n";
  if (!options.weightsFile.empty())
    os << "/* Creates an instance reading external weights from weights_path\n"
          " * (NULL: the default file next to the library). On failure a "
          "message\n * is written to error[0..error_size) if error is not "
          "NULL. */\n";
  else
    os << "/* Creates an instance. This model embeds its weights: "
          "weights_path must be\n * NULL (a path is refused with "
       << P << "_ERROR_INVALID_ARGUMENT). On failure a\n * message is "
          "written to error[0..error_size) if error is not NULL. */\n";
  os << "int " << p << "_create_from(const char *weights_path, " << p
     << "_model **model,\n    char *error, size_t error_size);\n\n";
  os << "/* Runs the model: inputs[i] points to " << P
     << "_INPUTi_BYTES bytes; outputs is\n * NULL or holds one buffer of "
     << P << "_OUTPUTi_BYTES bytes per output. On an error\n * (" << P
     << "_ERROR_INDEX_OUT_OF_RANGE, ...) the outputs' contents are "
        "unspecified. */\n";
  os << "int " << p << "_run(" << p
     << "_model *model, const void *const *inputs,\n    void *const "
        "*outputs);\n\n";
  os << "/* Sets the threads runs of model use: threads >= 1, or 0 for "
        "every CPU\n * the process may run on (the default); never more than "
        "those CPUs.\n * Instances running at once each use their own "
        "threads: give each its\n * share to avoid oversubscription. */\n";
  os << "int " << p << "_set_threads(" << p
     << "_model *model, int32_t threads);\n\n";
  os << "/* The library-owned buffer of output `index` after a run with "
        "outputs = NULL. */\n";
  os << "const void *" << p << "_output(const " << p
     << "_model *model, uint32_t index);\n\n";
  os << "/* The message of the last failed call on model, \"\" if none. */\n";
  os << "const char *" << p << "_error(const " << p << "_model *model);\n\n";
  os << "/* Describes a status code (\"ok\", \"invalid argument\", ...). */\n";
  os << "const char *" << p << "_status_string(int status);\n\n";
  os << "void " << p << "_destroy(" << p << "_model *model);\n\n";
  os << "#ifdef __cplusplus\n} /* extern \"C\" */\n#endif\n\n";
  os << "#endif /* " << guard << " */\n";
  return text;
}
