//===- NpyTest.cpp - .npy reading and writing
//------------------------------===//
//
// Files written by NumPy (fixtures made by Inputs/make_npy_fixtures.py, with
// the expected data recorded by NumPy too), round trips for every dtype, and
// damaged files that must give an error naming the file, never a crash.
//
//===----------------------------------------------------------------------===//

#include "runtime/Npy.h"
#include "runtime/DType.h"
#include "runtime/Runtime.h"
#include "test/Unit/Runtime/TestFiles.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

#include <gtest/gtest.h>

using namespace nabla;
using namespace nabla::test;

namespace {

std::string hex(const void *data, size_t size) {
  static const char digits[] = "0123456789abcdef";
  std::string text;
  for (size_t i = 0; i < size; ++i) {
    unsigned byte = static_cast<const uint8_t *>(data)[i];
    text += digits[byte >> 4];
    text += digits[byte & 15];
  }
  return text;
}

/// A .npy file with the given header dict (padded like NumPy's) and data.
std::string npyFile(const std::string &dict, const std::string &data,
                    unsigned major = 1) {
  size_t preamble = major == 1 ? 10 : 12;
  std::string header = dict;
  header.append(63 - (preamble + header.size()) % 64, ' ');
  header += '\n';
  std::string file = std::string("\x93NUMPY", 6) + char(major) + char(0);
  for (size_t i = 0; i < preamble - 8; ++i)
    file += char((header.size() >> (8 * i)) & 0xff);
  return file + header + data;
}

std::string floats(std::initializer_list<float> values) {
  std::string data;
  for (float value : values)
    data.append(reinterpret_cast<const char *>(&value), sizeof(value));
  return data;
}

/// Parses `contents` and returns the error ("" on success).
std::string parseError(const std::string &contents, NpyArray &array) {
  std::string error;
  if (parseNpy(contents.data(), contents.size(), "test.npy", array, error))
    return "";
  EXPECT_EQ(error.rfind("test.npy: ", 0), 0u) << error;
  return error.empty() ? "(empty error)" : error;
}

std::string parseError(const std::string &contents) {
  NpyArray array;
  return parseError(contents, array);
}

TEST(Npy, ReadsFilesWrittenByNumPy) {
  std::string dir = NABLA_NPY_FIXTURES_DIR;
  std::ifstream manifest(dir + "/manifest.txt");
  ASSERT_TRUE(manifest) << "missing " << dir << "/manifest.txt";
  std::string line;
  int cases = 0;
  while (std::getline(manifest, line)) {
    std::istringstream fields(line);
    std::string name, descr, shapeText, data;
    ASSERT_TRUE(fields >> name >> descr >> shapeText >> data) << line;
    SCOPED_TRACE(name);
    std::vector<int64_t> shape;
    if (shapeText != "scalar") {
      std::istringstream dims(shapeText);
      std::string dim;
      while (std::getline(dims, dim, 'x'))
        shape.push_back(std::stoll(dim));
    }
    NpyArray array;
    std::string error;
    ASSERT_TRUE(readNpy(dir + "/" + name + ".npy", array, error)) << error;
    EXPECT_STREQ(nabla_dtype_numpy_descr(array.dtype()), descr.c_str());
    EXPECT_EQ(array.shape(), shape);
    EXPECT_EQ(hex(array.data(), array.numBytes()), data == "-" ? "" : data);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(array.data()) % 64, 0u);
    ++cases;
  }
  // Every dtype, Fortran order, big-endian, versions 2.0 and 3.0, (), (5,).
  EXPECT_GE(cases, 23);
}

TEST(Npy, RoundTripsEveryDType) {
  TempDir dir;
  ASSERT_FALSE(dir.path.empty());
  std::vector<std::vector<int64_t>> shapes = {
      {2, 3}, {}, {5}, {0, 4}, {2, 1, 3}};
  for (const DTypeInfo &info : kDTypes) {
    if (!info.descr)
      continue;
    for (const std::vector<int64_t> &shape : shapes) {
      SCOPED_TRACE(std::string(info.name) + " " +
                   formatShape(shape.data(), shape.size()));
      NpyArray source;
      ASSERT_TRUE(source.allocate(info.dtype, shape));
      uint8_t *bytes = static_cast<uint8_t *>(source.data());
      for (size_t i = 0; i < source.numBytes(); ++i)
        bytes[i] = info.dtype == NABLA_DTYPE_BOOL ? i % 2 : i * 37 + 11;
      std::string path = dir / (std::string(info.name) + ".npy");
      std::string error;
      ASSERT_TRUE(writeNpy(path, info.dtype, shape.data(), shape.size(),
                           source.data(), error))
          << error;
      NpyArray read;
      ASSERT_TRUE(readNpy(path, read, error)) << error;
      EXPECT_EQ(read.dtype(), info.dtype);
      EXPECT_EQ(read.shape(), shape);
      ASSERT_EQ(read.numBytes(), source.numBytes());
      EXPECT_EQ(std::memcmp(read.data(), source.data(), read.numBytes()), 0);
    }
  }
}

TEST(Npy, WritesTheHeaderLikeNumPy) {
  TempDir dir;
  struct Case {
    std::vector<int64_t> shape;
    const char *dict;
  } cases[] = {
      {{2, 3}, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"},
      {{5}, "{'descr': '<f4', 'fortran_order': False, 'shape': (5,), }"},
      {{}, "{'descr': '<f4', 'fortran_order': False, 'shape': (), }"},
  };
  for (const Case &c : cases) {
    std::string path = dir / "x.npy", error;
    float data[6] = {};
    ASSERT_TRUE(writeNpy(path, NABLA_DTYPE_F32, c.shape.data(), c.shape.size(),
                         data, error))
        << error;
    std::string file = readFile(path);
    ASSERT_GE(file.size(), 10u);
    EXPECT_EQ(file.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
    size_t length = uint8_t(file[8]) | uint8_t(file[9]) << 8;
    EXPECT_EQ((10 + length) % 64, 0u);
    EXPECT_EQ(file[10 + length - 1], '\n');
    EXPECT_EQ(file.substr(10, std::strlen(c.dict)), c.dict);
    EXPECT_EQ(file.find_first_not_of(' ', 10 + std::strlen(c.dict)),
              10 + length - 1);
  }
}

TEST(Npy, AcceptsEveryByteOrderMarkAndSpelling) {
  std::string data = floats({1, 2, 3});
  for (const char *dict :
       {"{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }",
        "{'descr': '=f4', 'fortran_order': False, 'shape': (3,), }",
        "{'descr': 'f4', 'fortran_order': False, 'shape': (3,), }",
        "{\"shape\": (3, ), \"fortran_order\": False, \"descr\": \"<f4\"}",
        "{'descr':'<f4','fortran_order':True,'shape':(3L,)}"}) {
    SCOPED_TRACE(dict);
    NpyArray array;
    ASSERT_EQ(parseError(npyFile(dict, data), array), "");
    EXPECT_EQ(array.dtype(), NABLA_DTYPE_F32);
    EXPECT_EQ(array.shape(), std::vector<int64_t>{3});
    EXPECT_EQ(std::memcmp(array.data(), data.data(), data.size()), 0);
  }
  // Single-byte types have no byte order; a '>' on them swaps nothing.
  NpyArray bytes;
  ASSERT_EQ(parseError(npyFile("{'descr': '>u1', 'fortran_order': False, "
                               "'shape': (2,), }",
                               "\x01\x02"),
                       bytes),
            "");
  EXPECT_EQ(hex(bytes.data(), 2), "0102");
  // NumPy's bools are 0 or 1; other bytes are read as true, not passed on.
  NpyArray bools;
  ASSERT_EQ(parseError(npyFile("{'descr': '|b1', 'fortran_order': False, "
                               "'shape': (3,), }",
                               std::string("\x00\x02\xff", 3)),
                       bools),
            "");
  EXPECT_EQ(hex(bools.data(), 3), "000101");
}

TEST(Npy, ReportsDamagedFiles) {
  const std::string good = "{'descr': '<f4', 'fortran_order': False, "
                           "'shape': (2,), }";
  std::string data = floats({1, 2});
  struct Case {
    std::string contents;
    const char *expected;
  } cases[] = {
      {"", "empty file"},
      {"NUMPY\x01\x00", "bad magic"},
      {"\x93NUMPZ\x01\x00v\x00", "bad magic"},
      {std::string("\x93NUMPY\x01", 7), "truncated header"},
      {std::string("\x93NUMPY\x01\x00\x40", 9), "truncated header"},
      {std::string("\x93NUMPY\x04\x00\x10\x00", 10),
       "unsupported .npy format version 4.0"},
      {std::string("\x93NUMPY\x01\x00\x00\x10", 10) + "{}",
       "truncated header (it declares 4096 bytes"},
      {npyFile("hello", data), "malformed header (expected '{' at offset 0)"},
      {npyFile("{'descr': '<f4', 'fortran_order': False}", data),
       "missing key 'shape'"},
      {npyFile("{'descr': '<f4', 'shape': (2,)}", data),
       "missing key 'fortran_order'"},
      {npyFile(good + "{", data), "unexpected text after the dict"},
      {npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), "
               "'extra': 1}",
               data),
       "unexpected key 'extra'"},
      {npyFile("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, "
               "'shape': (2,)}",
               data),
       "bad or repeated value for 'descr'"},
      {npyFile("{'descr': '<f4, 'fortran_order': False, 'shape': (2,)}", data),
       "malformed header"},
      {npyFile("{'descr': '<f4', 'fortran_order': maybe, 'shape': (2,)}", data),
       "expected True or False"},
      {npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -1)}",
               data),
       "negative dimension"},
      {npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': [2]}", data),
       "expected a tuple for 'shape'"},
      {npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': "
               "(99999999999999999999,)}",
               data),
       "dimension too large"},
      {npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': "
               "(4294967296, 4294967296)}",
               data),
       "is too large"},
      {npyFile("{'descr': '<c8', 'fortran_order': False, 'shape': (1,)}", data),
       "unsupported dtype '<c8' (supported: <f4 <f8"},
      {npyFile("{'descr': '|O', 'fortran_order': False, 'shape': (1,)}", data),
       "unsupported dtype '|O'"},
      {npyFile("{'descr': '<U3', 'fortran_order': False, 'shape': (1,)}", data),
       "unsupported dtype '<U3'"},
      {npyFile("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': "
               "(1,)}",
               data),
       "structured dtypes are not supported"},
      {npyFile(good, data.substr(0, 5)),
       "truncated data (the header describes float32 [2], 8 bytes; the file "
       "has 5)"},
      {npyFile(good, data + "xyz"),
       "3 unexpected bytes after the data of float32 [2] (8 bytes)"},
  };
  for (const Case &c : cases) {
    std::string error = parseError(c.contents);
    EXPECT_NE(error.find(c.expected), std::string::npos)
        << "expected '" << c.expected << "' in: " << error;
  }
}

TEST(Npy, NeverCrashesOnCorruptedBytes) {
  std::string valid =
      npyFile("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }",
              std::string(48, '\x01'));
  ASSERT_EQ(parseError(valid), "");
  // Every truncation is refused.
  for (size_t length = 0; length < valid.size(); ++length)
    EXPECT_NE(parseError(valid.substr(0, length)), "") << length;
  // Any byte of the preamble and header, flipped to a few values, gives an
  // error or an array consistent with itself; never a crash (the ASan build
  // checks reads too).
  for (size_t i = 0; i < valid.size() - 48; ++i)
    for (char value : {'\0', '\xff', '(', ')', ',', '9', '\'', ' '}) {
      std::string damaged = valid;
      damaged[i] = value;
      NpyArray array;
      if (parseError(damaged, array).empty()) {
        size_t elements = 1;
        for (int64_t dim : array.shape())
          elements *= dim;
        EXPECT_EQ(elements * nabla_dtype_size(array.dtype()), array.numBytes());
      }
    }
}

TEST(Npy, ReadErrorsNameTheFile) {
  TempDir dir;
  NpyArray array;
  std::string error;
  EXPECT_FALSE(readNpy(dir / "missing.npy", array, error));
  EXPECT_EQ(error, "cannot open '" + (dir / "missing.npy") +
                       "': No such file or directory");
  EXPECT_FALSE(readNpy(dir.path, array, error));
  EXPECT_EQ(error, "cannot read '" + dir.path + "': not a regular file");
  ASSERT_TRUE(writeFile(dir / "bad.npy", "not numpy"));
  EXPECT_FALSE(readNpy(dir / "bad.npy", array, error));
  EXPECT_EQ(error, dir / "bad.npy: not a .npy file (bad magic bytes)");
}

TEST(Npy, WritesAtomically) {
  TempDir dir;
  std::string path = dir / "y.npy", error;
  int64_t shape[] = {2};
  float first[] = {1, 2}, second[] = {3, 4};
  ASSERT_TRUE(writeNpy(path, NABLA_DTYPE_F32, shape, 1, first, error));
  ASSERT_TRUE(writeNpy(path, NABLA_DTYPE_F32, shape, 1, second, error));
  NpyArray array;
  ASSERT_TRUE(readNpy(path, array, error)) << error;
  EXPECT_EQ(std::memcmp(array.data(), second, sizeof(second)), 0);
  // The temporary file was renamed, not left behind.
  EXPECT_EQ(dir.list(), std::vector<std::string>{"y.npy"});

  // Failures leave nothing: no directory, a directory in the way, a dtype
  // NumPy cannot name.
  EXPECT_FALSE(
      writeNpy(dir / "missing/y.npy", NABLA_DTYPE_F32, shape, 1, first, error));
  EXPECT_EQ(error, "cannot write '" + (dir / "missing/y.npy") +
                       "': No such file or directory");
  ASSERT_EQ(::mkdir((dir / "taken.npy").c_str(), 0777), 0);
  EXPECT_FALSE(
      writeNpy(dir / "taken.npy", NABLA_DTYPE_F32, shape, 1, first, error));
  EXPECT_NE(error.find("cannot write '" + (dir / "taken.npy") + "': "),
            std::string::npos);
  EXPECT_FALSE(
      writeNpy(dir / "z.npy", NABLA_DTYPE_BF16, shape, 1, first, error));
  EXPECT_EQ(error, "cannot write '" + (dir / "z.npy") +
                       "': bfloat16 has no NumPy dtype");
  std::vector<std::string> names = dir.list();
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"taken.npy", "y.npy"}));
}

} // namespace
