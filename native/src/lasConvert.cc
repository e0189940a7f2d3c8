#include "lasConvert.h"

#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>

namespace cairn {
namespace {

struct LasFields {
  bool extended;
  int gpsTime;  // -1: none
  int rgb;      // -1: none
};

const LasFields kFields[11] = {
    {false, -1, -1}, {false, 20, -1}, {false, -1, 20}, {false, 20, 28}, {false, 20, -1}, {false, 20, 28},
    {true, 22, -1},  {true, 22, 30},  {true, 22, 30},  {true, 22, -1},  {true, 22, 30},
};
const size_t kBase[11] = {20, 28, 26, 34, 57, 63, 30, 36, 38, 59, 67};

}  // namespace

size_t lasBaseRecordLength(int pointFormat) { return pointFormat >= 0 && pointFormat <= 10 ? kBase[pointFormat] : 0; }

LasConverter::LasConverter(const LasFormat& format, const std::vector<AttributeInfo>& attributes, size_t recordSize)
    : f_(format), R_(recordSize) {
  const size_t base = lasBaseRecordLength(format.pointFormat);
  if (base == 0) throw std::runtime_error("unsupported LAS point data record format " + std::to_string(format.pointFormat));
  if (format.recordLength < base) {
    throw std::runtime_error("LAS record length " + std::to_string(format.recordLength) + " is too short for point format " +
                             std::to_string(format.pointFormat) + " (" + std::to_string(base) + " bytes)");
  }
  const LasFields& lf = kFields[format.pointFormat];
  auto expect = [](const AttributeInfo& a, const char* type, int n) {
    if (a.type != type || a.numElements != n) {
      throw std::runtime_error("attribute " + a.name + " must be " + type + " x " + std::to_string(n) + " to be read from LAS");
    }
  };
  for (size_t i = 1; i < attributes.size(); ++i) {
    const AttributeInfo& a = attributes[i];
    if (a.name == "intensity") {
      expect(a, "uint16", 1);
      steps_.push_back({Copy, 12, a.offset, 2});
    } else if (a.name == "return number") {
      expect(a, "uint8", 1);
      steps_.push_back({lf.extended ? ReturnExt : ReturnLegacy, 14, a.offset, 1});
    } else if (a.name == "number of returns") {
      expect(a, "uint8", 1);
      steps_.push_back({lf.extended ? ReturnsExt : ReturnsLegacy, 14, a.offset, 1});
    } else if (a.name == "classification") {
      expect(a, "uint8", 1);
      // Legacy formats: the top three bits are the synthetic / key-point / withheld flags.
      steps_.push_back(lf.extended ? Step{Copy, 16, a.offset, 1} : Step{ClassLegacy, 15, a.offset, 1});
    } else if (a.name == "point source id") {
      expect(a, "uint16", 1);
      steps_.push_back({Copy, lf.extended ? 20 : 18, a.offset, 2});
    } else if (a.name == "gps-time") {
      expect(a, "double", 1);
      steps_.push_back(lf.gpsTime >= 0 ? Step{Copy, lf.gpsTime, a.offset, 8} : Step{Zero, 0, a.offset, 8});
    } else if (a.name == "rgb") {
      expect(a, "uint16", 3);
      steps_.push_back(lf.rgb >= 0 ? Step{Copy, lf.rgb, a.offset, 6} : Step{Zero, 0, a.offset, 6});
    } else {
      throw std::runtime_error("attribute " + a.name + " cannot be read from LAS records");
    }
  }
  // Merge adjacent copies (intensity + ... rarely line up, but rgb/gps do in some layouts).
  std::vector<Step> merged;
  for (const Step& s : steps_) {
    if (!merged.empty() && s.op == Copy && merged.back().op == Copy && merged.back().src + merged.back().size == s.src &&
        merged.back().dst + merged.back().size == s.dst) {
      merged.back().size += s.size;
    } else {
      merged.push_back(s);
    }
  }
  steps_.swap(merged);
}

void LasConverter::convert(const uint8_t* src, size_t n, uint8_t* dst) const {
  const size_t L = f_.recordLength;
  const int64_t sx = f_.shift[0], sy = f_.shift[1], sz = f_.shift[2];
  constexpr int64_t lo = std::numeric_limits<int32_t>::min();
  constexpr int64_t hi = std::numeric_limits<int32_t>::max();
  const bool noShift = sx == 0 && sy == 0 && sz == 0;
  for (size_t i = 0; i < n; ++i) {
    const uint8_t* s = src + i * L;
    uint8_t* d = dst + i * R_;
    if (noShift) {
      std::memcpy(d, s, 12);
    } else {
      int32_t q[3];
      std::memcpy(q, s, 12);
      const int64_t x = q[0] + sx, y = q[1] + sy, z = q[2] + sz;
      if (x < lo || x > hi || y < lo || y > hi || z < lo || z > hi) {
        throw std::runtime_error("a LAS point cannot be quantised to int32 with the build's offset: give the inputs closer offsets");
      }
      const int32_t o[3] = {static_cast<int32_t>(x), static_cast<int32_t>(y), static_cast<int32_t>(z)};
      std::memcpy(d, o, 12);
    }
    for (const Step& st : steps_) {
      switch (st.op) {
        case Copy: std::memcpy(d + st.dst, s + st.src, static_cast<size_t>(st.size)); break;
        case Zero: std::memset(d + st.dst, 0, static_cast<size_t>(st.size)); break;
        case ReturnLegacy: d[st.dst] = s[st.src] & 0x07; break;
        case ReturnsLegacy: d[st.dst] = (s[st.src] >> 3) & 0x07; break;
        case ClassLegacy: d[st.dst] = s[st.src] & 0x1f; break;
        case ReturnExt: d[st.dst] = s[st.src] & 0x0f; break;
        case ReturnsExt: d[st.dst] = s[st.src] >> 4; break;
      }
    }
  }
}

}  // namespace cairn
