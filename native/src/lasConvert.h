// Raw LAS point records (PDRF 0-10) straight into the builder's Potree records, so LAS and LAZ
// inputs skip the float64 round trip through JS columns. Positions keep their LAS integers,
// shifted by a whole number of quantisation steps (the source's offset minus the builder's).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "potreeWriter.h"

namespace cairn {

struct LasFormat {
  int pointFormat = -1;     // 0-10, without the compression bits
  size_t recordLength = 0;  // bytes per LAS record, extra bytes included
  int64_t shift[3] = {0, 0, 0};
};

// Bytes of the standard fields of a point data record format; 0 if unknown.
size_t lasBaseRecordLength(int pointFormat);

// One conversion plan per (format, record layout); validates both (throws std::runtime_error).
class LasConverter {
 public:
  LasConverter(const LasFormat& format, const std::vector<AttributeInfo>& attributes, size_t recordSize);
  // Converts n records from src into dst (n * recordSize bytes). Throws if a shifted position
  // leaves int32.
  void convert(const uint8_t* src, size_t n, uint8_t* dst) const;
  size_t recordLength() const { return f_.recordLength; }

 private:
  enum Op { Copy, Zero, ReturnLegacy, ReturnsLegacy, ClassLegacy, ReturnExt, ReturnsExt };
  struct Step {
    Op op;
    int src;
    int dst;
    int size;
  };
  LasFormat f_;
  size_t R_;
  std::vector<Step> steps_;
};

}  // namespace cairn
