// Splitting the spilled points into chunks (octree nodes holding at most K points), each in its
// own temporary file, by counting points on a grid and merging sparse cells upwards.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common.h"
#include "spillFile.h"

namespace cairn {

struct ChunkSpec {
  uint64_t id = 1;     // node id (see common.h)
  uint64_t count = 0;  // records in the file (or in mem)
  std::string path;    // empty when the chunk is held in memory
  std::shared_ptr<Buf> mem;
};

struct ChunkerParams {
  const Cube* cube = nullptr;
  size_t recordSize = 0;
  uint64_t maxChunkPoints = 0;  // K
  int gridLevels = 6;           // counting grid of 8^gridLevels cells
  size_t writeBudget = 0;       // bytes of per-chunk write buffers, all together
  size_t readBlock = 0;         // bytes per sequential read
  std::string tmpDir;
  Control* control = nullptr;
  Progress* progress = nullptr;
};

// Splits `source` (all of whose points lie inside node source.id) into chunks of at most
// maxChunkPoints points, splitting again where a grid cell is still too dense, down to the
// deepest level. Split source files are deleted.
std::vector<ChunkSpec> makeChunks(const ChunkerParams& params, const ChunkSpec& source);

// The same with everything in memory: `blocks` (whole records, `count` in all, inside node
// `rootId`) are freed as they are distributed into one buffer per chunk. Counting and
// distribution run on `threads` threads; the records keep their input order within each chunk.
std::vector<ChunkSpec> makeChunksInMemory(const ChunkerParams& params, std::vector<Buf>&& blocks, uint64_t count,
                                          uint64_t rootId, unsigned threads);

}  // namespace cairn
