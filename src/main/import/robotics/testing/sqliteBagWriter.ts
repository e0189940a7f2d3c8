import Database from 'better-sqlite3';
import type { FixtureMessage } from './logWriters';
import { fullDefinition, writerFor } from './rosDefinitions';

/**
 * Test support: one .db3 file of a rosbag2 recording as the sqlite3 storage plugin writes it
 * (schema, metadata, topics, messages with its timestamp index), CDR payloads; with
 * `definitions`, also the message_definitions table Iron and later add (Humble has none).
 */
export function writeSqliteBag(file: string, messages: readonly FixtureMessage[], options: { definitions: boolean }): void {
  const db = new Database(file);
  try {
    db.exec(`
      CREATE TABLE schema(schema_version INTEGER PRIMARY KEY, ros_distro TEXT NOT NULL);
      CREATE TABLE metadata(id INTEGER PRIMARY KEY, metadata_version INTEGER NOT NULL, metadata TEXT NOT NULL);
      CREATE TABLE topics(id INTEGER PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL, serialization_format TEXT NOT NULL, offered_qos_profiles TEXT NOT NULL);
      CREATE TABLE messages(id INTEGER PRIMARY KEY, topic_id INTEGER NOT NULL, timestamp INTEGER NOT NULL, data BLOB NOT NULL);
      CREATE INDEX timestamp_idx ON messages (timestamp ASC);
    `);
    db.prepare('INSERT INTO schema VALUES (?, ?)').run(options.definitions ? 4 : 3, options.definitions ? 'iron' : 'humble');
    if (options.definitions) {
      db.exec('CREATE TABLE message_definitions(id INTEGER PRIMARY KEY, topic_type TEXT NOT NULL, encoding TEXT NOT NULL, encoded_message_definition TEXT NOT NULL, type_description_hash TEXT NOT NULL)');
    }
    const topics = new Map<string, { id: number; write: (m: unknown) => Uint8Array }>();
    const addTopic = db.prepare('INSERT INTO topics (name, type, serialization_format, offered_qos_profiles) VALUES (?, ?, ?, ?)');
    const addDefinition = options.definitions ? db.prepare('INSERT INTO message_definitions (topic_type, encoding, encoded_message_definition, type_description_hash) VALUES (?, ?, ?, ?)') : null;
    const defined = new Set<string>();
    const addMessage = db.prepare('INSERT INTO messages (topic_id, timestamp, data) VALUES (?, ?, ?)');
    db.transaction(() => {
      for (const m of messages) {
        let topic = topics.get(m.topic);
        if (!topic) {
          const type = m.type.replace('/', '/msg/');
          topic = { id: Number(addTopic.run(m.topic, type, 'cdr', '').lastInsertRowid), write: writerFor(m.type, 'ros2') };
          topics.set(m.topic, topic);
          if (addDefinition && !defined.has(type)) {
            defined.add(type);
            addDefinition.run(type, 'ros2msg', fullDefinition(m.type, 'ros2'), '');
          }
        }
        addMessage.run(topic.id, m.logTime, topic.write(m.message));
      }
    })();
  } finally {
    db.close();
  }
}
