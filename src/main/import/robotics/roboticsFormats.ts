import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DatasetRootError } from '../../../core/importers/datasetFiles';
import type { DatasetImport } from '../../../core/importers/importReport';
import type { ByteSource } from '../../../core/io/byteSource';
import { fileSource } from '../../services/stores/fileSource';
import { httpSource } from '../../services/stores/httpSource';
import { s3Source } from '../../services/stores/s3Source';
import { parseS3Location, s3ClientFor, s3OptionsFromEnv } from '../../services/stores/s3Store';
import { locationKind } from '../../services/stores/storeFactory';
import { openMcapLog } from './mcapLog';
import { importRoboticsLogs, type RoboticsImportOptions } from './roboticsImport';
import { openRosbagLog } from './rosbagLog';
import { concatLogs, type RobotLog } from './robotLog';
import { openSqliteBag } from './sqliteBagLog';

export type RoboticsFormat = 'mcap' | 'rosbag' | 'rosbag2';

const natural = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true });

/**
 * The logs a path holds for a format: the file itself, or the folder's .mcap / .bag files (one
 * scene each); a rosbag2 folder's split .mcap (or sqlite3 .db3) files are one recording. Throws a
 * DatasetRootError naming the path when there is none.
 */
export async function openRobotLogs(format: RoboticsFormat, input: string): Promise<RobotLog[]> {
  const extension = format === 'rosbag' ? '.bag' : '.mcap';
  const open = format === 'rosbag' ? openRosbagLog : openMcapLog;
  if (locationKind(input) !== 'local') {
    // A log behind HTTP(S) or in a bucket: one file, read by range requests through its index.
    try {
      return [await open(remoteSource(input))];
    } catch (e) {
      throw new DatasetRootError(input, (e as Error).message.replace(/^[^:]*:\/\/[^ ]*: /, ''));
    }
  }
  const stat = await fs.stat(input).catch((e: NodeJS.ErrnoException) => {
    throw new DatasetRootError(input, `cannot read (${e.code ?? e.message})`);
  });
  let files: string[];
  if (stat.isDirectory()) {
    const names = (await fs.readdir(input)).sort(natural);
    files = names.filter((n) => n.toLowerCase().endsWith(extension)).map((n) => path.join(input, n));
    if (files.length === 0 && format === 'rosbag2') {
      // A rosbag2 recording stored with the sqlite3 plugin (the default up to Humble): its .db3 splits in order.
      const splits = names.filter((n) => n.toLowerCase().endsWith('.db3')).map((n) => path.join(input, n));
      if (splits.length > 0) {
        // Compressed per message, each row's data is a zstd frame, not CDR: refused as a whole rather than every topic failing to decode.
        const metadata = await fs.readFile(path.join(input, 'metadata.yaml'), 'utf8').catch(() => '');
        const compression = /^[ \t]*compression_format:[ \t]*["']?([A-Za-z0-9_]+)/m.exec(metadata)?.[1];
        if (compression) {
          throw new DatasetRootError(input, `a rosbag2 sqlite3 recording compressed with ${compression} (metadata.yaml compression_format): Cairn reads uncompressed .db3 files; convert it with \`ros2 bag convert\` (no compression, or storage_id: mcap)`);
        }
        try {
          return [openSqliteBag(input, splits)];
        } catch (e) {
          throw new DatasetRootError(input, withoutInput(input, (e as Error).message));
        }
      }
    }
    if (files.length === 0) throw new DatasetRootError(input, `no ${extension}${format === 'rosbag2' ? ' or .db3' : ''} file in the folder`);
  } else files = [input];
  const logs: RobotLog[] = [];
  try {
    for (const file of files) logs.push(await open(fileSource(file)));
  } catch (e) {
    await Promise.all(logs.map((l) => l.close()));
    throw new DatasetRootError(input, withoutInput(input, (e as Error).message));
  }
  return format === 'rosbag2' && stat.isDirectory() ? [concatLogs(input, logs)] : logs;
}

/** An error about the input without the input's own name in front (the DatasetRootError names it); a split file's name is kept. */
function withoutInput(input: string, message: string): string {
  return message.startsWith(`${input}: `) ? message.slice(input.length + 2) : message;
}

/**
 * Which robotics format a location holds: a .bag or .mcap file (or URL) by its name, a folder by
 * its files (split .mcap files beside a metadata.yaml are one rosbag2 recording). Throws a
 * DatasetRootError naming the location when it holds no log.
 */
export async function logFormatAt(location: string): Promise<RoboticsFormat> {
  const name = location.trim().replace(/[?#].*$/, '');
  if (/\.bag$/i.test(name)) return 'rosbag';
  if (/\.mcap$/i.test(name)) return 'mcap';
  if (locationKind(name) !== 'local') throw new DatasetRootError(location, 'not a .mcap or .bag file');
  const names = await fs.readdir(name).catch((e: NodeJS.ErrnoException) => {
    throw new DatasetRootError(location, `cannot read (${e.code ?? e.message})`);
  });
  // A rosbag2 folder whatever its storage (MCAP, or sqlite3 .db3 files).
  if (names.includes('metadata.yaml') && names.some((n) => /\.(mcap|db3)$/i.test(n))) return 'rosbag2';
  if (names.some((n) => n.toLowerCase().endsWith('.mcap'))) return 'mcap';
  if (names.some((n) => n.toLowerCase().endsWith('.bag'))) return 'rosbag';
  throw new DatasetRootError(location, 'no .mcap or .bag file in the folder');
}

/**
 * A location picked as a ROS 2 bag: a local folder with the recording's metadata.yaml and its
 * .mcap (or .db3) files. Throws a DatasetRootError naming the location, and what it is instead,
 * when it is not one.
 */
export async function checkRosbag2Folder(location: string): Promise<void> {
  const what = 'a ROS 2 bag is a folder holding metadata.yaml and the recording (.mcap or .db3 files)';
  if (locationKind(location) !== 'local') throw new DatasetRootError(location, `not a ROS 2 bag folder: ${what}, on this machine`);
  const stat = await fs.stat(location).catch((e: NodeJS.ErrnoException) => {
    throw new DatasetRootError(location, `cannot read (${e.code ?? e.message})`);
  });
  if (!stat.isDirectory()) throw new DatasetRootError(location, `not a folder: ${what}`);
  const names = await fs.readdir(location);
  const logs = names.filter((n) => /\.(mcap|bag)$/i.test(n));
  if (!names.includes('metadata.yaml')) {
    throw new DatasetRootError(location, `not a ROS 2 bag: no metadata.yaml in the folder${logs.length ? ` (it holds ${logs.length} log file${logs.length > 1 ? 's' : ''}: open the folder with Open instead)` : ''}`);
  }
  if (!names.some((n) => /\.(mcap|db3)$/i.test(n))) throw new DatasetRootError(location, 'not a ROS 2 bag: metadata.yaml but no .mcap or .db3 file beside it');
}

/** `cairn import mcap|rosbag|rosbag2`: the logs at `input` as scenes written under options.outDir. */
export async function importRobotics(format: RoboticsFormat, input: string, options: RoboticsImportOptions): Promise<DatasetImport> {
  const logs = await openRobotLogs(format, input);
  try {
    return await importRoboticsLogs(format, input, logs, options);
  } finally {
    await Promise.all(logs.map((l) => l.close()));
  }
}

/** The topics of every log at `input`, one line each: topic, type, encoding, message count. */
export async function listRobotTopics(format: RoboticsFormat, input: string): Promise<string> {
  const logs = await openRobotLogs(format, input);
  try {
    const lines: string[] = [];
    for (const log of logs) {
      lines.push(`${log.name} (${log.format}, ${log.topics.length} topics)`);
      const width = Math.max(5, ...log.topics.map((t) => t.topic.length));
      const typeWidth = Math.max(4, ...log.topics.map((t) => t.type.length));
      for (const t of log.topics) lines.push(`  ${t.topic.padEnd(width)}  ${t.type.padEnd(typeWidth)}  ${t.encoding.padEnd(4)}  ${t.count}`);
    }
    return `${lines.join('\n')}\n`;
  } finally {
    await Promise.all(logs.map((l) => l.close()));
  }
}

/** An http(s):// or s3:// log as a ByteSource (S3 credentials and endpoint from the environment, as `cairn serve` takes them). */
function remoteSource(location: string): ByteSource {
  if (locationKind(location) === 'http') return httpSource(location);
  const { bucket, key } = parseS3Location(location);
  return s3Source(s3ClientFor(s3OptionsFromEnv()), bucket, key);
}
