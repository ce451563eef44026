/**
 * Writing report files: atomically (a reader never sees half a report, an interrupted run never leaves one), and
 * telling the caller which files a reporter wrote.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
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

/**
 * A reporter that renders the complete report into one file of `outputDir` when the run ends, written atomically and
 * listed in `outputFiles`. Every file-writing reporter (json, junit, html, markdown) is one of these.
 */
export function createReportFileReporter(name: string, outputDir: string, fileName: string, render: (report: RunReport) => string): FileReporter {
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
