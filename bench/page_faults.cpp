//===- page_faults.cpp - the cost of a first touch of fresh memory --------===//
//
//   page_faults [--mb M] [--repeats R]
//
// Maps M MiB of anonymous memory, writes one byte per 4 KiB page (each a
// page fault that the kernel serves with a zeroed page), unmaps it; R times.
// Prints one line:
//   page_fault_us: best=<x> median=<y>
// in microseconds per page. A runtime that allocates fresh buffers for every
// inference (PyTorch's per-op tensors above glibc's mmap threshold) pays this
// per page on each run; one that plans an arena once (Nabla, ONNX Runtime)
// pays it only in its warm-up. Built by bench/bench.py like fma_peak.cpp.
//
//===----------------------------------------------------------------------===//

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <sys/mman.h>

int main(int argc, char **argv) {
  long mb = 64, repeats = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string arg = argv[i];
    long value = std::strtol(argv[i + 1], nullptr, 10);
    if (value < 1 || (arg != "--mb" && arg != "--repeats")) {
      std::fprintf(stderr, "usage: page_faults [--mb M] [--repeats R]\n");
      return 1;
    }
    (arg == "--mb" ? mb : repeats) = value;
  }
  const size_t page = 4096, bytes = size_t(mb) << 20;
  std::vector<double> perPage;
  for (long r = 0; r < repeats; ++r) {
    auto start = std::chrono::steady_clock::now();
    void *map = mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED) {
      std::perror("page_faults: mmap");
      return 2;
    }
    volatile char *p = static_cast<char *>(map);
    for (size_t offset = 0; offset < bytes; offset += page)
      p[offset] = 1;
    std::chrono::duration<double, std::micro> elapsed =
        std::chrono::steady_clock::now() - start;
    munmap(map, bytes);
    perPage.push_back(elapsed.count() / double(bytes / page));
  }
  std::sort(perPage.begin(), perPage.end());
  std::printf("page_fault_us: best=%.3f median=%.3f\n", perPage.front(),
              perPage[perPage.size() / 2]);
  return 0;
}
