// Plain POSIX file helpers with error messages that name the path and the problem.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace cairn {

// A byte buffer whose contents start uninitialised (no page is touched until written). Large
// buffers are mapped directly, so freeing one gives its memory back to the system at once
// (glibc's malloc would keep it once its mmap threshold has grown).
struct BufFree {
  size_t n = 0;
  void operator()(uint8_t* p) const;
};
uint8_t* bufAlloc(size_t bytes);

struct Buf {
  std::unique_ptr<uint8_t[], BufFree> p;
  size_t n = 0;
  Buf() = default;
  explicit Buf(size_t bytes) : p(bufAlloc(bytes), BufFree{bytes}), n(bytes) {}
  uint8_t* data() { return p.get(); }
  const uint8_t* data() const { return p.get(); }
  size_t size() const { return n; }
  bool empty() const { return n == 0; }
  void reset() {
    p.reset();
    n = 0;
  }
};

std::string ioError(const char* what, const std::string& path, int err);

class File {
 public:
  File() = default;
  File(const std::string& path, int flags, int mode = 0644);
  ~File();
  File(const File&) = delete;
  File& operator=(const File&) = delete;
  File(File&& o) noexcept;
  File& operator=(File&& o) noexcept;

  void open(const std::string& path, int flags, int mode = 0644);
  void writeAll(const void* data, size_t n);
  void pwriteAll(const void* data, size_t n, uint64_t offset);
  // Reads up to n bytes; returns fewer only at end of file.
  size_t readFull(void* data, size_t n);
  void close();
  bool isOpen() const { return fd_ >= 0; }
  const std::string& path() const { return path_; }

 private:
  int fd_ = -1;
  std::string path_;
};

// Sequential append-only writer with its own buffer (the spill file, the roots file).
class AppendWriter {
 public:
  AppendWriter(const std::string& path, size_t bufferBytes);
  void write(const void* data, size_t n);
  void flush();
  void close();
  uint64_t bytesWritten() const { return written_ + used_; }

 private:
  File file_;
  std::vector<uint8_t> buf_;
  size_t used_ = 0;
  uint64_t written_ = 0;
};

// Opens, appends and closes: per-chunk files, of which there may be more than open-file limits allow.
void appendToFile(const std::string& path, const void* data, size_t n);
std::vector<uint8_t> readWholeFile(const std::string& path, uint64_t expectedBytes);
Buf readWholeFileBuf(const std::string& path, uint64_t expectedBytes);
void makeDirs(const std::string& path);
void removeTree(const std::string& path);
void removeFile(const std::string& path);
void renameFile(const std::string& from, const std::string& to);
void writeTextFile(const std::string& path, const std::string& text);

}  // namespace cairn
