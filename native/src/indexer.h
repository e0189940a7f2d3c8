// In-memory octree construction for one chunk (and for the levels above the chunks), with
// bottom-up sampling: a node's points are moved up from its children, so each input point ends
// up in exactly one node.
#pragma once

#include <cstdint>
#include <vector>

#include "chunker.h"
#include "common.h"
#include "potreeWriter.h"

namespace cairn {

struct IndexContext {
  const Cube* cube = nullptr;
  size_t recordSize = 0;
  Sampling sampling = Sampling::Poisson;
  uint32_t maxLeafPoints = 10000;
  Control* control = nullptr;
  Progress* progress = nullptr;
  OctreeWriter* octree = nullptr;
  NodeSink* sink = nullptr;
};

// A chunk's root after indexing: its points are still to be sampled by the levels above.
struct ChunkRoot {
  uint64_t id = 1;
  uint64_t count = 0;       // records in the root
  uint64_t first = 0;       // index of the root's first record in the roots file
  bool hasChildren = false; // nodes below the root were written
};

// Picks the points of a node from its children's points.
class Sampler {
 public:
  Sampler(const Cube& cube, Sampling mode) : cube_(cube), mode_(mode) {}
  void sample(const uint32_t* cand, size_t n, uint64_t node, const uint8_t* recs, size_t R,
              std::vector<uint8_t>& accepted);

 private:
  int32_t find(uint32_t key) const;
  int32_t insert(uint32_t key, bool& inserted);
  void reset(size_t n);

  const Cube& cube_;
  Sampling mode_;
  struct Slot {
    uint32_t key;
    int32_t val;
  };
  std::vector<Slot> slots_;
  std::vector<uint64_t> scores_;
  std::vector<uint32_t> usedSlots_;
  std::vector<int32_t> next_;
  std::vector<double> pos_;
  // Poisson: one bit per cell of the node's grid (cells 0..128, plus a border on each side).
  static constexpr uint32_t kOccDim = 131;
  std::vector<uint8_t> occ_;
  uint32_t mask_ = 0;
  int bits_ = 0;
};

// One per worker thread; holds the scratch space.
class Indexer {
 public:
  explicit Indexer(const IndexContext& ctx) : ctx_(ctx), sampler_(*ctx.cube, ctx.sampling) {}
  // Indexes a chunk file (and deletes it): writes every node below the chunk's root and returns
  // the root's records in rootRecords.
  ChunkRoot indexChunk(const ChunkSpec& chunk, std::vector<uint8_t>& rootRecords);
  // The levels above the chunks, from all chunk roots' records; writes those levels and the roots.
  void indexUpper(const std::vector<uint8_t>& records, const std::vector<ChunkRoot>& roots);

 private:
  struct TNode {
    uint64_t id = 1;
    int32_t child[8] = {-1, -1, -1, -1, -1, -1, -1, -1};
    bool leaf = true;
    bool hasChildren = false;
    std::vector<uint32_t> pts;
  };
  struct KeyIdx {
    uint64_t key;
    uint32_t idx;
  };
  void sortKeys();
  int32_t build(uint64_t id, size_t lo, size_t hi);
  void sampleTree(int32_t ni, const uint8_t* recs);
  void sampleNode(int32_t ni, const uint8_t* recs);
  void writeNodes(const std::vector<int32_t>& which, const uint8_t* recs);

  IndexContext ctx_;
  Sampler sampler_;
  std::vector<TNode> nodes_;
  std::vector<KeyIdx> keys_;
  std::vector<KeyIdx> keysTmp_;
  std::vector<uint32_t> cand_;
  std::vector<uint8_t> accepted_;
  std::vector<uint8_t> gather_;
  Buf scratch_;  // the previous chunk's buffer, reused for the next one's Morton-ordered copy
};

}  // namespace cairn
