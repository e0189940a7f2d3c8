// Potree 2.0 output: octree.bin (node records concatenated), hierarchy.bin (22-byte node
// entries in chunks of `stepSize` levels, linked by proxy entries) and metadata.json.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "common.h"
#include "spillFile.h"

namespace cairn {

struct NodeOut {
  uint64_t id = 1;
  uint64_t numPoints = 0;
  uint64_t byteOffset = 0;
  uint64_t byteSize = 0;
};

// octree.bin: writers reserve a byte range, then fill it with pwrite from any thread.
class OctreeWriter {
 public:
  explicit OctreeWriter(const std::string& path);
  uint64_t reserve(uint64_t bytes) { return end_.fetch_add(bytes); }
  void write(const void* data, size_t n, uint64_t offset) { file_.pwriteAll(data, n, offset); }
  void close() { file_.close(); }
  uint64_t size() const { return end_.load(); }

 private:
  File file_;
  std::atomic<uint64_t> end_{0};
};

// Every node of the tree, collected from all threads.
class NodeSink {
 public:
  void add(const NodeOut& n) {
    std::lock_guard<std::mutex> lock(mutex_);
    nodes_.push_back(n);
  }
  void addAll(const std::vector<NodeOut>& ns) {
    std::lock_guard<std::mutex> lock(mutex_);
    nodes_.insert(nodes_.end(), ns.begin(), ns.end());
  }
  std::vector<NodeOut>& nodes() { return nodes_; }

 private:
  std::mutex mutex_;
  std::vector<NodeOut> nodes_;
};

struct HierarchyInfo {
  uint64_t firstChunkSize = 0;
  int depth = 0;
  uint64_t nodes = 0;
};

HierarchyInfo writeHierarchy(const std::string& path, std::vector<NodeOut>& nodes, int stepSize, Control& control);

struct AttributeInfo {
  std::string name;
  std::string description;
  std::string type;  // int8 ... uint64, float, double
  int numElements = 1;
  int elementSize = 1;
  int size = 1;
  int offset = 0;  // within the record
  std::vector<double> min, max;
};

struct MetadataInput {
  std::string name;
  uint64_t points = 0;
  HierarchyInfo hierarchy;
  int stepSize = 4;
  double offset[3] = {0, 0, 0};
  double scale[3] = {1, 1, 1};
  double spacing = 1;
  double cubeMin[3] = {0, 0, 0};
  double cubeMax[3] = {1, 1, 1};
  double tightMin[3] = {0, 0, 0};
  double tightMax[3] = {0, 0, 0};
  std::vector<AttributeInfo> attributes;
};

std::string metadataJson(const MetadataInput& m);

}  // namespace cairn
