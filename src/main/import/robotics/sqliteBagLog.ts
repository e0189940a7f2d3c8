import Database from 'better-sqlite3';
import { decoderFor, type Decode } from './messageDecoders';
import { standardRos2Definition } from './ros2Definitions';
import { concatLogs, decodeOrNote, mergeTopics, rosTypeName, type LogMessage, type MessageAt, type ReadRange, type RobotLog } from './robotLog';

/** Messages read per query: a read holds no statement open between the messages it yields. */
const PAGE = 256;

const NO_DEFINITION = 'no message definition in the bag, and not one of the standard types Cairn knows';

interface TopicRow {
  id: number;
  name: string;
  type: string;
  serialization_format: string;
}

/**
 * One .db3 file of a rosbag2 recording stored with the sqlite3 plugin (Humble and earlier record
 * this by default), read through SQLite: topics from the `topics` table with counts grouped from
 * `messages`, messages page by page in timestamp order (the table's timestamp index), and exact
 * (topic, time) lookups. Definitions come from `message_definitions` where the bag has them
 * (Iron and later), else from the standard types Cairn knows. Throws naming the file when it is
 * not SQLite or lacks rosbag2's tables.
 */
export function openSqliteBagFile(file: string): RobotLog {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw new Error(`${file}: cannot open as SQLite: ${(e as Error).message}`);
  }
  let rows: TopicRow[];
  let counts: Map<number, number>;
  let definitions: Map<string, { encoding: string; text: string }>;
  try {
    const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
    const missing = ['topics', 'messages'].filter((t) => !tables.has(t));
    if (missing.length) throw new Error(`no ${missing.join(' or ')} table`);
    rows = db.prepare('SELECT id, name, type, serialization_format FROM topics').all() as TopicRow[];
    counts = new Map((db.prepare('SELECT topic_id, COUNT(*) AS n FROM messages GROUP BY topic_id').all() as { topic_id: number; n: number }[]).map((r) => [r.topic_id, r.n]));
    definitions = new Map();
    if (tables.has('message_definitions')) {
      for (const d of db.prepare('SELECT topic_type, encoding, encoded_message_definition FROM message_definitions').all() as { topic_type: string; encoding: string; encoded_message_definition: string }[]) {
        definitions.set(d.topic_type, { encoding: d.encoding, text: d.encoded_message_definition });
      }
    }
  } catch (e) {
    db.close();
    throw new Error(`${file}: not a rosbag2 sqlite3 file: ${(e as Error).message}`);
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  const idsOf = new Map<string, number[]>();
  for (const r of rows) idsOf.set(r.name, [...(idsOf.get(r.name) ?? []), r.id]);
  const topics = mergeTopics(rows.map((r) => ({ topic: r.name, type: rosTypeName(r.type), encoding: r.serialization_format, count: counts.get(r.id) ?? 0 })));

  const decoders = new Map<number, Decode | string>();
  const decoderOf = (row: TopicRow): Decode | string => {
    let decoder = decoders.get(row.id);
    if (decoder === undefined) {
      const stored = definitions.get(row.type);
      // An empty definition, or one in another encoding (ros2idl), is as good as none: the standard one is used where there is one.
      const usable = stored && stored.encoding === 'ros2msg' && stored.text.trim() ? stored.text : standardRos2Definition(rosTypeName(row.type));
      try {
        decoder = usable === null ? NO_DEFINITION : decoderFor(row.serialization_format, 'ros2msg', usable);
      } catch (e) {
        decoder = (e as Error).message;
      }
      decoders.set(row.id, decoder);
    }
    return decoder;
  };
  const undecodable = new Map<string, string>();
  const decoded = (topicId: number, timestamp: bigint, data: Uint8Array): LogMessage | null => {
    const row = byId.get(topicId);
    if (!row) return null;
    const type = rosTypeName(row.type);
    const d = decodeOrNote(undecodable, row.name, type, timestamp, decoderOf(row), data);
    return d && { topic: row.name, type, logTime: timestamp, message: d.message };
  };
  const failing = <T>(run: () => T): T => {
    try {
      return run();
    } catch (e) {
      throw new Error(`${file}: ${(e as Error).message}`);
    }
  };
  const topicIds = (wanted: readonly string[]) => wanted.flatMap((t) => idsOf.get(t) ?? []);
  const inList = (ids: readonly number[]) => ids.map(() => '?').join(',');

  return {
    name: file,
    files: [file],
    format: 'sqlite3',
    topics,
    undecodable,
    async *read(wanted: readonly string[], range: ReadRange = {}): AsyncIterable<LogMessage> {
      const ids = topicIds(wanted);
      if (ids.length === 0) return;
      // Keyset pages over (timestamp, id), the timestamp index's order: each page is one short
      // query, so no statement stays open while the caller awaits (another read or readAt may run).
      const page = db
        .prepare(`SELECT id, topic_id, timestamp, data FROM messages WHERE topic_id IN (${inList(ids)}) AND timestamp >= ? AND (timestamp > ? OR id > ?) AND timestamp <= ? ORDER BY timestamp, id LIMIT ${PAGE}`)
        .safeIntegers(true);
      let after = range.start ?? -(1n << 63n);
      let afterId = -1n;
      const end = range.end ?? (1n << 63n) - 1n;
      for (;;) {
        const rows = failing(() => page.all(...ids, after, after, afterId, end) as { id: bigint; topic_id: bigint; timestamp: bigint; data: Uint8Array }[]);
        for (const r of rows) {
          const m = decoded(Number(r.topic_id), r.timestamp, r.data);
          if (m) yield m;
        }
        if (rows.length < PAGE) return;
        after = rows[rows.length - 1].timestamp;
        afterId = rows[rows.length - 1].id;
      }
    },
    async readAt(wanted: readonly MessageAt[], signal?: AbortSignal) {
      const out: (LogMessage & { readonly wanted: number })[] = [];
      const lookups = new Map<number, Database.Statement>();
      const lookup = (n: number) => {
        let s = lookups.get(n);
        if (!s) lookups.set(n, (s = db.prepare(`SELECT topic_id, data FROM messages WHERE topic_id IN (${inList(Array(n).fill(0))}) AND timestamp = ? ORDER BY id LIMIT 1`).safeIntegers(true)));
        return s;
      };
      for (let i = 0; i < wanted.length; i++) {
        signal?.throwIfAborted();
        const ids = idsOf.get(wanted[i].topic);
        if (!ids) continue;
        const row = failing(() => lookup(ids.length).get(...ids, wanted[i].logTime) as { topic_id: bigint; data: Uint8Array } | undefined);
        const m = row && decoded(Number(row.topic_id), wanted[i].logTime, row.data);
        if (m) out.push({ ...m, wanted: i });
      }
      return out;
    },
    async messageTimes(wanted: readonly string[]) {
      const out = new Map<string, bigint[]>();
      for (const topic of wanted) {
        const ids = idsOf.get(topic) ?? [];
        out.set(topic, ids.length === 0 ? [] : failing(() => db.prepare(`SELECT timestamp FROM messages WHERE topic_id IN (${inList(ids)}) ORDER BY timestamp`).pluck().safeIntegers(true).all(...ids) as bigint[]));
      }
      return out;
    },
    close: async () => {
      db.close();
    },
  };
}

/** A rosbag2 sqlite3 recording: its .db3 split files, in order, as one log. Throws naming the file that cannot be read. */
export function openSqliteBag(name: string, files: readonly string[]): RobotLog {
  const logs: RobotLog[] = [];
  try {
    for (const file of files) logs.push(openSqliteBagFile(file));
  } catch (e) {
    for (const l of logs) void l.close();
    throw e;
  }
  return concatLogs(name, logs);
}
