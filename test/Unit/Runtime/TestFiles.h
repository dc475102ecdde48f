//===- TestFiles.h - Temporary directories and whole files for tests
//-------===//

#ifndef NABLA_TEST_UNIT_RUNTIME_TESTFILES_H
#define NABLA_TEST_UNIT_RUNTIME_TESTFILES_H

#include <cstdio>
#include <cstdlib>
#include <ftw.h>
#include <string>
#include <vector>

#include <dirent.h>

namespace nabla::test {

/// A fresh directory under $TMPDIR (or /tmp), removed with its contents.
class TempDir {
public:
  TempDir() {
    const char *base = std::getenv("TMPDIR");
    std::string pattern =
        std::string(base && *base ? base : "/tmp") + "/nabla-runtime-XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (mkdtemp(buffer.data()))
      path = buffer.data();
  }
  ~TempDir() {
    if (!path.empty())
      nftw(
          path.c_str(),
          [](const char *file, const struct stat *, int, struct FTW *) {
            return std::remove(file);
          },
          16, FTW_DEPTH | FTW_PHYS);
  }
  std::string operator/(const std::string &name) const {
    return path + "/" + name;
  }
  /// The names in the directory, "." and ".." excluded.
  std::vector<std::string> list() const {
    std::vector<std::string> names;
    if (DIR *dir = opendir(path.c_str())) {
      while (dirent *entry = readdir(dir))
        if (std::string(entry->d_name) != "." &&
            std::string(entry->d_name) != "..")
          names.push_back(entry->d_name);
      closedir(dir);
    }
    return names;
  }
  std::string path;
};

inline bool writeFile(const std::string &path, const std::string &contents) {
  FILE *file = std::fopen(path.c_str(), "wb");
  if (!file)
    return false;
  bool ok =
      std::fwrite(contents.data(), 1, contents.size(), file) == contents.size();
  return std::fclose(file) == 0 && ok;
}

inline std::string readFile(const std::string &path) {
  std::string contents;
  if (FILE *file = std::fopen(path.c_str(), "rb")) {
    char buffer[4096];
    size_t got;
    while ((got = std::fread(buffer, 1, sizeof(buffer), file)) > 0)
      contents.append(buffer, got);
    std::fclose(file);
  }
  return contents;
}

} // namespace nabla::test

#endif // NABLA_TEST_UNIT_RUNTIME_TESTFILES_H
