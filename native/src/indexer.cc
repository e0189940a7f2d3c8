#include "indexer.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <unordered_map>
#include <utility>

#include "spillFile.h"

namespace cairn {
namespace {

constexpr uint32_t kEmpty = UINT32_MAX;

inline uint32_t packCell(int cx, int cy, int cz) {
  return static_cast<uint32_t>(cx) | static_cast<uint32_t>(cy) << 8 | static_cast<uint32_t>(cz) << 16;
}

inline uint64_t mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

// Neighbour offsets, the cell itself first (the likeliest place for a conflict).

struct Offsets {
  int d[27][3];
  Offsets() {
    int k = 1;
    d[0][0] = d[0][1] = d[0][2] = 0;
    for (int x = -1; x <= 1; ++x)
      for (int y = -1; y <= 1; ++y)
        for (int z = -1; z <= 1; ++z) {
          if (x == 0 && y == 0 && z == 0) continue;
          d[k][0] = x;
          d[k][1] = y;
          d[k][2] = z;
          ++k;
        }
    // Nearest cells first: faces, then edges, then corners.
    for (int i = 1; i < 27; ++i)
      for (int j = i; j > 1 && norm(d[j]) < norm(d[j - 1]); --j) std::swap(d[j], d[j - 1]);
  }
  static int norm(const int* v) { return v[0] * v[0] + v[1] * v[1] + v[2] * v[2]; }
};
const Offsets kOffsets;

}  // namespace

void Sampler::reset(size_t n) {
  size_t cap = 16;
  bits_ = 4;
  while (cap < 2 * n) {
    cap <<= 1;
    ++bits_;
  }
  mask_ = static_cast<uint32_t>(cap - 1);
  slots_.assign(cap, Slot{kEmpty, -1});
  if (mode_ == Sampling::Random) scores_.resize(cap);
  usedSlots_.clear();
}

int32_t Sampler::find(uint32_t key) const {
  uint32_t h = (key * 0x9E3779B1u) >> (32 - bits_);
  for (;;) {
    const uint32_t k = slots_[h].key;
    if (k == key) return static_cast<int32_t>(h);
    if (k == kEmpty) return -1;
    h = (h + 1) & mask_;
  }
}

int32_t Sampler::insert(uint32_t key, bool& inserted) {
  uint32_t h = (key * 0x9E3779B1u) >> (32 - bits_);
  for (;;) {
    const uint32_t k = slots_[h].key;
    if (k == key) {
      inserted = false;
      return static_cast<int32_t>(h);
    }
    if (k == kEmpty) {
      slots_[h].key = key;
      usedSlots_.push_back(h);
      inserted = true;
      return static_cast<int32_t>(h);
    }
    h = (h + 1) & mask_;
  }
}

void Sampler::sample(const uint32_t* cand, size_t n, uint64_t node, const uint8_t* recs, size_t R,
                     std::vector<uint8_t>& accepted) {
  accepted.assign(n, 0);
  if (n == 0) return;
  reset(n);
  const int level = nodeLevel(node);
  uint32_t idx[3];
  nodeIndex(node, idx);
  const double nodeSize = std::ldexp(cube_.size, -level);
  const double spacing = nodeSize / kCellsPerNode;
  const double inv = 1.0 / spacing;
  const double s2 = spacing * spacing;
  double nodeMin[3];
  for (int a = 0; a < 3; ++a) nodeMin[a] = idx[a] * nodeSize;
  const int cmax = static_cast<int>(kCellsPerNode);

  auto locate = [&](const uint8_t* rec, double r[3], int c[3]) {
    for (int a = 0; a < 3; ++a) {
      r[a] = static_cast<double>(static_cast<int64_t>(readI32(rec + 4 * a)) - cube_.qmin[a]) * cube_.scale[a] - nodeMin[a];
      const double f = std::floor(r[a] * inv);
      c[a] = f < 0 ? 0 : (f > cmax ? cmax : static_cast<int>(f));
    }
  };

  if (mode_ == Sampling::Poisson) {
    next_.clear();
    pos_.clear();
    if (occ_.empty()) occ_.assign(kOccDim * kOccDim * kOccDim / 8 + 16, 0);
    for (size_t i = 0; i < n; ++i) {
      double r[3];
      int c[3];
      locate(recs + static_cast<size_t>(cand[i]) * R, r, c);
      // Occupancy bits say which of the 27 neighbouring cells hold accepted points; only those
      // are looked up (any conflict rejects, so the order of the checks does not matter).
      const int x = c[0] + 1, y = c[1] + 1, z = c[2] + 1;
      bool reject = false;
      for (int dx = -1; dx <= 1 && !reject; ++dx) {
        for (int dy = -1; dy <= 1 && !reject; ++dy) {
          const uint32_t base = (static_cast<uint32_t>(x + dx) * kOccDim + static_cast<uint32_t>(y + dy)) * kOccDim + static_cast<uint32_t>(z - 1);
          uint64_t w;
          std::memcpy(&w, occ_.data() + (base >> 3), 8);
          uint32_t bits = static_cast<uint32_t>(w >> (base & 7)) & 7u;
          while (bits != 0 && !reject) {
            const int dz = __builtin_ctz(bits) - 1;
            bits &= bits - 1;
            const int32_t slot = find(packCell(x + dx, y + dy, z + dz));
            if (slot < 0) continue;
            for (int32_t a = slots_[slot].val; a >= 0; a = next_[a]) {
              const double* p = &pos_[3 * static_cast<size_t>(a)];
              const double ddx = p[0] - r[0], ddy = p[1] - r[1], ddz = p[2] - r[2];
              if (ddx * ddx + ddy * ddy + ddz * ddz < s2) {
                reject = true;
                break;
              }
            }
          }
        }
      }
      if (reject) continue;
      accepted[i] = 1;
      const int32_t a = static_cast<int32_t>(next_.size());
      pos_.insert(pos_.end(), r, r + 3);
      bool inserted;
      const int32_t slot = insert(packCell(x, y, z), inserted);
      next_.push_back(inserted ? -1 : slots_[slot].val);
      slots_[slot].val = a;
      if (inserted) {
        const uint32_t bit = (static_cast<uint32_t>(x) * kOccDim + static_cast<uint32_t>(y)) * kOccDim + static_cast<uint32_t>(z);
        occ_[bit >> 3] |= static_cast<uint8_t>(1u << (bit & 7));
      }
    }
    for (const uint32_t slot : usedSlots_) {
      const uint32_t k = slots_[slot].key;
      const uint32_t bit = ((k & 0xff) * kOccDim + ((k >> 8) & 0xff)) * kOccDim + (k >> 16);
      occ_[bit >> 3] = 0;
    }
  } else {
    for (size_t i = 0; i < n; ++i) {
      const uint8_t* rec = recs + static_cast<size_t>(cand[i]) * R;
      double r[3];
      int c[3];
      locate(rec, r, c);
      const uint64_t score = mix64(static_cast<uint64_t>(static_cast<uint32_t>(readI32(rec))) ^
                                   mix64(static_cast<uint64_t>(static_cast<uint32_t>(readI32(rec + 4))) << 32 ^
                                         static_cast<uint32_t>(readI32(rec + 8))));
      bool inserted;
      const int32_t slot = insert(packCell(c[0] + 1, c[1] + 1, c[2] + 1), inserted);
      if (inserted || score < scores_[slot]) {
        slots_[slot].val = static_cast<int32_t>(i);
        scores_[slot] = score;
      }
    }
    for (const uint32_t slot : usedSlots_) accepted[static_cast<size_t>(slots_[slot].val)] = 1;
  }
}

int32_t Indexer::build(uint64_t id, size_t lo, size_t hi) {
  const int32_t me = static_cast<int32_t>(nodes_.size());
  nodes_.emplace_back();
  nodes_[me].id = id;
  const int level = nodeLevel(id);
  if (hi - lo <= ctx_.maxLeafPoints || level >= kMaxLevel) {
    auto& pts = nodes_[me].pts;
    pts.reserve(hi - lo);
    for (size_t i = lo; i < hi; ++i) pts.push_back(keys_[i].idx);
    return me;
  }
  nodes_[me].leaf = false;
  const int shift = 3 * (kMaxLevel - level - 1);
  size_t start = lo;
  for (int o = 0; o < 8 && start < hi; ++o) {
    const auto endIt = std::partition_point(keys_.begin() + static_cast<ptrdiff_t>(start), keys_.begin() + static_cast<ptrdiff_t>(hi),
                                            [&](const KeyIdx& k) { return static_cast<int>((k.key >> shift) & 7) <= o; });
    const size_t end = static_cast<size_t>(endIt - keys_.begin());
    if (end > start) {
      const int32_t c = build(childId(id, o), start, end);
      nodes_[me].child[o] = c;
    }
    start = end;
  }
  return me;
}

void Indexer::sampleTree(int32_t ni, const uint8_t* recs) {
  if (nodes_[ni].leaf) return;
  for (int o = 0; o < 8; ++o) {
    if (nodes_[ni].child[o] >= 0) sampleTree(nodes_[ni].child[o], recs);
  }
  sampleNode(ni, recs);
}

void Indexer::sampleNode(int32_t ni, const uint8_t* recs) {
  ctx_.control->check();
  cand_.clear();
  size_t ends[8];
  for (int o = 0; o < 8; ++o) {
    const int32_t c = nodes_[ni].child[o];
    if (c >= 0) cand_.insert(cand_.end(), nodes_[c].pts.begin(), nodes_[c].pts.end());
    ends[o] = cand_.size();
  }
  sampler_.sample(cand_.data(), cand_.size(), nodes_[ni].id, recs, ctx_.recordSize, accepted_);
  // A child with nodes below it keeps at least one point: an empty node cannot be written, and
  // its descendants need it in the hierarchy. Taking a point back from the parent keeps both
  // samplings' guarantees (fewer points in the parent, none added).
  for (int o = 0, start = 0; o < 8; start = static_cast<int>(ends[o]), ++o) {
    const int32_t c = nodes_[ni].child[o];
    if (c < 0 || (nodes_[c].leaf && !nodes_[c].hasChildren) || ends[o] == static_cast<size_t>(start)) continue;
    bool any = false;
    for (size_t i = static_cast<size_t>(start); i < ends[o] && !any; ++i) any = accepted_[i] == 0;
    if (!any) accepted_[static_cast<size_t>(start)] = 0;
  }
  // Every point went back to children that must keep one: take one from a child that keeps
  // more, or from a leaf with nothing below it (it may then go). With only single-point
  // children left (tight clusters), the node stays empty and is still written for its children.
  if (std::find(accepted_.begin(), accepted_.end(), 1) == accepted_.end()) {
    for (int o = 0, start = 0; o < 8; start = static_cast<int>(ends[o]), ++o) {
      const int32_t c = nodes_[ni].child[o];
      if (c < 0 || ends[o] == static_cast<size_t>(start)) continue;
      const bool mayEmpty = nodes_[c].leaf && !nodes_[c].hasChildren;
      if (mayEmpty || ends[o] - static_cast<size_t>(start) >= 2) {
        accepted_[static_cast<size_t>(start)] = 1;
        break;
      }
    }
  }
  auto& own = nodes_[ni].pts;
  own.clear();
  size_t start = 0;
  for (int o = 0; o < 8; ++o) {
    const int32_t c = nodes_[ni].child[o];
    if (c < 0) continue;
    auto& kept = nodes_[c].pts;
    kept.clear();
    for (size_t i = start; i < ends[o]; ++i) {
      if (accepted_[i]) {
        own.push_back(cand_[i]);
      } else {
        kept.push_back(cand_[i]);
      }
    }
    kept.shrink_to_fit();
    start = ends[o];
  }
}

void Indexer::writeNodes(const std::vector<int32_t>& which, const uint8_t* recs) {
  const size_t R = ctx_.recordSize;
  uint64_t total = 0;
  for (const int32_t ni : which) total += nodes_[ni].pts.size() * R;
  const uint64_t base = ctx_.octree->reserve(total);
  const size_t bufBytes = std::max<size_t>(R, (size_t(1) << 20) / R * R);
  gather_.resize(bufBytes);
  size_t used = 0;
  uint64_t bufOffset = base;
  uint64_t cursor = base;
  std::vector<NodeOut> outs;
  outs.reserve(which.size());
  for (const int32_t ni : which) {
    const auto& pts = nodes_[ni].pts;
    outs.push_back({nodes_[ni].id, pts.size(), cursor, pts.size() * R});
    cursor += pts.size() * R;
    for (const uint32_t p : pts) {
      std::memcpy(gather_.data() + used, recs + static_cast<size_t>(p) * R, R);
      used += R;
      if (used + R > bufBytes) {
        ctx_.octree->write(gather_.data(), used, bufOffset);
        bufOffset += used;
        used = 0;
      }
    }
  }
  if (used > 0) ctx_.octree->write(gather_.data(), used, bufOffset);
  ctx_.sink->addAll(outs);
}

// LSD radix sort on the keys, 8 bits a pass, skipping the bytes all keys share (a chunk's keys
// share their leading bits). Stable, so equal keys keep their input order as before.
void Indexer::sortKeys() {
  const size_t n = keys_.size();
  if (n < 2048) {
    std::stable_sort(keys_.begin(), keys_.end(), [](const KeyIdx& a, const KeyIdx& b) { return a.key < b.key; });
    return;
  }
  uint64_t orBits = 0, andBits = ~uint64_t(0);
  for (const KeyIdx& k : keys_) {
    orBits |= k.key;
    andBits &= k.key;
  }
  const uint64_t varying = orBits ^ andBits;
  keysTmp_.resize(n);
  KeyIdx* src = keys_.data();
  KeyIdx* dst = keysTmp_.data();
  for (int shift = 0; shift < 64; shift += 8) {
    if (((varying >> shift) & 0xff) == 0) continue;
    size_t count[257] = {0};
    for (size_t i = 0; i < n; ++i) ++count[((src[i].key >> shift) & 0xff) + 1];
    for (int b = 0; b < 256; ++b) count[b + 1] += count[b];
    for (size_t i = 0; i < n; ++i) dst[count[(src[i].key >> shift) & 0xff]++] = src[i];
    std::swap(src, dst);
  }
  if (src != keys_.data()) keys_.swap(keysTmp_);
}

ChunkRoot Indexer::indexChunk(const ChunkSpec& chunk, std::vector<uint8_t>& rootRecords) {
  const size_t R = ctx_.recordSize;
  Buf recs;
  if (chunk.mem) {
    recs = std::move(*chunk.mem);
    if (recs.size() != chunk.count * R) throw std::runtime_error("internal error: chunk " + nodeName(chunk.id) + " has a wrong size");
  } else {
    recs = readWholeFileBuf(chunk.path, chunk.count * R);
    removeFile(chunk.path);
  }
  ctx_.control->check();
  const size_t n = chunk.count;
  if (n > UINT32_MAX) throw std::runtime_error("chunk " + nodeName(chunk.id) + " holds more than 2^32 points");
  keys_.resize(n);
  for (size_t i = 0; i < n; ++i) keys_[i] = {mortonKey(*ctx_.cube, recs.data() + i * R), static_cast<uint32_t>(i)};
  sortKeys();
  ctx_.control->check();
  // Records in Morton order: the sampler then reads neighbouring memory for neighbouring points.
  {
    Buf sorted = std::move(scratch_);
    if (sorted.size() < recs.size()) sorted = Buf(recs.size());
    for (size_t i = 0; i < n; ++i) {
      std::memcpy(sorted.data() + i * R, recs.data() + static_cast<size_t>(keys_[i].idx) * R, R);
      keys_[i].idx = static_cast<uint32_t>(i);
    }
    scratch_ = std::move(recs);
    recs = std::move(sorted);
  }
  nodes_.clear();
  build(chunk.id, 0, n);
  keys_.clear();
  sampleTree(0, recs.data());

  std::vector<int32_t> below;
  for (int32_t i = 1; i < static_cast<int32_t>(nodes_.size()); ++i) {
    if (!nodes_[i].pts.empty() || !nodes_[i].leaf) below.push_back(i);
  }
  writeNodes(below, recs.data());
  ChunkRoot root;
  root.id = chunk.id;
  root.count = nodes_[0].pts.size();
  root.hasChildren = !below.empty();
  rootRecords.resize(root.count * R);
  for (size_t i = 0; i < root.count; ++i) {
    std::memcpy(rootRecords.data() + i * R, recs.data() + static_cast<size_t>(nodes_[0].pts[i]) * R, R);
  }
  nodes_.clear();
  if (recs.size() > scratch_.size()) scratch_ = std::move(recs);
  return root;
}

void Indexer::indexUpper(const std::vector<uint8_t>& records, const std::vector<ChunkRoot>& roots) {
  nodes_.clear();
  std::unordered_map<uint64_t, int32_t> byId;
  auto ensure = [&](uint64_t id) -> int32_t {
    const auto it = byId.find(id);
    if (it != byId.end()) return it->second;
    const int32_t ni = static_cast<int32_t>(nodes_.size());
    nodes_.emplace_back();
    nodes_[ni].id = id;
    nodes_[ni].leaf = false;
    byId.emplace(id, ni);
    return ni;
  };
  const int32_t top = ensure(1);
  for (const auto& r : roots) {
    const int32_t ni = ensure(r.id);
    nodes_[ni].leaf = true;
    nodes_[ni].hasChildren = r.hasChildren;
    if (r.first + r.count > UINT32_MAX) throw std::runtime_error("too many points in the chunk roots (more than 2^32)");
    auto& pts = nodes_[ni].pts;
    pts.resize(r.count);
    for (uint64_t i = 0; i < r.count; ++i) pts[i] = static_cast<uint32_t>(r.first + i);
    for (uint64_t id = r.id; id != 1; id = parentId(id)) {
      const int32_t child = byId.at(id);
      const int32_t parent = ensure(parentId(id));
      nodes_[parent].child[id & 7] = child;
    }
  }
  sampleTree(top, records.data());
  std::vector<int32_t> which;
  for (int32_t i = 0; i < static_cast<int32_t>(nodes_.size()); ++i) {
    const TNode& t = nodes_[i];
    // A chunk root whose every point moved up and that has nothing below it disappears.
    if (t.leaf && t.pts.empty() && !t.hasChildren) continue;
    which.push_back(i);
  }
  writeNodes(which, records.data());
  nodes_.clear();
}

}  // namespace cairn
