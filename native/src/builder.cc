#include "builder.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <memory>
#include <type_traits>

#include "chunker.h"
#include "indexer.h"
#include "threadPool.h"

namespace cairn {
namespace {

// CAIRN_LOD_TRACE=1 prints phase timings to stderr.
void trace(const char* what, std::chrono::steady_clock::time_point& t) {
  static const bool on = std::getenv("CAIRN_LOD_TRACE") != nullptr;
  const auto now = std::chrono::steady_clock::now();
  if (on) std::fprintf(stderr, "[cairn-lod] %s %.3f s\n", what, std::chrono::duration<double>(now - t).count());
  t = now;
}

enum TypeCode { I8, U8, I16, U16, I32, U32, I64, U64, F32, F64 };

int typeCode(const std::string& t) {
  static const char* names[] = {"int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64", "float", "double"};
  for (int i = 0; i < 10; ++i)
    if (t == names[i]) return i;
  return -1;
}

// Min and max of one element over n records (NaN is skipped, as the comparisons skip it).
template <typename T>
void rangeOf(const uint8_t* p, size_t n, size_t R, double& mn, double& mx) {
  if (n == 0) return;
  if constexpr (std::is_integral_v<T>) {
    T lo = std::numeric_limits<T>::max(), hi = std::numeric_limits<T>::lowest();
    for (size_t i = 0; i < n; ++i) {
      T v;
      std::memcpy(&v, p + i * R, sizeof(T));
      lo = v < lo ? v : lo;
      hi = v > hi ? v : hi;
    }
    if (static_cast<double>(lo) < mn) mn = static_cast<double>(lo);
    if (static_cast<double>(hi) > mx) mx = static_cast<double>(hi);
  } else {
    for (size_t i = 0; i < n; ++i) {
      T t;
      std::memcpy(&t, p + i * R, sizeof(T));
      const double v = static_cast<double>(t);
      if (v < mn) mn = v;
      if (v > mx) mx = v;
    }
  }
}

// Reports progress at least twice a second from its own thread while a build runs.
class Ticker {
 public:
  Ticker(const ProgressFn& fn, Progress& progress) : fn_(fn), progress_(progress) {
    if (fn_) thread_ = std::thread([this] { run(); });
  }
  ~Ticker() { stop(); }
  void stop() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }
  void emit() {
    if (fn_) fn_(progress_.phase.load(), progress_.done.load(), progress_.total.load());
  }

 private:
  void run() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stop_) {
      lock.unlock();
      emit();
      lock.lock();
      cv_.wait_for(lock, std::chrono::milliseconds(400), [this] { return stop_; });
    }
  }
  ProgressFn fn_;
  Progress& progress_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace

int attributeTypeSize(const std::string& type) {
  static const int sizes[] = {1, 1, 2, 2, 4, 4, 8, 8, 4, 8};
  const int c = typeCode(type);
  return c < 0 ? 0 : sizes[c];
}

Builder::Builder(BuilderOptions options) : opt_(std::move(options)) {
  if (opt_.recordSize < 12) throw std::runtime_error("recordSize must be at least 12 (int32 x, y, z)");
  if (opt_.attributes.empty() || opt_.attributes[0].name != "position" || opt_.attributes[0].type != "int32" ||
      opt_.attributes[0].numElements != 3) {
    throw std::runtime_error("the first attribute must be position, int32 x 3");
  }
  int offset = 0;
  for (auto& a : opt_.attributes) {
    const int es = attributeTypeSize(a.type);
    if (es == 0) throw std::runtime_error("attribute " + a.name + " has an unknown type '" + a.type + "'");
    if (a.numElements < 1) throw std::runtime_error("attribute " + a.name + " needs at least one element");
    a.elementSize = es;
    a.size = es * a.numElements;
    a.offset = offset;
    offset += a.size;
    a.min.assign(a.numElements, std::numeric_limits<double>::infinity());
    a.max.assign(a.numElements, -std::numeric_limits<double>::infinity());
  }
  if (static_cast<size_t>(offset) != opt_.recordSize) {
    throw std::runtime_error("the attributes add up to " + std::to_string(offset) + " bytes but recordSize is " +
                             std::to_string(opt_.recordSize));
  }
  for (size_t ai = 1; ai < opt_.attributes.size(); ++ai) {
    const auto& a = opt_.attributes[ai];
    for (int e = 0; e < a.numElements; ++e) elements_.push_back({a.offset + e * a.elementSize, typeCode(a.type), ai, static_cast<size_t>(e)});
  }
  for (int a = 0; a < 3; ++a) {
    if (!(opt_.scale[a] > 0) || !std::isfinite(opt_.scale[a])) throw std::runtime_error("scale must be positive and finite");
    if (!std::isfinite(opt_.offset[a])) throw std::runtime_error("offset must be finite");
    qmin_[a] = std::numeric_limits<int32_t>::max();
    qmax_[a] = std::numeric_limits<int32_t>::min();
  }
  if (opt_.threads < 1) opt_.threads = 1;
  if (opt_.memoryBytes < (16u << 20)) opt_.memoryBytes = 16u << 20;
  if (opt_.hierarchyStepSize < 1) opt_.hierarchyStepSize = 1;
  if (opt_.maxLeafPoints < 16) opt_.maxLeafPoints = 16;

  makeDirs(opt_.outDir);
  const std::string probe = opt_.outDir + "/.cairn-write-probe";
  try {
    File f(probe, O_WRONLY | O_CREAT | O_TRUNC);
    f.close();
  } catch (const std::exception& e) {
    throw std::runtime_error("output directory " + opt_.outDir + " is not writable (" + e.what() + ")");
  }
  removeFile(probe);
  makeDirs(opt_.tmpDir);
  std::string tmpl = opt_.tmpDir + "/cairn-lod-XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (::mkdtemp(buf.data()) == nullptr) throw std::runtime_error(ioError("cannot create a temporary directory in", opt_.tmpDir, errno));
  workDir_ = buf.data();
  spillPath_ = workDir_ + "/spill.bin";
  try {
    spill_.open(spillPath_, O_WRONLY | O_CREAT | O_TRUNC);
  } catch (...) {
    removeTree(workDir_);
    throw;
  }
  queueLimit_ = static_cast<size_t>(std::min<uint64_t>(std::max<uint64_t>(opt_.memoryBytes / 8, 1u << 20), 256u << 20));
  // Records held in memory instead of spilled: finish() then needs them once more as chunks
  // (freed as they fill) and the indexing scratch (half the cap), so 0.4 of the cap at most.
  holdLimit_ = static_cast<size_t>(std::min<uint64_t>(opt_.inMemoryBytes, opt_.memoryBytes / 5 * 2));
  spillThread_ = std::thread([this] { spillLoop(); });
}

Builder::~Builder() {
  cancel();
  if (spillThread_.joinable()) spillThread_.join();
  if (!workDir_.empty()) removeTree(workDir_);
}

void Builder::throwIfFailed() {
  if (control_.cancelled.load()) throw CancelledError();
  if (!error_.empty()) throw std::runtime_error(error_);
}

void Builder::add(Buf&& batch) {
  if (batch.size() % opt_.recordSize != 0) {
    throw std::runtime_error("a batch of " + std::to_string(batch.size()) + " bytes is not a whole number of " +
                             std::to_string(opt_.recordSize) + "-byte records");
  }
  if (batch.empty()) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    throwIfFailed();
    if (finishing_) throw std::runtime_error("add() called after finish()");
    addedRecords_ += batch.size() / opt_.recordSize;
    progress_.total.store(addedRecords_);
    queuedBytes_ += batch.size();
    queue_.push_back(std::move(batch));
  }
  queueCv_.notify_one();
}

bool Builder::overBudget() {
  std::lock_guard<std::mutex> lock(mutex_);
  return queuedBytes_ > queueLimit_;
}

void Builder::waitForRoom() {
  std::unique_lock<std::mutex> lock(mutex_);
  roomCv_.wait(lock, [this] { return queuedBytes_ <= queueLimit_ || control_.cancelled.load() || !error_.empty(); });
  throwIfFailed();
}

void Builder::beginFinish() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (finishing_) throw std::runtime_error("finish() called twice");
    finishing_ = true;
    closed_ = true;
    begun_ = true;
  }
  queueCv_.notify_all();
}

void Builder::cancel() {
  bool idle;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    control_.cancelled.store(true);
    idle = !finishing_;
  }
  queueCv_.notify_all();
  roomCv_.notify_all();
  // Before finish() (which cleans up after itself), the temporary files go now: a process that
  // exits after a failed read never runs the destructor.
  if (idle) {
    if (spillThread_.joinable()) spillThread_.join();
    if (!workDir_.empty()) removeTree(workDir_);
    workDir_.clear();
  }
}

void Builder::updateStats(const uint8_t* data, size_t n) {
  const size_t R = opt_.recordSize;
  int32_t lo[3] = {qmin_[0], qmin_[1], qmin_[2]};
  int32_t hi[3] = {qmax_[0], qmax_[1], qmax_[2]};
  for (size_t i = 0; i < n; ++i) {
    const uint8_t* rec = data + i * R;
    for (int a = 0; a < 3; ++a) {
      const int32_t v = readI32(rec + 4 * a);
      lo[a] = std::min(lo[a], v);
      hi[a] = std::max(hi[a], v);
    }
  }
  for (int a = 0; a < 3; ++a) {
    qmin_[a] = lo[a];
    qmax_[a] = hi[a];
  }
  for (const auto& e : elements_) {
    double& mn = opt_.attributes[e.attribute].min[e.element];
    double& mx = opt_.attributes[e.attribute].max[e.element];
    const uint8_t* p = data + e.offset;
    switch (e.type) {
      case I8: rangeOf<int8_t>(p, n, R, mn, mx); break;
      case U8: rangeOf<uint8_t>(p, n, R, mn, mx); break;
      case I16: rangeOf<int16_t>(p, n, R, mn, mx); break;
      case U16: rangeOf<uint16_t>(p, n, R, mn, mx); break;
      case I32: rangeOf<int32_t>(p, n, R, mn, mx); break;
      case U32: rangeOf<uint32_t>(p, n, R, mn, mx); break;
      case I64: rangeOf<int64_t>(p, n, R, mn, mx); break;
      case U64: rangeOf<uint64_t>(p, n, R, mn, mx); break;
      case F32: rangeOf<float>(p, n, R, mn, mx); break;
      default: rangeOf<double>(p, n, R, mn, mx); break;
    }
  }
}

void Builder::spillLoop() {
  try {
    for (;;) {
      Buf batch;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        queueCv_.wait(lock, [this] { return !queue_.empty() || closed_ || control_.cancelled.load(); });
        if (control_.cancelled.load()) return;
        if (queue_.empty()) break;
        batch = std::move(queue_.front());
        queue_.pop_front();
      }
      const size_t inBytes = batch.size();
      const size_t n = batch.size() / opt_.recordSize;
      updateStats(batch.data(), n);
      if (!spilled_ && heldBytes_ + batch.size() <= holdLimit_) {
        heldBytes_ += batch.size();
        held_.push_back(std::move(batch));
      } else {
        if (!spilled_) {
          for (auto& b : held_) {
            spill_.writeAll(b.data(), b.size());
            b.reset();
          }
          held_.clear();
          heldBytes_ = 0;
          spilled_ = true;
        }
        spill_.writeAll(batch.data(), batch.size());
      }
      spilledRecords_ += n;
      progress_.done.store(spilledRecords_);
      {
        std::lock_guard<std::mutex> lock(mutex_);
        queuedBytes_ -= inBytes;
      }
      roomCv_.notify_all();
    }
    spill_.close();
  } catch (const std::exception& e) {
    std::lock_guard<std::mutex> lock(mutex_);
    error_ = e.what();
    queue_.clear();
    queuedBytes_ = 0;
  }
  roomCv_.notify_all();
}

void Builder::removeOutputs() {
  for (const char* f : {"octree.bin", "hierarchy.bin", "metadata.json"}) removeFile(opt_.outDir + "/" + f + ".partial");
}

BuildResult Builder::finish(const ProgressFn& progressFn, const PhaseFn& onPhase) {
  const auto t0 = std::chrono::steady_clock::now();
  if (!begun_) beginFinish();
  Ticker ticker(progressFn, progress_);
  // The hook goes first: no progress report can name the phase before the hook has run.
  const auto enter = [&](Phase phase, uint64_t total) {
    if (onPhase) onPhase(static_cast<int>(phase));
    control_.check();
    progress_.start(phase, total);
  };
  try {
    auto tp = std::chrono::steady_clock::now();
    if (spillThread_.joinable()) spillThread_.join();
    trace("spill drain", tp);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      throwIfFailed();
    }
    const size_t R = opt_.recordSize;
    const uint64_t n = spilledRecords_;
    const unsigned T = opt_.threads;
    BuildResult result;
    result.points = n;

    Cube cube;
    double extent = 0;
    for (int a = 0; a < 3; ++a) {
      cube.scale[a] = opt_.scale[a];
      cube.offset[a] = opt_.offset[a];
      if (n == 0) qmin_[a] = qmax_[a] = 0;
      cube.qmin[a] = qmin_[a];
      extent = std::max(extent, (static_cast<double>(qmax_[a]) - qmin_[a]) * opt_.scale[a]);
    }
    cube.size = extent > 0 ? extent : std::max({opt_.scale[0], opt_.scale[1], opt_.scale[2]});
    for (int a = 0; a < 3; ++a) cube.toGrid[a] = std::ldexp(1.0, kMaxLevel) / (cube.size / opt_.scale[a]);

    const std::string octreePath = opt_.outDir + "/octree.bin.partial";
    OctreeWriter octree(octreePath);
    NodeSink sink;
    IndexContext ictx;
    ictx.cube = &cube;
    ictx.recordSize = R;
    ictx.sampling = opt_.sampling;
    ictx.maxLeafPoints = opt_.maxLeafPoints;
    ictx.control = &control_;
    ictx.progress = &progress_;
    ictx.octree = &octree;
    ictx.sink = &sink;

    if (n == 0) {
      sink.add({1, 0, 0, 0});
      removeFile(spillPath_);
    } else {
      // Memory plan: indexing holds T chunks of K points at about 2R + 48 bytes each (records,
      // their Morton-ordered copy, keys, node lists and sampler scratch) within half the cap.
      const uint64_t mem = opt_.memoryBytes;
      uint64_t K = mem / 2 / (static_cast<uint64_t>(T) * (2 * R + 48));
      // Enough chunks to keep every thread busy to the end, but not so small that the roots
      // (kept for the levels above) dominate.
      K = std::min<uint64_t>(K, std::max<uint64_t>(n / (static_cast<uint64_t>(T) * 6) + 1, 250000));
      K = std::max<uint64_t>(K, 10000);
      K = std::min<uint64_t>(K, UINT32_MAX / 2);
      int g = 7;
      while (g > 3 && (uint64_t(1) << (3 * g)) * 14 > mem / 8) --g;
      ChunkerParams cp;
      cp.cube = &cube;
      cp.recordSize = R;
      cp.maxChunkPoints = K;
      cp.gridLevels = g;
      cp.writeBudget = static_cast<size_t>(mem / 4);
      cp.readBlock = static_cast<size_t>(std::max<uint64_t>(64u << 10, std::min<uint64_t>(4u << 20, mem / 32)));
      cp.tmpDir = workDir_;
      cp.control = &control_;
      cp.progress = &progress_;
      enter(Phase::Distribute, 2 * n);
      const bool inMemory = !spilled_;
      std::vector<ChunkSpec> chunks;
      if (inMemory) {
        spill_.close();
        removeFile(spillPath_);
        chunks = makeChunksInMemory(cp, std::move(held_), n, 1, T);
        held_.clear();
        heldBytes_ = 0;
      } else {
        chunks = makeChunks(cp, ChunkSpec{1, n, spillPath_, nullptr});
      }
      progress_.done.store(progress_.total.load());
      trace("distribute", tp);
      std::sort(chunks.begin(), chunks.end(), [](const ChunkSpec& a, const ChunkSpec& b) { return a.count > b.count; });
      result.chunks = chunks.size();
      result.maxChunkPoints = K;

      enter(Phase::Index, n);
      // Chunk roots: in memory when the build is, else in a file until the levels above need them.
      const std::string rootsPath = workDir_ + "/roots.bin";
      File rootsFile;
      if (!inMemory) rootsFile.open(rootsPath, O_WRONLY | O_CREAT | O_TRUNC);
      std::vector<uint8_t> rootsMem;
      std::mutex rootsMutex;
      std::vector<ChunkRoot> roots;
      uint64_t rootsCount = 0;
      const unsigned workers = static_cast<unsigned>(std::min<size_t>(T, chunks.size()));
      std::vector<std::unique_ptr<Indexer>> indexers;
      for (unsigned w = 0; w < workers; ++w) indexers.push_back(std::make_unique<Indexer>(ictx));
      parallelFor(chunks.size(), workers, control_, [&](size_t i, unsigned slot) {
        std::vector<uint8_t> rootRecords;
        ChunkRoot root = indexers[slot]->indexChunk(chunks[i], rootRecords);
        chunks[i].mem.reset();
        {
          std::lock_guard<std::mutex> lock(rootsMutex);
          if (inMemory) {
            rootsMem.insert(rootsMem.end(), rootRecords.begin(), rootRecords.end());
          } else {
            rootsFile.writeAll(rootRecords.data(), rootRecords.size());
          }
          root.first = rootsCount;
          rootsCount += root.count;
          roots.push_back(root);
        }
        progress_.done.fetch_add(chunks[i].count);
      });
      indexers.clear();
      chunks.clear();
      if (!inMemory) rootsFile.close();
      trace("index", tp);
      if (std::getenv("CAIRN_LOD_TRACE")) std::fprintf(stderr, "[cairn-lod] %s, %zu chunks, K %llu, %llu root points\n", inMemory ? "in memory" : "spilled", roots.size(), (unsigned long long)K, (unsigned long long)rootsCount);

      enter(Phase::Write, 3);
      {
        std::vector<uint8_t> records;
        if (inMemory) {
          records.swap(rootsMem);
        } else {
          records = readWholeFile(rootsPath, rootsCount * R);
          removeFile(rootsPath);
        }
        Indexer upper(ictx);
        upper.indexUpper(records, roots);
      }
      progress_.done.store(1);
      trace("upper levels", tp);
    }
    octree.close();
    control_.check();

    const std::string hierarchyPath = opt_.outDir + "/hierarchy.bin.partial";
    HierarchyInfo hi = writeHierarchy(hierarchyPath, sink.nodes(), opt_.hierarchyStepSize, control_);
    progress_.done.store(2);
    trace("hierarchy", tp);

    MetadataInput m;
    m.name = opt_.name;
    m.points = n;
    m.hierarchy = hi;
    m.stepSize = opt_.hierarchyStepSize;
    for (int a = 0; a < 3; ++a) {
      m.offset[a] = opt_.offset[a];
      m.scale[a] = opt_.scale[a];
      m.cubeMin[a] = cube.minReal(a);
      m.cubeMax[a] = cube.minReal(a) + cube.size;
      m.tightMin[a] = cube.minReal(a);
      m.tightMax[a] = qmax_[a] * opt_.scale[a] + opt_.offset[a];
      result.cubeMin[a] = m.cubeMin[a];
      result.tightMin[a] = m.tightMin[a];
      result.tightMax[a] = m.tightMax[a];
    }
    result.cubeSize = cube.size;
    m.spacing = cube.size / kCellsPerNode;
    m.attributes = opt_.attributes;
    m.attributes[0].min.assign(m.tightMin, m.tightMin + 3);
    m.attributes[0].max.assign(m.tightMax, m.tightMax + 3);
    for (auto& a : m.attributes) {
      for (size_t e = 0; e < a.min.size(); ++e) {
        if (!std::isfinite(a.min[e])) a.min[e] = 0;
        if (!std::isfinite(a.max[e])) a.max[e] = 0;
      }
    }
    const std::string metadataPath = opt_.outDir + "/metadata.json.partial";
    writeTextFile(metadataPath, metadataJson(m));
    control_.check();
    renameFile(octreePath, opt_.outDir + "/octree.bin");
    renameFile(hierarchyPath, opt_.outDir + "/hierarchy.bin");
    renameFile(metadataPath, opt_.outDir + "/metadata.json");
    progress_.done.store(3);
    ticker.stop();
    ticker.emit();

    result.nodes = hi.nodes;
    result.depth = hi.depth;
    removeTree(workDir_);
    workDir_.clear();
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return result;
  } catch (...) {
    ticker.stop();
    removeOutputs();
    if (!workDir_.empty()) removeTree(workDir_);
    workDir_.clear();
    throw;
  }
}

}  // namespace cairn
