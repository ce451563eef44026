/**
 * Writing report files: atomically (a reader never sees half a report, an interrupted run never leaves one), and
 * telling the caller which files a reporter wrote.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Reporter, RunEndEvent } from '../runner/model/events.ts';
import type { RunReport } from '../runner/model/report.ts';

/** A reporter that writes files, and lists the absolute paths it wrote (so far). */
export interface FileReporter extends Reporter {
  readonly outputFiles: readonly string[];
}

/** True when `reporter` lists the files it writes. */
export function isFileReporter(reporter: Reporter): reporter is FileReporter {
  return Array.isArray((reporter as Partial<FileReporter>).outputFiles);
}

/** What a file reporter renders: the whole text, or its pieces in order (written as they come, never joined). */
export type FileContent = string | Iterable<string>;

/**
 * Pieces are gathered into writes of at most this many bytes: few writes. Pieces are encoded one by one into a buffer
 * (outside the JavaScript heap), so a batch is never one large string.
 */
const WRITE_BATCH_BYTES = 256 * 1024;

/**
 * Writes `content` to `path` through a temporary file in the same folder and a rename, creating the folder first.
 * Pieces are written as they come, a batch at a time, so the whole text never exists at once. The temporary file is
 * removed when the write fails.
 */
export async function writeFileAtomic(path: string, content: FileContent): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
  try {
    if (typeof content === 'string') await writeFile(temp, content, 'utf8');
    else await writePieces(temp, content);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

async function writePieces(file: string, pieces: Iterable<string>): Promise<void> {
  const handle = await open(file, 'w');
  try {
    // Pieces are encoded into one buffer, reused from batch to batch (what a write of each string would do, without a
    // buffer per piece), and each batch goes out in one write once the buffer may not hold the next piece. A piece
    // too large for the buffer is encoded on its own. UTF-8 takes at most 3 bytes per UTF-16 code unit.
    const buffer = Buffer.allocUnsafe(WRITE_BATCH_BYTES);
    let used = 0;
    for (const piece of pieces) {
      if (used + piece.length * 3 > WRITE_BATCH_BYTES) {
        if (used > 0) await writeAll(handle, buffer, used);
        used = 0;
        if (piece.length * 3 > WRITE_BATCH_BYTES) {
          const bytes = Buffer.from(piece, 'utf8');
          await writeAll(handle, bytes, bytes.length);
          continue;
        }
      }
      used += buffer.write(piece, used, 'utf8');
    }
    if (used > 0) await writeAll(handle, buffer, used);
  } finally {
    await handle.close();
  }
}

/** Writes the first `length` bytes of `bytes`, however many writes that takes (a write may take fewer). */
async function writeAll(handle: FileHandle, bytes: Buffer, length: number): Promise<void> {
  let offset = 0;
  while (offset < length) offset += (await handle.write(bytes, offset, length - offset)).bytesWritten;
}

/**
 * A reporter that renders the complete report into one file of `outputDir` when the run ends, written atomically and
 * listed in `outputFiles`. Every file-writing reporter (json, junit, html, markdown) is one of these.
 */
export function createReportFileReporter(name: string, outputDir: string, fileName: string, render: (report: RunReport) => FileContent): FileReporter {
  const path = resolve(join(outputDir, fileName));
  const outputFiles: string[] = [];
  return {
    name,
    outputFiles,
    async onRunEnd(event: RunEndEvent): Promise<void> {
      await writeFileAtomic(path, render(event.report));
      if (!outputFiles.includes(path)) outputFiles.push(path);
    },
  };
}
