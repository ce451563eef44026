/**
 * Writing report files: atomically (a reader never sees half a report, an interrupted run never leaves one), and
 * telling the caller which files a reporter wrote.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Reporter } from '../runner/model/events.ts';

/** A reporter that writes files, and lists the absolute paths it wrote (so far). */
export interface FileReporter extends Reporter {
  readonly outputFiles: readonly string[];
}

/** True when `reporter` lists the files it writes. */
export function isFileReporter(reporter: Reporter): reporter is FileReporter {
  return Array.isArray((reporter as Partial<FileReporter>).outputFiles);
}

/**
 * Writes `content` to `path` through a temporary file in the same folder and a rename, creating the folder first.
 * The temporary file is removed when the write fails.
 */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
  try {
    await writeFile(temp, content, 'utf8');
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
