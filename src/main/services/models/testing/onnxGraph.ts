import { Root, type Type } from 'protobufjs';

/**
 * Small ONNX models for tests, encoded with protobufjs from the part of the ONNX schema
 * (onnx.proto3, IR version 7) that graphs of plain operators need: nodes with attributes,
 * initializers, typed inputs and outputs with fixed or named dimensions. Tests build graphs whose
 * outputs they know by construction (a MatMul with known weights, a 1 × 1 Conv), so the path
 * through onnxruntime-node runs for real without pretrained weights.
 */

const SCHEMA = {
  nested: {
    onnx: {
      nested: {
        ModelProto: {
          fields: {
            irVersion: { type: 'int64', id: 1 },
            producerName: { type: 'string', id: 2 },
            graph: { type: 'GraphProto', id: 7 },
            opsetImport: { rule: 'repeated', type: 'OperatorSetIdProto', id: 8 },
          },
        },
        OperatorSetIdProto: { fields: { domain: { type: 'string', id: 1 }, version: { type: 'int64', id: 2 } } },
        GraphProto: {
          fields: {
            node: { rule: 'repeated', type: 'NodeProto', id: 1 },
            name: { type: 'string', id: 2 },
            initializer: { rule: 'repeated', type: 'TensorProto', id: 5 },
            input: { rule: 'repeated', type: 'ValueInfoProto', id: 11 },
            output: { rule: 'repeated', type: 'ValueInfoProto', id: 12 },
          },
        },
        NodeProto: {
          fields: {
            input: { rule: 'repeated', type: 'string', id: 1 },
            output: { rule: 'repeated', type: 'string', id: 2 },
            name: { type: 'string', id: 3 },
            opType: { type: 'string', id: 4 },
            attribute: { rule: 'repeated', type: 'AttributeProto', id: 5 },
          },
        },
        AttributeProto: {
          fields: {
            name: { type: 'string', id: 1 },
            f: { type: 'float', id: 2 },
            i: { type: 'int64', id: 3 },
            s: { type: 'bytes', id: 4 },
            t: { type: 'TensorProto', id: 5 },
            floats: { rule: 'repeated', type: 'float', id: 7 },
            ints: { rule: 'repeated', type: 'int64', id: 8 },
            type: { type: 'int32', id: 20 },
          },
        },
        TensorProto: {
          fields: {
            dims: { rule: 'repeated', type: 'int64', id: 1 },
            dataType: { type: 'int32', id: 2 },
            name: { type: 'string', id: 8 },
            rawData: { type: 'bytes', id: 9 },
          },
        },
        ValueInfoProto: { fields: { name: { type: 'string', id: 1 }, type: { type: 'TypeProto', id: 2 } } },
        TypeProto: { fields: { tensorType: { type: 'TypeProtoTensor', id: 1 } } },
        TypeProtoTensor: { fields: { elemType: { type: 'int32', id: 1 }, shape: { type: 'TensorShapeProto', id: 2 } } },
        TensorShapeProto: { fields: { dim: { rule: 'repeated', type: 'Dimension', id: 1 } } },
        Dimension: { oneofs: { value: { oneof: ['dimValue', 'dimParam'] } }, fields: { dimValue: { type: 'int64', id: 1 }, dimParam: { type: 'string', id: 2 } } },
      },
    },
  },
};

let modelType: Type | null = null;
const model = () => (modelType ??= Root.fromJSON(SCHEMA).lookupType('onnx.ModelProto'));

/** TensorProto.DataType numbers. */
const ELEM = { float: 1, int32: 6, int64: 7 } as const;
/** AttributeProto.AttributeType numbers. */
const ATTR = { float: 1, int: 2, string: 3, tensor: 4, floats: 6, ints: 7 } as const;

export type ElemType = keyof typeof ELEM;

export interface OnnxTensor {
  readonly name: string;
  readonly dims: readonly number[];
  readonly type?: ElemType;
  readonly values: ArrayLike<number>;
}

export type OnnxAttribute =
  | { readonly int: number }
  | { readonly ints: readonly number[] }
  | { readonly float: number }
  | { readonly floats: readonly number[] }
  | { readonly string: string }
  | { readonly tensor: OnnxTensor };

export interface OnnxNode {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes?: Readonly<Record<string, OnnxAttribute>>;
}

/** A graph input or output: a dimension is a number where fixed, a name where dynamic. */
export interface OnnxValue {
  readonly name: string;
  readonly dims: readonly (number | string)[];
  readonly type?: ElemType;
}

export interface OnnxGraph {
  readonly name: string;
  readonly inputs: readonly OnnxValue[];
  readonly outputs: readonly OnnxValue[];
  readonly nodes: readonly OnnxNode[];
  readonly initializers?: readonly OnnxTensor[];
}

function tensorProto(t: OnnxTensor) {
  const type = t.type ?? 'float';
  const size = t.dims.reduce((a, b) => a * b, 1);
  if (t.values.length !== size) throw new Error(`tensor "${t.name}": ${t.values.length} values for dimensions [${t.dims.join(', ')}]`);
  const typed = type === 'float' ? Float32Array.from(t.values) : type === 'int32' ? Int32Array.from(t.values) : BigInt64Array.from(Array.from(t.values, (v) => BigInt(v)));
  // raw_data is little-endian, as typed arrays are on every machine Cairn runs on.
  return { name: t.name, dims: [...t.dims], dataType: ELEM[type], rawData: new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength) };
}

function attributeProto(name: string, a: OnnxAttribute) {
  if ('int' in a) return { name, type: ATTR.int, i: a.int };
  if ('ints' in a) return { name, type: ATTR.ints, ints: [...a.ints] };
  if ('float' in a) return { name, type: ATTR.float, f: a.float };
  if ('floats' in a) return { name, type: ATTR.floats, floats: [...a.floats] };
  if ('string' in a) return { name, type: ATTR.string, s: new TextEncoder().encode(a.string) };
  return { name, type: ATTR.tensor, t: tensorProto(a.tensor) };
}

function valueInfo(v: OnnxValue) {
  const dim = v.dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return { name: v.name, type: { tensorType: { elemType: ELEM[v.type ?? 'float'], shape: { dim } } } };
}

/** The model's bytes (opset 13 of the default domain unless given). */
export function onnxModel(graph: OnnxGraph, opset = 13): Uint8Array {
  const message = {
    irVersion: 7,
    producerName: 'cairn tests',
    opsetImport: [{ domain: '', version: opset }],
    graph: {
      name: graph.name,
      node: graph.nodes.map((n, k) => ({
        name: `${n.op.toLowerCase()}_${k}`,
        opType: n.op,
        input: [...n.inputs],
        output: [...n.outputs],
        attribute: Object.entries(n.attributes ?? {}).map(([name, a]) => attributeProto(name, a)),
      })),
      initializer: (graph.initializers ?? []).map(tensorProto),
      input: graph.inputs.map(valueInfo),
      output: graph.outputs.map(valueInfo),
    },
  };
  const type = model();
  const problem = type.verify(message);
  if (problem) throw new Error(`onnxModel: ${problem}`);
  return type.encode(type.fromObject(message)).finish();
}
