// Uses the MNIST CNN compiled as a shared library from C++:
//
//   nablac examples/mnist_cnn.mlir --emit=lib --shape input=64x1x28x28 \
//       -o out/libmnist_cnn.so            # writes out/mnist_cnn.h too
//   c++ examples/cpp/mnist_cnn_app.cpp -Iout -Lout -lmnist_cnn \
//       -Wl,-rpath,'$ORIGIN' -o out/mnist_cnn_app
//   out/mnist_cnn_app [images.f32]
//
// It reads a batch of images (raw little-endian float32, the input's shape;
// a deterministic pattern if no file is given), runs the model twice (into
// its own buffer, then into library-owned memory), checks that both runs
// agree, and prints the predicted class and its probability per image.

#include "mnist_cnn.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <vector>

int main(int argc, char **argv) {
  std::vector<mnist_cnn_input0_t> images(MNIST_CNN_INPUT0_ELEMENTS);
  if (argc > 1) {
    std::ifstream file(argv[1], std::ios::binary);
    if (!file.read(reinterpret_cast<char *>(images.data()),
                   MNIST_CNN_INPUT0_BYTES)) {
      std::fprintf(stderr, "%s: cannot read %d bytes of images\n", argv[1],
                   MNIST_CNN_INPUT0_BYTES);
      return 1;
    }
  } else {
    for (size_t i = 0; i < images.size(); ++i)
      images[i] = static_cast<float>((i * 7919) % 256) / 255.0f;
  }

  mnist_cnn_model *model = nullptr;
  if (int status = mnist_cnn_create(&model); status != MNIST_CNN_OK) {
    std::fprintf(stderr, "cannot create the model: %s\n",
                 mnist_cnn_status_string(status));
    return 1;
  }

  // Caller-provided output buffer.
  std::vector<mnist_cnn_output0_t> probabilities(MNIST_CNN_OUTPUT0_ELEMENTS);
  const void *inputs[MNIST_CNN_NUM_INPUTS] = {images.data()};
  void *outputs[MNIST_CNN_NUM_OUTPUTS] = {probabilities.data()};
  if (mnist_cnn_run(model, inputs, outputs) != MNIST_CNN_OK) {
    std::fprintf(stderr, "run failed: %s\n", mnist_cnn_error(model));
    mnist_cnn_destroy(model);
    return 1;
  }

  // Library-owned output buffer: same numbers.
  if (mnist_cnn_run(model, inputs, nullptr) != MNIST_CNN_OK) {
    std::fprintf(stderr, "run failed: %s\n", mnist_cnn_error(model));
    mnist_cnn_destroy(model);
    return 1;
  }
  auto *owned = static_cast<const mnist_cnn_output0_t *>(
      mnist_cnn_output(model, 0));
  for (int i = 0; i < MNIST_CNN_OUTPUT0_ELEMENTS; ++i)
    if (owned[i] != probabilities[i]) {
      std::fprintf(stderr, "the two runs disagree at element %d\n", i);
      mnist_cnn_destroy(model);
      return 1;
    }

  const int batch = MNIST_CNN_OUTPUT0_DIM0, classes = MNIST_CNN_OUTPUT0_DIM1;
  for (int n = 0; n < batch; ++n) {
    const float *row = &probabilities[n * classes];
    int best = 0;
    float sum = 0;
    for (int c = 0; c < classes; ++c) {
      sum += row[c];
      if (row[c] > row[best])
        best = c;
    }
    std::printf("image %2d: class %d (p=%.4f, sum=%.6f)\n", n, best,
                row[best], sum);
  }
  mnist_cnn_destroy(model);
  return 0;
}
