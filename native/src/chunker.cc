#include "chunker.h"

#include <fcntl.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <stdexcept>

#include "spillFile.h"

namespace cairn {
namespace {

std::atomic<uint64_t> chunkFileCounter{0};

// Calls fn(record) for every record of a file, reading `block` bytes at a time.
template <typename Fn>
void streamRecords(const ChunkerParams& p, const ChunkSpec& src, Fn fn) {
  File in(src.path, O_RDONLY);
  const size_t R = p.recordSize;
  const size_t perBlock = std::max<size_t>(1, p.readBlock / R);
  std::vector<uint8_t> buf(perBlock * R);
  uint64_t seen = 0;
  for (;;) {
    p.control->check();
    const size_t got = in.readFull(buf.data(), buf.size());
    if (got % R != 0) throw std::runtime_error("temporary file " + src.path + " ends in a partial record");
    const size_t n = got / R;
    for (size_t i = 0; i < n; ++i) fn(buf.data() + i * R);
    seen += n;
    p.progress->done.fetch_add(n, std::memory_order_relaxed);
    if (got < buf.size()) break;
  }
  if (seen != src.count) {
    throw std::runtime_error("temporary file " + src.path + " holds " + std::to_string(seen) + " records, expected " +
                             std::to_string(src.count));
  }
}

// One counting pass and one distribution pass over `src`.
std::vector<ChunkSpec> partitionOnce(const ChunkerParams& p, const ChunkSpec& src) {
  const int base = nodeLevel(src.id);
  const uint64_t baseCode = nodeCode(src.id);
  const int g = std::min(p.gridLevels, kMaxLevel - base);
  if (g <= 0) return {src};
  const uint64_t cells = uint64_t(1) << (3 * g);
  const uint64_t mask = cells - 1;
  const int shift = 3 * (kMaxLevel - base - g);
  const Cube& cube = *p.cube;

  // Counting pass: a pyramid of counts, finest level last.
  std::vector<std::vector<uint64_t>> levels(g + 1);
  levels[g].assign(cells, 0);
  {
    uint64_t* counts = levels[g].data();
    streamRecords(p, src, [&](const uint8_t* rec) { ++counts[(mortonKey(cube, rec) >> shift) & mask]; });
  }
  for (int j = g - 1; j >= 0; --j) {
    const auto& finer = levels[j + 1];
    auto& level = levels[j];
    level.assign(uint64_t(1) << (3 * j), 0);
    for (size_t c = 0; c < level.size(); ++c) {
      uint64_t s = 0;
      for (int o = 0; o < 8; ++o) s += finer[c * 8 + o];
      level[c] = s;
    }
  }
  if (levels[0][0] <= p.maxChunkPoints) return {src};

  // Largest cells holding at most K points become chunks; a finest cell above K is a chunk too
  // and is split again by the caller.
  std::vector<ChunkSpec> chunks;
  std::vector<uint32_t> lookup(cells, UINT32_MAX);
  std::vector<std::pair<int, uint64_t>> stack = {{0, 0}};
  while (!stack.empty()) {
    const auto [j, c] = stack.back();
    stack.pop_back();
    const uint64_t s = levels[j][c];
    if (s == 0) continue;
    if (s <= p.maxChunkPoints || j == g) {
      ChunkSpec chunk;
      chunk.id = nodeId(base + j, (baseCode << (3 * j)) | c);
      chunk.count = s;
      chunk.path = p.tmpDir + "/chunk-" + std::to_string(chunkFileCounter.fetch_add(1)) + ".bin";
      const uint64_t span = uint64_t(1) << (3 * (g - j));
      std::fill(lookup.begin() + static_cast<ptrdiff_t>(c * span), lookup.begin() + static_cast<ptrdiff_t>((c + 1) * span),
                static_cast<uint32_t>(chunks.size()));
      chunks.push_back(std::move(chunk));
    } else {
      for (int o = 7; o >= 0; --o) stack.push_back({j + 1, c * 8 + static_cast<uint64_t>(o)});
    }
  }
  levels.clear();
  levels.shrink_to_fit();

  // Distribution pass through per-chunk buffers sized to the write budget.
  const size_t R = p.recordSize;
  size_t perChunk = p.writeBudget / std::max<size_t>(1, chunks.size());
  perChunk = std::min<size_t>(std::max<size_t>(perChunk, 4096), 1 << 20);
  perChunk = std::max<size_t>(R, perChunk / R * R);
  std::vector<uint8_t> arena(perChunk * chunks.size());
  std::vector<size_t> used(chunks.size(), 0);
  streamRecords(p, src, [&](const uint8_t* rec) {
    const uint32_t ci = lookup[(mortonKey(cube, rec) >> shift) & mask];
    uint8_t* slot = arena.data() + ci * perChunk;
    std::memcpy(slot + used[ci], rec, R);
    used[ci] += R;
    if (used[ci] + R > perChunk) {
      appendToFile(chunks[ci].path, slot, used[ci]);
      used[ci] = 0;
    }
  });
  for (size_t ci = 0; ci < chunks.size(); ++ci) {
    if (used[ci] > 0) appendToFile(chunks[ci].path, arena.data() + ci * perChunk, used[ci]);
  }
  removeFile(src.path);
  return chunks;
}

}  // namespace

std::vector<ChunkSpec> makeChunks(const ChunkerParams& p, const ChunkSpec& source) {
  std::vector<ChunkSpec> result;
  std::deque<ChunkSpec> work = {source};
  bool first = true;
  while (!work.empty()) {
    ChunkSpec c = std::move(work.front());
    work.pop_front();
    if (c.count <= p.maxChunkPoints || nodeLevel(c.id) >= kMaxLevel) {
      result.push_back(std::move(c));
      continue;
    }
    if (!first) p.progress->total.fetch_add(2 * c.count);
    first = false;
    auto parts = partitionOnce(p, c);
    if (parts.size() == 1 && parts[0].id == c.id) {
      result.push_back(std::move(parts[0]));
      continue;
    }
    for (auto& part : parts) work.push_back(std::move(part));
  }
  return result;
}

}  // namespace cairn
