#include "chunker.h"

#include <fcntl.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <stdexcept>

#include "spillFile.h"
#include "threadPool.h"

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

// Turns the finest counts of a g-level grid under node `base` into chunks: the largest cells holding
// at most K points; a finest cell above K is a chunk too (split again by the caller). Fills
// lookup (finest cell -> chunk index). Returns no chunk when the whole node fits in one.
std::vector<ChunkSpec> selectChunks(const ChunkerParams& p, uint64_t baseId, int g, std::vector<uint64_t>&& finest,
                                    std::vector<uint32_t>& lookup) {
  const int base = nodeLevel(baseId);
  const uint64_t baseCode = nodeCode(baseId);
  const uint64_t cells = uint64_t(1) << (3 * g);
  std::vector<std::vector<uint64_t>> levels(g + 1);
  levels[g] = std::move(finest);
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
  if (levels[0][0] <= p.maxChunkPoints) return {};
  std::vector<ChunkSpec> chunks;
  lookup.assign(cells, UINT32_MAX);
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
      const uint64_t span = uint64_t(1) << (3 * (g - j));
      std::fill(lookup.begin() + static_cast<ptrdiff_t>(c * span), lookup.begin() + static_cast<ptrdiff_t>((c + 1) * span),
                static_cast<uint32_t>(chunks.size()));
      chunks.push_back(std::move(chunk));
    } else {
      for (int o = 7; o >= 0; --o) stack.push_back({j + 1, c * 8 + static_cast<uint64_t>(o)});
    }
  }
  return chunks;
}

// One counting pass and one distribution pass over `src`.
std::vector<ChunkSpec> partitionOnce(const ChunkerParams& p, const ChunkSpec& src) {
  const int base = nodeLevel(src.id);
  const int g = std::min(p.gridLevels, kMaxLevel - base);
  if (g <= 0) return {src};
  const uint64_t cells = uint64_t(1) << (3 * g);
  const uint64_t mask = cells - 1;
  const int shift = 3 * (kMaxLevel - base - g);
  const Cube& cube = *p.cube;

  // Counting pass: a pyramid of counts, finest level last.
  std::vector<uint64_t> finest(cells, 0);
  {
    uint64_t* counts = finest.data();
    streamRecords(p, src, [&](const uint8_t* rec) { ++counts[(mortonKey(cube, rec) >> shift) & mask]; });
  }
  std::vector<uint32_t> lookup;
  std::vector<ChunkSpec> chunks = selectChunks(p, src.id, g, std::move(finest), lookup);
  if (chunks.empty()) return {src};
  for (auto& c : chunks) c.path = p.tmpDir + "/chunk-" + std::to_string(chunkFileCounter.fetch_add(1)) + ".bin";

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


struct Segment {
  size_t block;
  size_t first;  // record index within the block
  size_t n;
};

// One counting pass and one distribution pass over records held in memory, on T threads, each
// taking a contiguous run of records (so every chunk keeps the input order). Blocks are freed as
// soon as they are distributed. Returns no chunk when the node fits in one.
std::vector<ChunkSpec> partitionMemory(const ChunkerParams& p, std::vector<Buf>& blocks, uint64_t count, uint64_t id,
                                       unsigned T) {
  const int base = nodeLevel(id);
  const int g = std::min(p.gridLevels, kMaxLevel - base);
  if (g <= 0) return {};
  const uint64_t cells = uint64_t(1) << (3 * g);
  const uint64_t mask = cells - 1;
  const int shift = 3 * (kMaxLevel - base - g);
  const Cube& cube = *p.cube;
  const size_t R = p.recordSize;
  T = static_cast<unsigned>(std::max<uint64_t>(1, std::min<uint64_t>(T, count / 65536 + 1)));

  std::vector<std::vector<Segment>> segs(T);
  std::unique_ptr<std::atomic<int>[]> pieces(new std::atomic<int>[blocks.size()]);
  {
    const uint64_t per = (count + T - 1) / T;
    uint64_t start = 0;
    for (size_t b = 0; b < blocks.size(); ++b) {
      const uint64_t nb = blocks[b].size() / R;
      int k = 0;
      for (uint64_t at = start; at < start + nb;) {
        const unsigned t = static_cast<unsigned>(std::min<uint64_t>(at / per, T - 1));
        const uint64_t end = t == T - 1 ? start + nb : std::min<uint64_t>(start + nb, (t + 1) * per);
        segs[t].push_back({b, static_cast<size_t>(at - start), static_cast<size_t>(end - at)});
        ++k;
        at = end;
      }
      pieces[b].store(k);
      start += nb;
    }
  }
  constexpr size_t kStep = 65536;
  auto forEach = [&](unsigned t, auto&& fn, bool release) {
    for (const Segment& s : segs[t]) {
      const uint8_t* base = blocks[s.block].data() + s.first * R;
      for (size_t i = 0; i < s.n; i += kStep) {
        p.control->check();
        const size_t m = std::min(kStep, s.n - i);
        const uint8_t* q = base + i * R;
        for (size_t k = 0; k < m; ++k) fn(q + k * R);
        p.progress->done.fetch_add(m, std::memory_order_relaxed);
      }
      if (release && pieces[s.block].fetch_sub(1) == 1) blocks[s.block].reset();
    }
  };

  std::vector<std::vector<uint64_t>> counts(T);
  parallelFor(T, T, *p.control, [&](size_t t, unsigned) {
    counts[t].assign(cells, 0);
    uint64_t* c = counts[t].data();
    forEach(static_cast<unsigned>(t), [&](const uint8_t* rec) { ++c[(mortonKey(cube, rec) >> shift) & mask]; }, false);
  });
  std::vector<uint64_t> finest(counts[0]);
  for (unsigned t = 1; t < T; ++t)
    for (uint64_t c = 0; c < cells; ++c) finest[c] += counts[t][c];
  std::vector<uint32_t> lookup;
  std::vector<ChunkSpec> chunks = selectChunks(p, id, g, std::move(finest), lookup);
  if (chunks.empty()) return {};

  // Each thread's first slot in each chunk: the records of the threads before it come first.
  std::vector<std::vector<uint64_t>> cursor(T, std::vector<uint64_t>(chunks.size(), 0));
  for (uint64_t c = 0; c < cells; ++c) {
    const uint32_t ci = lookup[c];
    if (ci == UINT32_MAX) continue;
    for (unsigned t = 0; t < T; ++t) cursor[t][ci] += counts[t][c];
  }
  counts.clear();
  counts.shrink_to_fit();
  for (size_t ci = 0; ci < chunks.size(); ++ci) {
    uint64_t running = 0;
    for (unsigned t = 0; t < T; ++t) {
      const uint64_t k = cursor[t][ci];
      cursor[t][ci] = running;
      running += k;
    }
    chunks[ci].mem = std::make_shared<Buf>(static_cast<size_t>(chunks[ci].count) * R);
  }
  std::vector<uint8_t*> dest(chunks.size());
  for (size_t ci = 0; ci < chunks.size(); ++ci) dest[ci] = chunks[ci].mem->data();
  parallelFor(T, T, *p.control, [&](size_t t, unsigned) {
    uint64_t* cur = cursor[t].data();
    forEach(static_cast<unsigned>(t), [&](const uint8_t* rec) {
      const uint32_t ci = lookup[(mortonKey(cube, rec) >> shift) & mask];
      std::memcpy(dest[ci] + cur[ci]++ * R, rec, R);
    }, true);
  });
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

namespace cairn {

std::vector<ChunkSpec> makeChunksInMemory(const ChunkerParams& p, std::vector<Buf>&& blocks, uint64_t count,
                                          uint64_t rootId, unsigned threads) {
  struct Work {
    uint64_t id;
    uint64_t count;
    std::vector<Buf> blocks;
  };
  const size_t R = p.recordSize;
  auto asChunk = [&](Work& w) {
    ChunkSpec c;
    c.id = w.id;
    c.count = w.count;
    if (w.blocks.size() == 1 && w.blocks[0].size() == w.count * R) {
      c.mem = std::make_shared<Buf>(std::move(w.blocks[0]));
    } else {
      c.mem = std::make_shared<Buf>(static_cast<size_t>(w.count) * R);
      size_t at = 0;
      for (auto& b : w.blocks) {
        std::memcpy(c.mem->data() + at, b.data(), b.size());
        at += b.size();
        b.reset();
      }
    }
    return c;
  };
  std::vector<ChunkSpec> result;
  std::deque<Work> work;
  work.push_back({rootId, count, std::move(blocks)});
  bool first = true;
  while (!work.empty()) {
    Work w = std::move(work.front());
    work.pop_front();
    if (w.count <= p.maxChunkPoints || nodeLevel(w.id) >= kMaxLevel) {
      result.push_back(asChunk(w));
      continue;
    }
    if (!first) p.progress->total.fetch_add(2 * w.count);
    first = false;
    auto parts = partitionMemory(p, w.blocks, w.count, w.id, threads);
    if (parts.empty()) {
      result.push_back(asChunk(w));
      continue;
    }
    for (auto& part : parts) {
      Work next{part.id, part.count, {}};
      next.blocks.push_back(std::move(*part.mem));
      work.push_back(std::move(next));
    }
  }
  return result;
}

}  // namespace cairn
