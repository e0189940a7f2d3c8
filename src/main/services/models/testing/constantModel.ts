/**
 * A tiny ONNX model written by hand from the ONNX protobuf schema (onnx.proto3): one float input,
 * ignored, and outputs that are Constant nodes holding the given tensors. Tests run it through the
 * real worker and onnxruntime-node, so the path from an image to decoded detections is exercised
 * where no real model is at hand, with outputs known by construction.
 */

const varint = (n: number): number[] => {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
};

/** Field tags: wire type 0 (varint) and 2 (length-delimited). */
const int = (field: number, value: number) => [...varint(field << 3), ...varint(value)];
const bytes = (field: number, body: readonly number[] | Uint8Array) => [...varint((field << 3) | 2), ...varint(body.length), ...body];
const text = (field: number, s: string) => bytes(field, [...new TextEncoder().encode(s)]);

const FLOAT = 1;

function valueInfo(name: string, dims: readonly number[]): number[] {
  const shape = dims.flatMap((d) => bytes(1, int(1, d))); // TensorShapeProto.dim { dim_value }
  const tensorType = [...int(1, FLOAT), ...bytes(2, shape)]; // TypeProto.Tensor { elem_type, shape }
  return [...text(1, name), ...bytes(2, bytes(1, tensorType))]; // ValueInfoProto { name, type { tensor_type } }
}

function constantNode(output: string, dims: readonly number[], values: Float32Array): number[] {
  const raw = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const tensor = [...dims.flatMap((d) => int(1, d)), ...int(2, FLOAT), ...bytes(9, raw)]; // TensorProto { dims, data_type, raw_data }
  const attribute = [...text(1, 'value'), ...bytes(5, tensor), ...int(20, 4)]; // AttributeProto { name, t, type = TENSOR }
  return [...text(2, output), ...text(4, 'Constant'), ...bytes(5, attribute)]; // NodeProto { output, op_type, attribute }
}

export interface ConstantOutput {
  readonly name: string;
  readonly dims: readonly number[];
  readonly values: Float32Array;
}

/** The model's bytes: input `inputName` of `inputDims`, and each output a constant. */
export function constantModel(inputName: string, inputDims: readonly number[], outputs: readonly ConstantOutput[]): Uint8Array {
  const graph = [
    ...outputs.flatMap((o) => bytes(1, constantNode(o.name, o.dims, o.values))),
    ...text(2, 'constant'),
    ...bytes(11, valueInfo(inputName, inputDims)),
    ...outputs.flatMap((o) => bytes(12, valueInfo(o.name, o.dims))),
  ];
  // ModelProto { ir_version 7, graph, opset_import { domain "", version 13 } }
  return new Uint8Array([...int(1, 7), ...bytes(7, graph), ...bytes(8, [...text(1, ''), ...int(2, 13)])]);
}
