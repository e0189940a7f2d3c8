#include "spillFile.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <new>
#include <stdexcept>

namespace cairn {

namespace {
constexpr size_t kMapThreshold = size_t(1) << 20;
}

uint8_t* bufAlloc(size_t bytes) {
  if (bytes == 0) return nullptr;
  if (bytes < kMapThreshold) return new uint8_t[bytes];
  void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  return static_cast<uint8_t*>(p);
}

void BufFree::operator()(uint8_t* p) const {
  if (p == nullptr) return;
  if (n < kMapThreshold) {
    delete[] p;
  } else {
    ::munmap(p, n);
  }
}

std::string ioError(const char* what, const std::string& path, int err) {
  return std::string(what) + " " + path + ": " + std::strerror(err);
}

File::File(const std::string& path, int flags, int mode) { open(path, flags, mode); }

File::~File() {
  if (fd_ >= 0) ::close(fd_);
}

File::File(File&& o) noexcept : fd_(o.fd_), path_(std::move(o.path_)) { o.fd_ = -1; }

File& File::operator=(File&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = o.fd_;
    path_ = std::move(o.path_);
    o.fd_ = -1;
  }
  return *this;
}

void File::open(const std::string& path, int flags, int mode) {
  close();
  path_ = path;
  fd_ = ::open(path.c_str(), flags | O_CLOEXEC, mode);
  if (fd_ < 0) throw std::runtime_error(ioError("cannot open", path, errno));
}

void File::writeAll(const void* data, size_t n) {
  const uint8_t* p = static_cast<const uint8_t*>(data);
  while (n > 0) {
    const ssize_t w = ::write(fd_, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(ioError("cannot write", path_, errno));
    }
    if (w == 0) throw std::runtime_error(ioError("cannot write", path_, ENOSPC));
    p += w;
    n -= static_cast<size_t>(w);
  }
}

void File::pwriteAll(const void* data, size_t n, uint64_t offset) {
  const uint8_t* p = static_cast<const uint8_t*>(data);
  while (n > 0) {
    const ssize_t w = ::pwrite(fd_, p, n, static_cast<off_t>(offset));
    if (w < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(ioError("cannot write", path_, errno));
    }
    if (w == 0) throw std::runtime_error(ioError("cannot write", path_, ENOSPC));
    p += w;
    n -= static_cast<size_t>(w);
    offset += static_cast<uint64_t>(w);
  }
}

size_t File::readFull(void* data, size_t n) {
  uint8_t* p = static_cast<uint8_t*>(data);
  size_t got = 0;
  while (got < n) {
    const ssize_t r = ::read(fd_, p + got, n - got);
    if (r < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(ioError("cannot read", path_, errno));
    }
    if (r == 0) break;
    got += static_cast<size_t>(r);
  }
  return got;
}

void File::close() {
  if (fd_ >= 0) {
    const int rc = ::close(fd_);
    fd_ = -1;
    // close() can report a deferred write error (NFS, quota).
    if (rc != 0 && errno != EINTR) throw std::runtime_error(ioError("cannot close", path_, errno));
  }
}

AppendWriter::AppendWriter(const std::string& path, size_t bufferBytes)
    : file_(path, O_WRONLY | O_CREAT | O_TRUNC), buf_(bufferBytes) {}

void AppendWriter::write(const void* data, size_t n) {
  const uint8_t* p = static_cast<const uint8_t*>(data);
  if (n >= buf_.size()) {
    flush();
    file_.writeAll(p, n);
    written_ += n;
    return;
  }
  if (used_ + n > buf_.size()) flush();
  std::memcpy(buf_.data() + used_, p, n);
  used_ += n;
}

void AppendWriter::flush() {
  if (used_ > 0) {
    file_.writeAll(buf_.data(), used_);
    written_ += used_;
    used_ = 0;
  }
}

void AppendWriter::close() {
  flush();
  file_.close();
}

void appendToFile(const std::string& path, const void* data, size_t n) {
  File f(path, O_WRONLY | O_CREAT | O_APPEND);
  f.writeAll(data, n);
  f.close();
}

std::vector<uint8_t> readWholeFile(const std::string& path, uint64_t expectedBytes) {
  File f(path, O_RDONLY);
  std::vector<uint8_t> data(expectedBytes);
  const size_t got = f.readFull(data.data(), data.size());
  if (got != expectedBytes) {
    throw std::runtime_error("temporary file " + path + " is truncated: expected " + std::to_string(expectedBytes) +
                             " bytes, found " + std::to_string(got));
  }
  return data;
}

Buf readWholeFileBuf(const std::string& path, uint64_t expectedBytes) {
  File f(path, O_RDONLY);
  Buf data(expectedBytes);
  const size_t got = f.readFull(data.data(), data.size());
  if (got != expectedBytes) {
    throw std::runtime_error("temporary file " + path + " is truncated: expected " + std::to_string(expectedBytes) +
                             " bytes, found " + std::to_string(got));
  }
  return data;
}

void makeDirs(const std::string& path) {
  if (path.empty()) return;
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode)) throw std::runtime_error(ioError("cannot use as a directory", path, ENOTDIR));
    return;
  }
  const size_t slash = path.find_last_of('/');
  if (slash != std::string::npos && slash > 0) makeDirs(path.substr(0, slash));
  if (::mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) {
    throw std::runtime_error(ioError("cannot create directory", path, errno));
  }
}

void removeTree(const std::string& path) {
  DIR* dir = ::opendir(path.c_str());
  if (dir == nullptr) {
    ::unlink(path.c_str());
    return;
  }
  while (struct dirent* e = ::readdir(dir)) {
    const std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    const std::string child = path + "/" + name;
    struct stat st;
    if (::lstat(child.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
      removeTree(child);
    } else {
      ::unlink(child.c_str());
    }
  }
  ::closedir(dir);
  ::rmdir(path.c_str());
}

void removeFile(const std::string& path) { ::unlink(path.c_str()); }

void renameFile(const std::string& from, const std::string& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) throw std::runtime_error(ioError("cannot rename to", to, errno));
}

void writeTextFile(const std::string& path, const std::string& text) {
  File f(path, O_WRONLY | O_CREAT | O_TRUNC);
  f.writeAll(text.data(), text.size());
  f.close();
}

}  // namespace cairn
