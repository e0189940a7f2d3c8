import { parse } from '@foxglove/rosmsg';
import { MessageReader as Ros1Reader } from '@foxglove/rosmsg-serialization';
import { MessageReader as CdrReader } from '@foxglove/rosmsg2-serialization';

export type Decode = (bytes: Uint8Array) => unknown;

const text = new TextDecoder();

/**
 * A decoder for one channel, from its message encoding and schema: ROS 1 (ros1msg), ROS 2 CDR
 * (ros2msg) and JSON. Throws a sentence saying why when Cairn cannot decode the channel.
 */
export function decoderFor(messageEncoding: string, schemaEncoding: string, schema: Uint8Array | string): Decode {
  const definition = typeof schema === 'string' ? schema : text.decode(schema);
  switch (messageEncoding) {
    case 'ros1': {
      if (schemaEncoding !== 'ros1msg') throw new Error(`ros1 messages with a "${schemaEncoding}" schema`);
      const reader = new Ros1Reader(parse(definition, { ros2: false }));
      return (bytes) => reader.readMessage(bytes);
    }
    case 'cdr': {
      if (schemaEncoding !== 'ros2msg') throw new Error(`CDR messages with a "${schemaEncoding}" schema (only ros2msg schemas are read)`);
      const reader = new CdrReader(parse(definition, { ros2: true }));
      return (bytes) => reader.readMessage(bytes);
    }
    case 'json':
      return (bytes) => JSON.parse(text.decode(bytes)) as unknown;
    default:
      throw new Error(`message encoding "${messageEncoding}" is not one Cairn decodes (ros1, cdr, json)`);
  }
}
