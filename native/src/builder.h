// The out-of-core builder: batches are spilled to disk while they arrive; finish() chunks,
// indexes and writes the Potree 2.0 octree. Plain C++: no N-API here.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common.h"
#include "potreeWriter.h"
#include "spillFile.h"

namespace cairn {

struct BuilderOptions {
  std::string outDir;
  std::string tmpDir;
  std::string name = "cloud";
  size_t recordSize = 0;
  double scale[3] = {0.001, 0.001, 0.001};
  double offset[3] = {0, 0, 0};
  Sampling sampling = Sampling::Poisson;
  uint64_t memoryBytes = 1ull << 30;
  // Records kept in memory instead of spilled (capped at 0.4 x memoryBytes).
  uint64_t inMemoryBytes = UINT64_MAX;
  unsigned threads = 1;
  int hierarchyStepSize = 4;
  uint32_t maxLeafPoints = 10000;
  std::vector<AttributeInfo> attributes;  // position first; offsets filled in by the builder
};

struct BuildResult {
  uint64_t points = 0;
  uint64_t nodes = 0;
  int depth = 0;
  double seconds = 0;
  uint64_t chunks = 0;
  uint64_t maxChunkPoints = 0;
  double cubeMin[3] = {0, 0, 0};
  double cubeSize = 0;
  double tightMin[3] = {0, 0, 0};
  double tightMax[3] = {0, 0, 0};
};

// Bytes of one element of a Potree attribute type (int8 ... uint64, float, double); 0 if unknown.
int attributeTypeSize(const std::string& type);

using ProgressFn = std::function<void(int phase, uint64_t done, uint64_t total)>;
// Called on finish()'s thread as each phase starts, before any of its work; a cancel() made
// from it stops the build there.
using PhaseFn = std::function<void(int phase)>;

class Builder {
 public:
  explicit Builder(BuilderOptions options);
  ~Builder();
  Builder(const Builder&) = delete;
  Builder& operator=(const Builder&) = delete;

  // Takes a batch of whole records. Throws after cancel(), after finish(), or once the spill
  // thread has failed.
  void add(Buf&& batch);
  const std::vector<AttributeInfo>& attributes() const { return opt_.attributes; }
  // More than the in-flight budget is queued: the caller should waitForRoom() before adding more.
  bool overBudget();
  void waitForRoom();
  void cancel();
  // Ends the adding, on the thread that adds and cancels, before finish() runs on another one
  // (cancel() then leaves the cleanup to finish()). Throws if called twice.
  void beginFinish();
  // Blocking; run it off the JS thread (after beginFinish(), or it calls it itself). Throws CancelledError or std::runtime_error.
  BuildResult finish(const ProgressFn& progress, const PhaseFn& onPhase = nullptr);
  size_t recordSize() const { return opt_.recordSize; }

 private:
  void spillLoop();
  void updateStats(const uint8_t* data, size_t n);
  void throwIfFailed();
  void removeOutputs();

  BuilderOptions opt_;
  Control control_;
  Progress progress_;
  std::string workDir_;
  std::string spillPath_;
  File spill_;

  std::mutex mutex_;
  std::condition_variable queueCv_;
  std::condition_variable roomCv_;
  std::deque<Buf> queue_;
  size_t queuedBytes_ = 0;
  size_t queueLimit_ = 0;
  bool closed_ = false;
  bool finishing_ = false;
  bool begun_ = false;  // beginFinish() ran (set and read by the adding thread, then finish())
  std::string error_;
  uint64_t addedRecords_ = 0;
  std::thread spillThread_;

  // Written only by the spill thread (read after it is joined). Records stay in memory (held_)
  // while they fit in holdLimit_; past that, everything goes to the spill file.
  uint64_t spilledRecords_ = 0;
  std::vector<Buf> held_;
  size_t heldBytes_ = 0;
  size_t holdLimit_ = 0;
  bool spilled_ = false;
  int32_t qmin_[3];
  int32_t qmax_[3];
  struct ElementStat {
    int offset;
    int type;
    size_t attribute;
    size_t element;
  };
  std::vector<ElementStat> elements_;
};

}  // namespace cairn
