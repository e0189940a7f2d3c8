#include "potreeWriter.h"

#include <fcntl.h>

#include <charconv>
#include <cmath>
#include <deque>
#include <stdexcept>
#include <unordered_map>

namespace cairn {

OctreeWriter::OctreeWriter(const std::string& path) : file_(path, O_WRONLY | O_CREAT | O_TRUNC) {}

namespace {

void putU32(uint8_t* p, uint32_t v) { std::memcpy(p, &v, 4); }
void putI64(uint8_t* p, int64_t v) { std::memcpy(p, &v, 8); }

struct HChunk {
  uint32_t root = 0;
  std::vector<uint32_t> members;
  std::vector<uint8_t> proxy;
  uint64_t offset = 0;
};

}  // namespace

HierarchyInfo writeHierarchy(const std::string& path, std::vector<NodeOut>& nodes, int stepSize, Control& control) {
  if (stepSize < 1) stepSize = 1;
  std::unordered_map<uint64_t, uint32_t> index;
  index.reserve(nodes.size() * 2);
  for (uint32_t i = 0; i < nodes.size(); ++i) {
    if (!index.emplace(nodes[i].id, i).second) {
      throw std::runtime_error("internal error: node " + nodeName(nodes[i].id) + " written twice");
    }
  }
  const auto rootIt = index.find(1);
  if (rootIt == index.end()) throw std::runtime_error("internal error: the octree has no root node");
  std::vector<uint8_t> mask(nodes.size(), 0);
  HierarchyInfo info;
  for (uint32_t i = 0; i < nodes.size(); ++i) {
    const uint64_t id = nodes[i].id;
    info.depth = std::max(info.depth, nodeLevel(id));
    if (id == 1) continue;
    const auto p = index.find(parentId(id));
    if (p == index.end()) throw std::runtime_error("internal error: node " + nodeName(id) + " has no parent");
    mask[p->second] |= static_cast<uint8_t>(1u << (id & 7));
  }
  control.check();

  // Chunks in breadth-first order; within a chunk, nodes in breadth-first order with children in
  // octant order, which is the order the loader rebuilds them in.
  std::vector<HChunk> chunks;
  chunks.push_back({rootIt->second, {}, {}, 0});
  for (size_t ci = 0; ci < chunks.size(); ++ci) {
    const uint32_t root = chunks[ci].root;
    const int rootLevel = nodeLevel(nodes[root].id);
    std::deque<uint32_t> queue = {root};
    std::vector<uint32_t> members;
    std::vector<uint8_t> proxy;
    while (!queue.empty()) {
      const uint32_t n = queue.front();
      queue.pop_front();
      members.push_back(n);
      const int rel = nodeLevel(nodes[n].id) - rootLevel;
      if (n != root && rel >= stepSize && mask[n] != 0) {
        proxy.push_back(1);
        chunks.push_back({n, {}, {}, 0});
        continue;
      }
      proxy.push_back(0);
      for (int o = 0; o < 8; ++o) {
        if (mask[n] & (1u << o)) queue.push_back(index.at(childId(nodes[n].id, o)));
      }
    }
    chunks[ci].members = std::move(members);
    chunks[ci].proxy = std::move(proxy);
  }
  std::unordered_map<uint32_t, size_t> chunkOfRoot;
  uint64_t offset = 0;
  for (size_t ci = 0; ci < chunks.size(); ++ci) {
    chunks[ci].offset = offset;
    offset += chunks[ci].members.size() * 22;
    chunkOfRoot[chunks[ci].root] = ci;
  }
  std::vector<uint8_t> bytes(offset);
  size_t pos = 0;
  for (const auto& chunk : chunks) {
    for (size_t k = 0; k < chunk.members.size(); ++k) {
      const uint32_t n = chunk.members[k];
      const NodeOut& node = nodes[n];
      if (node.numPoints > UINT32_MAX) {
        throw std::runtime_error("node " + nodeName(node.id) + " holds more than 2^32 points (duplicate coordinates?)");
      }
      uint8_t* rec = bytes.data() + pos;
      const bool isProxy = chunk.proxy[k] != 0;
      rec[0] = isProxy ? 2 : (mask[n] != 0 ? 0 : 1);
      rec[1] = mask[n];
      putU32(rec + 2, static_cast<uint32_t>(node.numPoints));
      if (isProxy) {
        const HChunk& target = chunks[chunkOfRoot.at(n)];
        putI64(rec + 6, static_cast<int64_t>(target.offset));
        putI64(rec + 14, static_cast<int64_t>(target.members.size() * 22));
      } else {
        putI64(rec + 6, static_cast<int64_t>(node.byteOffset));
        putI64(rec + 14, static_cast<int64_t>(node.byteSize));
      }
      pos += 22;
    }
  }
  File f(path, O_WRONLY | O_CREAT | O_TRUNC);
  f.writeAll(bytes.data(), bytes.size());
  f.close();
  info.firstChunkSize = chunks[0].members.size() * 22;
  info.nodes = nodes.size();
  return info;
}

namespace {

std::string num(double v) {
  if (!std::isfinite(v)) return "0";
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof(buf), v);
  return std::string(buf, r.ptr);
}

std::string str(const std::string& s) {
  std::string out = "\"";
  for (const unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  return out + "\"";
}

std::string vec(const double* v, size_t n) {
  std::string out = "[";
  for (size_t i = 0; i < n; ++i) out += (i ? ", " : "") + num(v[i]);
  return out + "]";
}

}  // namespace

std::string metadataJson(const MetadataInput& m) {
  std::string j = "{\n";
  j += "  \"version\": \"2.0\",\n";
  j += "  \"name\": " + str(m.name) + ",\n";
  j += "  \"description\": \"\",\n";
  j += "  \"points\": " + std::to_string(m.points) + ",\n";
  j += "  \"projection\": \"\",\n";
  j += "  \"hierarchy\": {\n";
  j += "    \"firstChunkSize\": " + std::to_string(m.hierarchy.firstChunkSize) + ",\n";
  j += "    \"stepSize\": " + std::to_string(m.stepSize) + ",\n";
  j += "    \"depth\": " + std::to_string(m.hierarchy.depth) + "\n";
  j += "  },\n";
  j += "  \"offset\": " + vec(m.offset, 3) + ",\n";
  j += "  \"scale\": " + vec(m.scale, 3) + ",\n";
  j += "  \"spacing\": " + num(m.spacing) + ",\n";
  j += "  \"boundingBox\": {\n    \"min\": " + vec(m.cubeMin, 3) + ",\n    \"max\": " + vec(m.cubeMax, 3) + "\n  },\n";
  j += "  \"tightBoundingBox\": {\n    \"min\": " + vec(m.tightMin, 3) + ",\n    \"max\": " + vec(m.tightMax, 3) + "\n  },\n";
  j += "  \"encoding\": \"DEFAULT\",\n";
  j += "  \"attributes\": [";
  for (size_t i = 0; i < m.attributes.size(); ++i) {
    const auto& a = m.attributes[i];
    j += i ? ",\n    {\n" : "\n    {\n";
    j += "      \"name\": " + str(a.name) + ",\n";
    j += "      \"description\": " + str(a.description) + ",\n";
    j += "      \"size\": " + std::to_string(a.size) + ",\n";
    j += "      \"numElements\": " + std::to_string(a.numElements) + ",\n";
    j += "      \"elementSize\": " + std::to_string(a.elementSize) + ",\n";
    j += "      \"type\": " + str(a.type) + ",\n";
    j += "      \"min\": " + vec(a.min.data(), a.min.size()) + ",\n";
    j += "      \"max\": " + vec(a.max.data(), a.max.size()) + "\n";
    j += "    }";
  }
  j += "\n  ]\n}\n";
  return j;
}

}  // namespace cairn
