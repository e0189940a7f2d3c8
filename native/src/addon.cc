// N-API bindings for the LOD builder. Only this file touches V8 values, and only on the JS thread.
#include <napi.h>

#include <cmath>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <thread>

#include "builder.h"
#include "lasConvert.h"

namespace {

using cairn::Builder;
using cairn::BuildResult;
using cairn::CancelledError;

Napi::Error makeError(Napi::Env env, const std::string& message, const char* code) {
  Napi::Error e = Napi::Error::New(env, message);
  e.Set("code", Napi::String::New(env, code));
  return e;
}

std::string getString(const Napi::Object& o, const char* key, bool required, const std::string& fallback = "") {
  const Napi::Value v = o.Get(key);
  if (v.IsUndefined() && !required) return fallback;
  if (!v.IsString()) throw Napi::TypeError::New(o.Env(), std::string("option '") + key + "' must be a string");
  return v.As<Napi::String>().Utf8Value();
}

double getNumber(const Napi::Object& o, const char* key, bool required, double fallback = 0) {
  const Napi::Value v = o.Get(key);
  if (v.IsUndefined() && !required) return fallback;
  if (!v.IsNumber()) throw Napi::TypeError::New(o.Env(), std::string("option '") + key + "' must be a number");
  return v.As<Napi::Number>().DoubleValue();
}

void getVec3(const Napi::Object& o, const char* key, double out[3]) {
  const Napi::Value v = o.Get(key);
  if (!v.IsArray() || v.As<Napi::Array>().Length() != 3) {
    throw Napi::TypeError::New(o.Env(), std::string("option '") + key + "' must be an array of 3 numbers");
  }
  const Napi::Array a = v.As<Napi::Array>();
  for (uint32_t i = 0; i < 3; ++i) {
    const Napi::Value e = a.Get(i);
    if (!e.IsNumber()) throw Napi::TypeError::New(o.Env(), std::string("option '") + key + "' must be an array of 3 numbers");
    out[i] = e.As<Napi::Number>().DoubleValue();
  }
}

Napi::Array vec3(Napi::Env env, const double v[3]) {
  Napi::Array a = Napi::Array::New(env, 3);
  for (uint32_t i = 0; i < 3; ++i) a.Set(i, Napi::Number::New(env, v[i]));
  return a;
}

struct FinishContext {
  Napi::Promise::Deferred deferred;
  Napi::FunctionReference onPhase;
};

// The builder's thread waits here until the JS thread has run onPhase, so what the callback does
// (a cancel, say) happens before the phase's work starts.
struct PhaseWait {
  std::mutex mutex;
  std::condition_variable cv;
  bool done = false;
  void signal() {
    {
      std::lock_guard<std::mutex> lock(mutex);
      done = true;
    }
    cv.notify_all();
  }
  void wait() {
    std::unique_lock<std::mutex> lock(mutex);
    cv.wait(lock, [this] { return done; });
  }
};

struct Message {
  enum Kind { Progress, Phase, Done, Failed } kind = Progress;
  std::shared_ptr<PhaseWait> wait;
  int phase = 0;
  uint64_t done = 0;
  uint64_t total = 0;
  BuildResult result;
  std::string error;
  bool cancelled = false;
};

void callJs(Napi::Env env, Napi::Function callback, FinishContext* ctx, Message* msg) {
  std::unique_ptr<Message> m(msg);
  if (m != nullptr && m->kind == Message::Phase) {
    // Signalled however the call ends (env is null while the environment is torn down).
    std::shared_ptr<PhaseWait> wait = m->wait;
    if (env != nullptr && !ctx->onPhase.IsEmpty()) {
      try {
        ctx->onPhase.Call({Napi::String::New(env, cairn::phaseName(m->phase))});
      } catch (const Napi::Error&) {
        // A throwing hook must not break the build.
      }
    }
    if (wait) wait->signal();
    return;
  }
  if (env == nullptr || m == nullptr) return;
  if (m->kind == Message::Progress) {
    Napi::Object p = Napi::Object::New(env);
    p.Set("phase", Napi::String::New(env, cairn::phaseName(m->phase)));
    p.Set("done", Napi::Number::New(env, static_cast<double>(m->done)));
    p.Set("total", Napi::Number::New(env, static_cast<double>(m->total)));
    try {
      callback.Call({p});
    } catch (const Napi::Error&) {
      // A throwing progress callback must not break the build.
    }
    return;
  }
  if (m->kind == Message::Failed) {
    ctx->deferred.Reject(makeError(env, m->error, m->cancelled ? "CANCELLED" : "LOD_BUILD_FAILED").Value());
    return;
  }
  const BuildResult& r = m->result;
  Napi::Object o = Napi::Object::New(env);
  o.Set("points", Napi::Number::New(env, static_cast<double>(r.points)));
  o.Set("nodes", Napi::Number::New(env, static_cast<double>(r.nodes)));
  o.Set("depth", Napi::Number::New(env, r.depth));
  o.Set("seconds", Napi::Number::New(env, r.seconds));
  o.Set("chunks", Napi::Number::New(env, static_cast<double>(r.chunks)));
  o.Set("maxChunkPoints", Napi::Number::New(env, static_cast<double>(r.maxChunkPoints)));
  o.Set("cubeMin", vec3(env, r.cubeMin));
  o.Set("cubeSize", Napi::Number::New(env, r.cubeSize));
  o.Set("min", vec3(env, r.tightMin));
  o.Set("max", vec3(env, r.tightMax));
  ctx->deferred.Resolve(o);
}

using FinishTsfn = Napi::TypedThreadSafeFunction<FinishContext, Message, callJs>;

class WaitForRoom : public Napi::AsyncWorker {
 public:
  WaitForRoom(Napi::Env env, std::shared_ptr<Builder> core)
      : Napi::AsyncWorker(env), core_(std::move(core)), deferred_(Napi::Promise::Deferred::New(env)) {}
  Napi::Promise promise() { return deferred_.Promise(); }
  void Execute() override {
    try {
      core_->waitForRoom();
    } catch (const CancelledError& e) {
      cancelled_ = true;
      SetError(e.what());
    } catch (const std::exception& e) {
      SetError(e.what());
    }
  }
  void OnOK() override { deferred_.Resolve(Env().Undefined()); }
  void OnError(const Napi::Error& e) override {
    deferred_.Reject(makeError(Env(), e.Message(), cancelled_ ? "CANCELLED" : "LOD_BUILD_FAILED").Value());
  }

 private:
  std::shared_ptr<Builder> core_;
  Napi::Promise::Deferred deferred_;
  bool cancelled_ = false;
};

class LodBuilderWrap : public Napi::ObjectWrap<LodBuilderWrap> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "LodBuilder",
                       {InstanceMethod("add", &LodBuilderWrap::Add), InstanceMethod("addLas", &LodBuilderWrap::AddLas),
                        InstanceMethod("convertLas", &LodBuilderWrap::ConvertLas),
                        InstanceMethod("finish", &LodBuilderWrap::Finish), InstanceMethod("cancel", &LodBuilderWrap::Cancel)});
  }

  explicit LodBuilderWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<LodBuilderWrap>(info) {
    Napi::Env env = info.Env();
    if (!info[0].IsObject()) throw Napi::TypeError::New(env, "LodBuilder needs an options object");
    const Napi::Object o = info[0].As<Napi::Object>();
    cairn::BuilderOptions opt;
    opt.outDir = getString(o, "outDir", true);
    opt.tmpDir = getString(o, "tmpDir", true);
    opt.name = getString(o, "name", false, "cloud");
    opt.recordSize = static_cast<size_t>(getNumber(o, "recordSize", true));
    getVec3(o, "scale", opt.scale);
    getVec3(o, "offset", opt.offset);
    const std::string sampling = getString(o, "sampling", false, "poisson");
    if (sampling == "poisson") {
      opt.sampling = cairn::Sampling::Poisson;
    } else if (sampling == "random") {
      opt.sampling = cairn::Sampling::Random;
    } else {
      throw Napi::TypeError::New(env, "option 'sampling' must be 'poisson' or 'random'");
    }
    opt.memoryBytes = static_cast<uint64_t>(getNumber(o, "memoryBytes", false, 1024.0 * 1024 * 1024));
    const double inMemory = getNumber(o, "inMemoryBytes", false, -1);
    if (inMemory >= 0) opt.inMemoryBytes = static_cast<uint64_t>(inMemory);
    const double threads = getNumber(o, "threads", false, std::thread::hardware_concurrency());
    opt.threads = static_cast<unsigned>(threads < 1 ? 1 : threads);
    opt.hierarchyStepSize = static_cast<int>(getNumber(o, "hierarchyStepSize", false, 4));
    opt.maxLeafPoints = static_cast<uint32_t>(getNumber(o, "maxLeafPoints", false, 10000));
    const Napi::Value attrs = o.Get("attributes");
    if (!attrs.IsArray()) throw Napi::TypeError::New(env, "option 'attributes' must be an array");
    const Napi::Array arr = attrs.As<Napi::Array>();
    for (uint32_t i = 0; i < arr.Length(); ++i) {
      const Napi::Value v = arr.Get(i);
      if (!v.IsObject()) throw Napi::TypeError::New(env, "each attribute must be an object");
      const Napi::Object a = v.As<Napi::Object>();
      cairn::AttributeInfo info;
      info.name = getString(a, "name", true);
      info.type = getString(a, "type", true);
      info.description = getString(a, "description", false, "");
      info.numElements = static_cast<int>(getNumber(a, "numElements", false, 1));
      opt.attributes.push_back(std::move(info));
    }
    try {
      core_ = std::make_shared<Builder>(std::move(opt));
    } catch (const std::exception& e) {
      throw makeError(env, e.what(), "LOD_BUILD_FAILED");
    }
  }

 private:
  Napi::Value Add(const Napi::CallbackInfo& info) { return Enqueue(info, false); }
  Napi::Value AddLas(const Napi::CallbackInfo& info) { return Enqueue(info, true); }

  // addLas(records, format) / convertLas(records, format): format = { pointFormat, recordLength,
  // shift: [x, y, z] } (whole quantisation steps added to the LAS integers).
  std::shared_ptr<const cairn::LasConverter> converter(const Napi::Value& v) {
    Napi::Env env = v.Env();
    if (!v.IsObject()) throw Napi::TypeError::New(env, "the LAS format must be an object");
    const Napi::Object o = v.As<Napi::Object>();
    cairn::LasFormat f;
    f.pointFormat = static_cast<int>(getNumber(o, "pointFormat", true));
    f.recordLength = static_cast<size_t>(getNumber(o, "recordLength", true));
    double shift[3];
    getVec3(o, "shift", shift);
    for (int a = 0; a < 3; ++a) {
      if (!(std::fabs(shift[a]) < 4.5e15) || shift[a] != std::floor(shift[a])) {
        throw Napi::TypeError::New(env, "the LAS shift must be whole numbers");
      }
      f.shift[a] = static_cast<int64_t>(shift[a]);
    }
    try {
      return std::make_shared<cairn::LasConverter>(f, core_->attributes(), core_->recordSize());
    } catch (const std::exception& e) {
      throw makeError(env, e.what(), "LOD_BUILD_FAILED");
    }
  }

  Napi::Value ConvertLas(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!info[0].IsTypedArray()) throw Napi::TypeError::New(env, "convertLas() needs a Buffer or Uint8Array of LAS records");
    auto conv = converter(info[1]);
    const Napi::TypedArray ta = info[0].As<Napi::TypedArray>();
    const uint8_t* data = static_cast<const uint8_t*>(ta.ArrayBuffer().Data()) + ta.ByteOffset();
    if (ta.ByteLength() % conv->recordLength() != 0) throw makeError(env, "the LAS records are not whole", "LOD_BUILD_FAILED");
    const size_t n = ta.ByteLength() / conv->recordLength();
    Napi::Buffer<uint8_t> out = Napi::Buffer<uint8_t>::New(env, n * core_->recordSize());
    try {
      conv->convert(data, n, out.Data());
    } catch (const std::exception& e) {
      throw makeError(env, e.what(), "LOD_BUILD_FAILED");
    }
    return out;
  }

  Napi::Value Enqueue(const Napi::CallbackInfo& info, bool las) {
    Napi::Env env = info.Env();
    auto deferred = Napi::Promise::Deferred::New(env);
    if (!info[0].IsTypedArray()) {
      deferred.Reject(Napi::TypeError::New(env, "add() needs a Buffer or Uint8Array of records").Value());
      return deferred.Promise();
    }
    std::shared_ptr<const cairn::LasConverter> conv;
    if (las) {
      try {
        conv = converter(info[1]);
      } catch (const Napi::Error& e) {
        deferred.Reject(e.Value());
        return deferred.Promise();
      }
    }
    const Napi::TypedArray ta = info[0].As<Napi::TypedArray>();
    const uint8_t* data = static_cast<const uint8_t*>(ta.ArrayBuffer().Data()) + ta.ByteOffset();
    try {
      cairn::Buf copy;
      if (conv) {
        // Converting here costs about what a copy would, and the LAS bytes need no copy.
        if (ta.ByteLength() % conv->recordLength() != 0) {
          throw std::runtime_error("a batch of " + std::to_string(ta.ByteLength()) + " bytes is not a whole number of " +
                                   std::to_string(conv->recordLength()) + "-byte LAS records");
        }
        const size_t n = ta.ByteLength() / conv->recordLength();
        copy = cairn::Buf(n * core_->recordSize());
        conv->convert(data, n, copy.data());
      } else {
        copy = cairn::Buf(ta.ByteLength());
        if (copy.size() > 0) std::memcpy(copy.data(), data, copy.size());
      }
      core_->add(std::move(copy));
    } catch (const CancelledError& e) {
      deferred.Reject(makeError(env, e.what(), "CANCELLED").Value());
      return deferred.Promise();
    } catch (const std::exception& e) {
      deferred.Reject(makeError(env, e.what(), "LOD_BUILD_FAILED").Value());
      return deferred.Promise();
    }
    if (core_->overBudget()) {
      auto* worker = new WaitForRoom(env, core_);
      Napi::Promise p = worker->promise();
      worker->Queue();
      return p;
    }
    deferred.Resolve(env.Undefined());
    return deferred.Promise();
  }

  Napi::Value Finish(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    try {
      core_->beginFinish();
    } catch (const std::exception& e) {
      auto d = Napi::Promise::Deferred::New(env);
      d.Reject(makeError(env, e.what(), "LOD_BUILD_FAILED").Value());
      return d.Promise();
    }
    auto* ctx = new FinishContext{Napi::Promise::Deferred::New(env), Napi::FunctionReference()};
    const bool hasPhaseHook = info[1].IsFunction();
    if (hasPhaseHook) ctx->onPhase = Napi::Persistent(info[1].As<Napi::Function>());
    Napi::Promise promise = ctx->deferred.Promise();
    Napi::Function cb = info[0].IsFunction() ? info[0].As<Napi::Function>()
                                             : Napi::Function::New(env, [](const Napi::CallbackInfo&) {});
    FinishTsfn tsfn = FinishTsfn::New(env, cb, "cairn-lod-finish", 0, 1, ctx,
                                      [](Napi::Env, void*, FinishContext* c) { delete c; });
    std::shared_ptr<Builder> core = core_;
    std::thread([core, tsfn, hasPhaseHook]() mutable {
      auto* last = new Message();
      cairn::PhaseFn onPhase;
      if (hasPhaseHook) {
        onPhase = [&tsfn](int phase) {
          auto wait = std::make_shared<PhaseWait>();
          auto* m = new Message();
          m->kind = Message::Phase;
          m->phase = phase;
          m->wait = wait;
          if (tsfn.BlockingCall(m) != napi_ok) {
            delete m;
            return;
          }
          wait->wait();
        };
      }
      try {
        last->result = core->finish(
            [&tsfn](int phase, uint64_t done, uint64_t total) {
              auto* m = new Message();
              m->phase = phase;
              m->done = done;
              m->total = total;
              if (tsfn.NonBlockingCall(m) != napi_ok) delete m;
            },
            onPhase);
        last->kind = Message::Done;
      } catch (const CancelledError& e) {
        last->kind = Message::Failed;
        last->cancelled = true;
        last->error = e.what();
      } catch (const std::exception& e) {
        last->kind = Message::Failed;
        last->error = e.what();
      }
      if (tsfn.BlockingCall(last) != napi_ok) delete last;
      tsfn.Release();
    }).detach();
    return promise;
  }

  Napi::Value Cancel(const Napi::CallbackInfo& info) {
    core_->cancel();
    return info.Env().Undefined();
  }

  std::shared_ptr<Builder> core_;
};

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("LodBuilder", LodBuilderWrap::Define(env));
  exports.Set("abiVersion", Napi::Number::New(env, 1));
  return exports;
}

}  // namespace

NODE_API_MODULE(cairn_native, Init)
