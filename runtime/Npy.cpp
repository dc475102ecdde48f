//===- Npy.cpp - Reading and writing NumPy .npy files ---------------------===//
//
// The format: "\x93NUMPY", a major and minor version byte, the header length
// (2 bytes little-endian in version 1.0, 4 bytes in 2.0 and 3.0), then the
// header, a Python dict literal such as
//   {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }
// padded with spaces and ended by '\n', then the raw data.
//
//===----------------------------------------------------------------------===//

#include "runtime/Npy.h"

#include "runtime/DType.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace nabla;

// '<' in a descr is the host byte order only on a little-endian host, which
// is all that nablac targets (x86-64, AArch64).
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "the npy reader and writer assume a little-endian host");

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;
constexpr size_t kAlignment = 64;

/// The three keys of an npy header dict.
struct Header {
  std::string descr;
  bool fortranOrder = false;
  std::vector<int64_t> shape;
};

/// Recursive-descent parser for the header dict. It accepts what Python's
/// literal syntax allows there (either quote, any spacing, trailing commas,
/// keys in any order) but only the three keys NumPy defines.
class HeaderParser {
public:
  explicit HeaderParser(const std::string &text) : text(text) {}

  /// On failure, `problem` says what was expected and `pos` where.
  bool parse(Header &header) {
    bool seenDescr = false, seenFortran = false, seenShape = false;
    skipSpace();
    if (!consume('{'))
      return fail("expected '{'");
    while (true) {
      skipSpace();
      if (consume('}'))
        break;
      std::string key;
      if (!parseString(key))
        return fail("expected a quoted key or '}'");
      skipSpace();
      if (!consume(':'))
        return fail("expected ':' after '" + key + "'");
      skipSpace();
      bool ok;
      if (key == "descr") {
        if (pos < text.size() && text[pos] == '[')
          return fail("structured dtypes are not supported");
        ok = !seenDescr && parseString(header.descr);
        seenDescr = true;
      } else if (key == "fortran_order") {
        ok = !seenFortran && parseBool(header.fortranOrder);
        seenFortran = true;
      } else if (key == "shape") {
        ok = !seenShape && parseShape(header.shape);
        seenShape = true;
      } else {
        return fail("unexpected key '" + key + "'");
      }
      if (!ok)
        return problem.empty() ? fail("bad or repeated value for '" + key + "'")
                               : false;
      skipSpace();
      if (consume(','))
        continue;
      if (consume('}'))
        break;
      return fail("expected ',' or '}'");
    }
    // NumPy pads with spaces; NUL padding is harmless, so it is accepted.
    if (text.find_first_not_of(std::string(" \t\r\n\0", 5), pos) !=
        std::string::npos)
      return fail("unexpected text after the dict");
    if (!seenDescr)
      return fail("missing key 'descr'");
    if (!seenFortran)
      return fail("missing key 'fortran_order'");
    if (!seenShape)
      return fail("missing key 'shape'");
    return true;
  }

  std::string problem;
  size_t pos = 0;

private:
  bool fail(const std::string &what) {
    problem = what;
    return false;
  }

  void skipSpace() {
    // The '\0' test first: strchr would find the string's terminator.
    while (pos < text.size() && text[pos] != '\0' &&
           std::strchr(" \t\r\n", text[pos]))
      ++pos;
  }

  bool consume(char c) {
    if (pos >= text.size() || text[pos] != c)
      return false;
    ++pos;
    return true;
  }

  bool parseString(std::string &value) {
    if (pos >= text.size() || (text[pos] != '\'' && text[pos] != '"'))
      return false;
    char quote = text[pos];
    size_t end = text.find(quote, pos + 1);
    if (end == std::string::npos)
      return fail("unterminated string");
    value = text.substr(pos + 1, end - pos - 1);
    pos = end + 1;
    return true;
  }

  bool parseBool(bool &value) {
    for (bool candidate : {true, false}) {
      const char *word = candidate ? "True" : "False";
      if (text.compare(pos, std::strlen(word), word) == 0) {
        pos += std::strlen(word);
        value = candidate;
        return true;
      }
    }
    return fail("expected True or False");
  }

  bool parseShape(std::vector<int64_t> &shape) {
    if (!consume('('))
      return fail("expected a tuple for 'shape'");
    while (true) {
      skipSpace();
      if (consume(')'))
        return true;
      if (pos < text.size() && text[pos] == '-')
        return fail("negative dimension");
      if (pos >= text.size() || !std::isdigit((unsigned char)text[pos]))
        return fail("expected a dimension or ')'");
      int64_t dim = 0;
      while (pos < text.size() && std::isdigit((unsigned char)text[pos])) {
        if (__builtin_mul_overflow(dim, 10, &dim) ||
            __builtin_add_overflow(dim, text[pos] - '0', &dim))
          return fail("dimension too large");
        ++pos;
      }
      consume('L'); // Python 2's long suffix, in files from old NumPy.
      shape.push_back(dim);
      skipSpace();
      if (consume(')'))
        return true;
      if (!consume(','))
        return fail("expected ',' or ')' in 'shape'");
    }
  }

  const std::string &text;
};

/// "<f4 <f8 ...": what the reader accepts, for messages.
std::string supportedDescrs() {
  std::string list;
  for (const DTypeInfo &info : kDTypes)
    if (info.descr)
      list += (list.empty() ? "" : " ") + std::string(info.descr);
  return list;
}

/// Bytes of a dense array of `shape`, false on overflow or a negative
/// dimension.
bool byteSize(const std::vector<int64_t> &shape, size_t elementSize,
              size_t &bytes) {
  bytes = elementSize;
  for (int64_t dim : shape)
    if (dim < 0 || __builtin_mul_overflow(bytes, (uint64_t)dim, &bytes))
      return false;
  return true;
}

/// Copies a Fortran-order array into C order, element by element.
void fortranToC(const uint8_t *source, uint8_t *dest,
                const std::vector<int64_t> &shape, size_t elementSize,
                size_t count) {
  size_t rank = shape.size();
  std::vector<size_t> strides(rank), index(rank, 0);
  size_t stride = elementSize;
  for (size_t k = 0; k < rank; ++k) {
    strides[k] = stride;
    stride *= shape[k];
  }
  size_t offset = 0;
  for (size_t i = 0; i < count; ++i) {
    std::memcpy(dest + i * elementSize, source + offset, elementSize);
    // Advance the C-order index (last dimension fastest), keeping `offset`
    // the Fortran-order byte offset of that index.
    for (size_t k = rank; k-- > 0;) {
      offset += strides[k];
      if (++index[k] < (size_t)shape[k])
        break;
      offset -= strides[k] * shape[k];
      index[k] = 0;
    }
  }
}

bool writeAll(int fd, const void *data, size_t size) {
  const char *bytes = static_cast<const char *>(data);
  while (size > 0) {
    ssize_t written = ::write(fd, bytes, size);
    if (written < 0 && errno == EINTR)
      continue;
    if (written <= 0)
      return false;
    bytes += written;
    size -= written;
  }
  return true;
}

} // namespace

bool NpyArray::allocate(int32_t dtype, std::vector<int64_t> shape) {
  const DTypeInfo *info = lookupDType(dtype);
  size_t size;
  if (!info || !byteSize(shape, info->size, size))
    return false;
  // Round up to whole alignment units, as aligned_alloc requires; never 0 so
  // that data() is non-null for empty arrays too.
  size_t capacity = std::max<size_t>(size, 1);
  if (__builtin_add_overflow(capacity, kAlignment - 1, &capacity))
    return false;
  capacity -= capacity % kAlignment;
  storage.reset(std::aligned_alloc(kAlignment, capacity));
  if (!storage)
    return false;
  dtypeValue = dtype;
  shapeValue = std::move(shape);
  bytes = size;
  return true;
}

bool nabla::parseNpy(const void *data, size_t size, const std::string &name,
                     NpyArray &array, std::string &error) {
  const uint8_t *bytes = static_cast<const uint8_t *>(data);
  auto fail = [&](const std::string &what) {
    error = name + ": " + what;
    return false;
  };
  if (size == 0)
    return fail("empty file, not a .npy file");
  if (std::memcmp(bytes, kMagic, std::min(size, kMagicSize)) != 0)
    return fail("not a .npy file (bad magic bytes)");
  if (size < kMagicSize + 2)
    return fail("truncated header (file of " + std::to_string(size) +
                " bytes)");
  unsigned major = bytes[6], minor = bytes[7];
  if (major < 1 || major > 3 || minor != 0)
    return fail("unsupported .npy format version " + std::to_string(major) +
                "." + std::to_string(minor) + " (supported: 1.0, 2.0, 3.0)");
  size_t lengthBytes = major == 1 ? 2 : 4;
  size_t headerStart = kMagicSize + 2 + lengthBytes;
  if (size < headerStart)
    return fail("truncated header (file of " + std::to_string(size) +
                " bytes)");
  size_t headerLength = 0;
  for (size_t i = lengthBytes; i-- > 0;)
    headerLength = headerLength << 8 | bytes[kMagicSize + 2 + i];
  if (size - headerStart < headerLength)
    return fail("truncated header (it declares " +
                std::to_string(headerLength) + " bytes, the file has " +
                std::to_string(size - headerStart) + " after the preamble)");

  std::string text(reinterpret_cast<const char *>(bytes + headerStart),
                   headerLength);
  Header header;
  HeaderParser parser(text);
  if (!parser.parse(header)) {
    // Show the header without its padding, so that the message stays short.
    std::string shown =
        text.substr(0, text.find_last_not_of(std::string(" \n\0", 3)) + 1);
    if (shown.size() > 200)
      shown = shown.substr(0, 200) + "...";
    return fail("malformed header (" + parser.problem + " at offset " +
                std::to_string(parser.pos) + "): " + shown);
  }

  // The descr is a byte-order mark ('<', '>', '|', '=' or none, meaning
  // native) and a type code.
  std::string code = header.descr;
  char order = '=';
  if (!code.empty() && std::strchr("<>|=", code[0])) {
    order = code[0];
    code.erase(0, 1);
  }
  const DTypeInfo *info = lookupNumpyCode(code.c_str());
  if (!info)
    return fail("unsupported dtype '" + header.descr +
                "' (supported: " + supportedDescrs() + ")");
  bool swap = order == '>' && info->size > 1;

  size_t dataBytes;
  if (!byteSize(header.shape, info->size, dataBytes))
    return fail("shape " +
                formatShape(header.shape.data(), header.shape.size()) +
                " is too large");
  std::string what = std::string(info->name) + " " +
                     formatShape(header.shape.data(), header.shape.size());
  size_t available = size - headerStart - headerLength;
  if (available < dataBytes)
    return fail("truncated data (the header describes " + what + ", " +
                std::to_string(dataBytes) + " bytes; the file has " +
                std::to_string(available) + ")");
  if (available > dataBytes)
    return fail(std::to_string(available - dataBytes) +
                " unexpected bytes after the data of " + what + " (" +
                std::to_string(dataBytes) + " bytes)");

  if (!array.allocate(info->dtype, header.shape))
    return fail("cannot allocate " + std::to_string(dataBytes) + " bytes for " +
                what);
  const uint8_t *source = bytes + headerStart + headerLength;
  uint8_t *dest = static_cast<uint8_t *>(array.data());
  size_t count = dataBytes / info->size;
  if (header.fortranOrder && header.shape.size() > 1)
    fortranToC(source, dest, header.shape, info->size, count);
  else
    std::memcpy(dest, source, dataBytes);
  if (swap)
    for (size_t i = 0; i < count; ++i)
      std::reverse(dest + i * info->size, dest + (i + 1) * info->size);
  // Generated code may assume bools are exactly 0 or 1, as NumPy writes them.
  if (info->dtype == NABLA_DTYPE_BOOL)
    for (size_t i = 0; i < count; ++i)
      dest[i] = dest[i] != 0;
  return true;
}

bool nabla::readNpy(const std::string &path, NpyArray &array,
                    std::string &error) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = "cannot open '" + path + "': " + std::strerror(errno);
    return false;
  }
  struct stat info;
  std::string contents;
  bool ok = ::fstat(fd, &info) == 0;
  if (ok && !S_ISREG(info.st_mode)) {
    ::close(fd);
    error = "cannot read '" + path + "': not a regular file";
    return false;
  }
  if (ok) {
    contents.resize(info.st_size);
    size_t done = 0;
    while (ok && done < contents.size()) {
      ssize_t got = ::read(fd, &contents[done], contents.size() - done);
      if (got < 0 && errno == EINTR)
        continue;
      ok = got > 0;
      done += ok ? got : 0;
    }
    // A file that shrank while being read reads as truncated below.
    contents.resize(done);
    ok = ok || done == contents.size();
  }
  int savedErrno = errno;
  ::close(fd);
  if (!ok) {
    error = "cannot read '" + path + "': " + std::strerror(savedErrno);
    return false;
  }
  return parseNpy(contents.data(), contents.size(), path, array, error);
}

StagedFiles::~StagedFiles() {
  for (const Entry &entry : entries)
    ::unlink(entry.temp.c_str());
}

bool StagedFiles::stage(const std::string &path, const std::string &head,
                        const void *body, size_t bodySize,
                        std::string &error) {
  static std::atomic<unsigned> counter{0};
  size_t slash = path.rfind('/');
  size_t baseStart = slash == std::string::npos ? 0 : slash + 1;
  std::string temp = path.substr(0, baseStart) + "." + path.substr(baseStart) +
                     ".tmp" + std::to_string(getpid()) + "." +
                     std::to_string(counter++);
  struct stat status;
  if (::stat(path.c_str(), &status) == 0 && S_ISDIR(status.st_mode)) {
    error = "cannot write '" + path + "': " + std::strerror(EISDIR);
    return false;
  }
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) {
    error = "cannot write '" + path + "': " + std::strerror(errno);
    return false;
  }
  entries.push_back({temp, path});
  // Synced before the rename: readers see the old file or the whole new
  // one, even if this process or the machine dies midway.
  bool ok = writeAll(fd, head.data(), head.size()) &&
            writeAll(fd, body, bodySize) && ::fsync(fd) == 0;
  int savedErrno = errno;
  if (::close(fd) != 0 && ok) {
    ok = false;
    savedErrno = errno;
  }
  if (!ok)
    error = "cannot write '" + path + "': " + std::strerror(savedErrno);
  return ok;
}

bool StagedFiles::commit(std::string &error) {
  // A rename fails for a directory in the way (stage() refused one, but it
  // may have appeared since): find that before renaming any file, so that
  // the files still appear all or none.
  for (const Entry &entry : entries) {
    struct stat status;
    if (::stat(entry.path.c_str(), &status) == 0 && S_ISDIR(status.st_mode)) {
      error = "cannot write '" + entry.path + "': " + std::strerror(EISDIR);
      return false;
    }
  }
  for (size_t i = 0; i < entries.size(); ++i) {
    if (::rename(entries[i].temp.c_str(), entries[i].path.c_str()) != 0) {
      error = "cannot write '" + entries[i].path + "': " + std::strerror(errno);
      entries.erase(entries.begin(), entries.begin() + i);
      return false;
    }
  }
  entries.clear();
  return true;
}

bool nabla::writeNpy(const std::string &path, int32_t dtype,
                     const int64_t *shape, size_t rank, const void *data,
                     std::string &error) {
  StagedFiles files;
  return stageNpy(files, path, dtype, shape, rank, data, error) &&
         files.commit(error);
}

bool nabla::stageNpy(StagedFiles &files, const std::string &path,
                     int32_t dtype, const int64_t *shape, size_t rank,
                     const void *data, std::string &error) {
  const DTypeInfo *info = lookupDType(dtype);
  if (!info || !info->descr) {
    error = "cannot write '" + path + "': " + dtypeName(dtype) +
            " has no NumPy dtype";
    return false;
  }
  std::vector<int64_t> dims(shape, shape + rank);
  size_t dataBytes;
  if (!byteSize(dims, info->size, dataBytes)) {
    error =
        "cannot write '" + path + "': bad shape " + formatShape(shape, rank);
    return false;
  }
  if (!data && dataBytes) {
    error = "cannot write '" + path + "': no data";
    return false;
  }

  std::string dict = std::string("{'descr': '") + info->descr +
                     "', 'fortran_order': False, 'shape': (";
  for (size_t i = 0; i < rank; ++i)
    dict += (i ? ", " : "") + std::to_string(shape[i]);
  dict += rank == 1 ? ",), }" : "), }";
  // Version 1.0 unless the header outgrows its 2-byte length (rank > ~3000).
  unsigned major = dict.size() + kAlignment < 65536 ? 1 : 2;
  size_t preamble = kMagicSize + 2 + (major == 1 ? 2 : 4);
  size_t unpadded = preamble + dict.size() + 1;
  dict.append((kAlignment - unpadded % kAlignment) % kAlignment, ' ');
  dict += '\n';

  std::string head(kMagic, kMagicSize);
  head += char(major);
  head += char(0);
  for (size_t i = 0, length = dict.size(); i < preamble - kMagicSize - 2; ++i)
    head += char((length >> (8 * i)) & 0xff);
  head += dict;
  return files.stage(path, head, data, dataBytes, error);
}

std::string nabla::formatShape(const int64_t *shape, size_t rank) {
  std::string text = "[";
  for (size_t i = 0; i < rank; ++i)
    text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}
