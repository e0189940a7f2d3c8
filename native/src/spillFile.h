// Plain POSIX file helpers with error messages that name the path and the problem.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace cairn {

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
void makeDirs(const std::string& path);
void removeTree(const std::string& path);
void removeFile(const std::string& path);
void renameFile(const std::string& from, const std::string& to);
void writeTextFile(const std::string& path, const std::string& text);

}  // namespace cairn
