/**
 * Report files written from pieces (reports/output-file.ts): the pieces are encoded into one reused buffer and written
 * a batch at a time, so the file must hold exactly their joined text as UTF-8 — across batch boundaries, with
 * characters of every UTF-8 length, and with pieces larger than the buffer.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../reports/output-file.ts';

describe('writeFileAtomic with pieces', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'settlekit-output-file-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the joined pieces byte for byte, whatever their sizes and characters', async () => {
    const pieces = [
      '{',
      ...Array.from({ length: 400 }, (_, i) => `"k${i}": "${'é—'.repeat(i)}😀${'a'.repeat(i * 7)}",\n`),
      // Larger than the write buffer on its own, in every UTF-8 length.
      'x'.repeat(300 * 1024),
      '—'.repeat(100 * 1024),
      '',
      '😀'.repeat(50 * 1024),
      '}\n',
    ];
    const file = join(dir, 'nested', 'report.json');
    await writeFileAtomic(file, pieces);
    const written = await readFile(file);
    expect(written.equals(Buffer.from(pieces.join(''), 'utf8'))).toBe(true);
    // Atomic: only the file itself is left, no temporary one.
    expect(await readdir(join(dir, 'nested'))).toEqual(['report.json']);
  });

  it('writes a generator of pieces as it yields them', async () => {
    function* pieces(): Generator<string> {
      for (let i = 0; i < 5000; i++) yield `${i}ü\n`;
    }
    const file = join(dir, 'lines.txt');
    await writeFileAtomic(file, pieces());
    expect(await readFile(file, 'utf8')).toBe([...pieces()].join(''));
  });
});
