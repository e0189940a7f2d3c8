/** One topic of a log, as its index (or summary) tells without reading the messages. */
export interface LogTopic {
  readonly topic: string;
  /** The message type, ROS style ("sensor_msgs/PointCloud2"; ROS 2's "/msg/" is dropped). */
  readonly type: string;
  /** "ros1", "cdr", "json", … */
  readonly encoding: string;
  readonly count: number;
}

/** A message with its payload decoded to plain JavaScript. */
export interface LogMessage {
  readonly topic: string;
  readonly type: string;
  /** Log (receive) time, nanoseconds. */
  readonly logTime: bigint;
  readonly message: unknown;
}

/** A message wanted by its topic and exact log time (a frame's capture). */
export interface MessageAt {
  readonly topic: string;
  readonly logTime: bigint;
}

export interface ReadRange {
  /** Inclusive, nanoseconds. */
  readonly start?: bigint;
  readonly end?: bigint;
}

/**
 * A robotics log opened through its own index: topics come from the summary, messages from
 * range reads of the chunks that hold them, so a large log is never read whole.
 */
export interface RobotLog {
  /** The file (or files, for a rosbag2 folder) in messages. */
  readonly name: string;
  /** The files (one, or a rosbag2 recording's splits in order) by path or URL, as a manifest's `log` names them. */
  readonly files: readonly string[];
  /** The container: MCAP, a ROS 1 bag, or a rosbag2 recording's sqlite3 (.db3) files. */
  readonly format: 'mcap' | 'rosbag' | 'sqlite3';
  readonly topics: readonly LogTopic[];
  /** Messages of these topics in log-time order; ones whose schema Cairn cannot decode are counted, not thrown. */
  read(topics: readonly string[], range?: ReadRange): AsyncIterable<LogMessage>;
  /**
   * The messages at these exact (topic, log time) pairs, in the order wanted (one absent where
   * the log has none there, or it does not decode: see `undecodable`), found through the
   * container's indexes so only the chunks holding them are read; absent where the container
   * has no message index. An aborted signal stops the read before its next chunk.
   */
  readAt?(wanted: readonly MessageAt[], signal?: AbortSignal): Promise<(LogMessage & { readonly wanted: number })[]>;
  /** Topics whose messages could not be decoded, and why (filled as messages are read). */
  readonly undecodable: Map<string, string>;
  /**
   * Each topic's message log times, in order, from the container's own index alone (MCAP message
   * indexes) without reading a message; absent where the index does not hold them.
   */
  messageTimes?(topics: readonly string[]): Promise<Map<string, bigint[]>>;
  close(): Promise<void>;
}

/** One topic list from a log's channels or connections: a topic several publishers share is one line, counts added. */
export function mergeTopics(entries: Iterable<LogTopic>): LogTopic[] {
  const byTopic = new Map<string, LogTopic>();
  for (const t of entries) {
    const seen = byTopic.get(t.topic);
    byTopic.set(t.topic, seen ? { ...seen, count: seen.count + t.count } : t);
  }
  return [...byTopic.values()].sort((a, b) => a.topic.localeCompare(b.topic));
}

/**
 * Decodes one message, or notes in `undecodable` why its topic cannot be (a decoder that could
 * not be built, given as its reason, or a payload that does not decode) and gives null.
 */
export function decodeOrNote(undecodable: Map<string, string>, topic: string, type: string, logTime: bigint, decoder: ((bytes: Uint8Array) => unknown) | string, bytes: Uint8Array): { message: unknown } | null {
  if (typeof decoder === 'string') {
    undecodable.set(topic, decoder);
    return null;
  }
  try {
    return { message: decoder(bytes) };
  } catch (e) {
    undecodable.set(topic, `a message at log time ${logTime} does not decode as ${type}: ${(e as Error).message}`);
    return null;
  }
}

/** "pkg/msg/Type" (ROS 2 and MCAP schema names) as "pkg/Type", so one type has one name. */
export function rosTypeName(name: string): string {
  return name.replace(/^([^/]+)\/msg\/([^/]+)$/, '$1/$2');
}

/**
 * The split files of one recording (a rosbag2 folder's `_0.mcap`, `_1.mcap`, …) as one log:
 * topics add up, messages come file after file (each split follows the one before in time).
 */
export function concatLogs(name: string, logs: readonly RobotLog[]): RobotLog {
  if (logs.length === 1) return logs[0];
  const undecodable = new Map<string, string>();
  const indexed = logs.every((l) => l.messageTimes);
  return {
    name,
    files: logs.flatMap((l) => l.files),
    format: logs[0].format,
    topics: mergeTopics(logs.flatMap((l) => l.topics)),
    undecodable,
    ...(indexed && {
      async messageTimes(topics: readonly string[]) {
        const all = new Map<string, bigint[]>(topics.map((t) => [t, []]));
        for (const log of logs) for (const [t, times] of await log.messageTimes!(topics)) all.get(t)!.push(...times);
        return all;
      },
    }),
    ...(logs.every((l) => l.readAt) && {
      async readAt(wanted: readonly MessageAt[], signal?: AbortSignal) {
        // Each split holds its own time span; a message is taken from the first that has it.
        const out = new Map<number, LogMessage & { readonly wanted: number }>();
        for (const log of logs) {
          const left = wanted.map((w, i) => ({ w, i })).filter(({ i }) => !out.has(i));
          if (left.length === 0) break;
          for (const m of await log.readAt!(left.map(({ w }) => w), signal)) out.set(left[m.wanted].i, { ...m, wanted: left[m.wanted].i });
          for (const [k, v] of log.undecodable) undecodable.set(k, v);
        }
        return [...out.values()].sort((a, b) => a.wanted - b.wanted);
      },
    }),
    async *read(topics, range) {
      for (const log of logs) {
        yield* log.read(topics, range);
        for (const [k, v] of log.undecodable) undecodable.set(k, v);
      }
    },
    close: async () => {
      await Promise.all(logs.map((l) => l.close()));
    },
  };
}
