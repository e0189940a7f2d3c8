// Shared types for the LOD builder: cancellation, progress, the cube and Morton keys.
#pragma once

#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

namespace cairn {

// Depth of the global Morton grid: 21 bits per axis, 63-bit keys.
constexpr int kMaxLevel = 21;
constexpr uint32_t kGridMax = (1u << kMaxLevel) - 1;
// A node's spacing is its edge length divided by this (as PotreeConverter 2 does).
constexpr double kCellsPerNode = 128.0;

class CancelledError : public std::runtime_error {
 public:
  CancelledError() : std::runtime_error("LOD build cancelled") {}
};

// Thrown by sibling tasks once another task has failed; the first error is the one reported.
class AbortedError : public std::runtime_error {
 public:
  AbortedError() : std::runtime_error("aborted after an earlier error") {}
};

struct Control {
  std::atomic<bool> cancelled{false};
  std::atomic<bool> failed{false};
  void check() const {
    if (cancelled.load(std::memory_order_relaxed)) throw CancelledError();
    if (failed.load(std::memory_order_relaxed)) throw AbortedError();
  }
};

enum class Phase : int { Spill = 0, Distribute = 1, Index = 2, Write = 3 };

inline const char* phaseName(int p) {
  switch (p) {
    case 0: return "spill";
    case 1: return "distribute";
    case 2: return "index";
    default: return "write";
  }
}

struct Progress {
  std::atomic<int> phase{0};
  std::atomic<uint64_t> done{0};
  std::atomic<uint64_t> total{0};
  void start(Phase p, uint64_t t) {
    done.store(0);
    total.store(t);
    phase.store(static_cast<int>(p));
  }
};

enum class Sampling { Poisson, Random };

// The octree's cube. Points are int32 quantised (real = q * scale + offset); the cube's minimum
// corner is the tight minimum, its edge the largest extent, in real units.
struct Cube {
  int32_t qmin[3] = {0, 0, 0};
  double size = 1;        // edge, real units
  double toGrid[3] = {1, 1, 1};  // 2^21 / (size / scale[a]): quantised delta -> grid units
  double scale[3] = {1, 1, 1};
  double offset[3] = {0, 0, 0};
  double minReal(int a) const { return qmin[a] * scale[a] + offset[a]; }
};

inline int32_t readI32(const uint8_t* p) {
  int32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

inline uint64_t splitBy3(uint32_t a) {
  uint64_t x = a & 0x1fffff;
  x = (x | x << 32) & 0x1f00000000ffffULL;
  x = (x | x << 16) & 0x1f0000ff0000ffULL;
  x = (x | x << 8) & 0x100f00f00f00f00fULL;
  x = (x | x << 4) & 0x10c30c30c30c30c3ULL;
  x = (x | x << 2) & 0x1249249249249249ULL;
  return x;
}

inline uint32_t compactBy3(uint64_t x) {
  x &= 0x1249249249249249ULL;
  x = (x ^ (x >> 2)) & 0x10c30c30c30c30c3ULL;
  x = (x ^ (x >> 4)) & 0x100f00f00f00f00fULL;
  x = (x ^ (x >> 8)) & 0x1f0000ff0000ffULL;
  x = (x ^ (x >> 16)) & 0x1f00000000ffffULL;
  x = (x ^ (x >> 32)) & 0x1fffffULL;
  return static_cast<uint32_t>(x);
}

inline uint32_t gridCoord(const Cube& c, int a, int32_t q) {
  const double u = static_cast<double>(static_cast<int64_t>(q) - c.qmin[a]) * c.toGrid[a];
  if (!(u > 0)) return 0;
  if (u >= static_cast<double>(kGridMax)) return kGridMax;
  return static_cast<uint32_t>(u);
}

// Octant bits per level: x << 2 | y << 1 | z, most significant level first.
inline uint64_t mortonKey(const Cube& c, const uint8_t* rec) {
  return splitBy3(gridCoord(c, 0, readI32(rec))) << 2 | splitBy3(gridCoord(c, 1, readI32(rec + 4))) << 1 |
         splitBy3(gridCoord(c, 2, readI32(rec + 8)));
}

// A node id: the node's Morton code (3 bits per level) under a sentinel bit at 3 * level.
inline uint64_t nodeId(int level, uint64_t code) { return (uint64_t(1) << (3 * level)) | code; }
inline int nodeLevel(uint64_t id) { return (63 - __builtin_clzll(id)) / 3; }
inline uint64_t nodeCode(uint64_t id) { return id & ~(uint64_t(1) << (3 * nodeLevel(id))); }
inline uint64_t parentId(uint64_t id) { return id >> 3; }
inline uint64_t childId(uint64_t id, int octant) { return id << 3 | static_cast<uint64_t>(octant); }
// The node containing a point key at a level.
inline uint64_t nodeOfKey(uint64_t key, int level) {
  return nodeId(level, level == 0 ? 0 : key >> (3 * (kMaxLevel - level)));
}

inline std::string nodeName(uint64_t id) {
  const int level = nodeLevel(id);
  std::string s = "r";
  for (int l = level - 1; l >= 0; --l) s.push_back(static_cast<char>('0' + ((id >> (3 * l)) & 7)));
  return s;
}

// Integer cell index of a node along each axis at its level.
inline void nodeIndex(uint64_t id, uint32_t out[3]) {
  const uint64_t code = nodeCode(id);
  out[0] = compactBy3(code >> 2);
  out[1] = compactBy3(code >> 1);
  out[2] = compactBy3(code);
}

}  // namespace cairn
