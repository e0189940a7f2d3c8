import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { onnxModel } from './onnxGraph';

describe('onnxModel (test ONNX graphs from the schema)', () => {
  it('encodes a graph onnxruntime runs: MatMul with known weights, ReduceMax, a Conv, named and fixed dimensions', async () => {
    const bytes = onnxModel({
      name: 'probe',
      inputs: [{ name: 'x', dims: ['n', 2, 3] }],
      outputs: [{ name: 'y', dims: ['n', 2] }, { name: 'z', dims: [1, 1, 1, 2] }],
      initializers: [
        { name: 'w', dims: [3, 2], values: [1, 0, 0, 2, 1, -1] },
        { name: 'k', dims: [1, 1, 1, 1], values: [3] },
        { name: 'b', dims: [1], values: [0.5] },
      ],
      nodes: [
        { op: 'MatMul', inputs: ['x', 'w'], outputs: ['xw'] },
        { op: 'ReduceMax', inputs: ['xw'], outputs: ['y'], attributes: { axes: { ints: [1] }, keepdims: { int: 0 } } },
        { op: 'Constant', inputs: [], outputs: ['c'], attributes: { value: { tensor: { name: 'c', dims: [1, 1, 1, 2], values: [1, -2] } } } },
        { op: 'Conv', inputs: ['c', 'k', 'b'], outputs: ['z'] },
      ],
    });
    const session = await ort.InferenceSession.create(bytes);
    expect(session.inputNames).toEqual(['x']);
    // Rows [1, 2, 3] and [0, 1, 0]: x·w = [4, 1] and [0, 2]; the maximum over the two rows is [4, 2].
    const x = new ort.Tensor('float32', new Float32Array([1, 2, 3, 0, 1, 0]), [1, 2, 3]);
    const out = await session.run({ x });
    expect([...(out.y.data as Float32Array)]).toEqual([4, 2]);
    expect(out.y.dims).toEqual([1, 2]);
    expect([...(out.z.data as Float32Array)]).toEqual([3.5, -5.5]);
    await session.release();
  });

  it('refuses a tensor whose values do not fill its dimensions', () => {
    expect(() => onnxModel({ name: 'bad', inputs: [], outputs: [], nodes: [], initializers: [{ name: 'w', dims: [2, 2], values: [1] }] })).toThrow(/"w": 1 values for dimensions \[2, 2\]/);
  });
});
