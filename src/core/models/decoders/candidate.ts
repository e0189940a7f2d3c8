/** A decoded box before it is mapped back to the image: tensor pixels, edge coordinates. */
export interface Candidate {
  readonly box: [number, number, number, number];
  readonly classIndex: number;
  readonly score: number;
}

/** The best class of one row of class scores (values data[start .. start + count * step) by step). */
export function bestClass(data: Float32Array, start: number, count: number, step = 1): { index: number; score: number } {
  let index = 0;
  let score = -Infinity;
  for (let c = 0; c < count; c++) {
    const s = data[start + c * step];
    if (s > score) {
      score = s;
      index = c;
    }
  }
  return { index, score };
}

/** Cells of a feature map of stride s over an input: ceil, as convolutions with padding give. */
export function gridSize(inputWidth: number, inputHeight: number, stride: number): { cols: number; rows: number } {
  return { cols: Math.ceil(inputWidth / stride), rows: Math.ceil(inputHeight / stride) };
}
