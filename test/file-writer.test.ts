// Files written on the writer thread: every file with its text as UTF-8, the caller held back when
// too many are queued, and a failed write named by its path, refusing what follows.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutputWriteError } from '../cli/errors';
import { FileWriter } from '../cli/outputs/file-writer';

it('writes every queued file with its text, and settles once they are on disk', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'writer-'));
  const writer = new FileWriter();
  let heldBack = 0;
  for (let i = 0; i < 10_000; i++) {
    const behind = writer.write(join(dir, `f${i}.txt`), `file ${i}\n`);
    if (behind) {
      heldBack++;
      await behind;
    }
  }
  await writer.settled();
  expect(readdirSync(dir)).toHaveLength(10_000);
  expect(readFileSync(join(dir, 'f0.txt'), 'utf8')).toBe('file 0\n');
  expect(readFileSync(join(dir, 'f9999.txt'), 'utf8')).toBe('file 9999\n');
  // 10,000 files queued without a turn of the event loop outrun the thread: the caller waits.
  expect(heldBack).toBeGreaterThan(0);
  await writer.close();
});

it('writes each text as its UTF-8, whatever its characters and size (one larger than a batch too), under any name', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'writer-'));
  const writer = new FileWriter();
  const texts = ['Grüße aus Berlin 👋 – bis bald!', '', 'x'.repeat(3_000_000), '\u0000\r\n<&>', 'é'.repeat(200_000), '日本語のメッセージ'];
  const names = texts.map((_, i) => `Message-${i}-ünï.xml`);
  for (let round = 0; round < 3; round++) texts.forEach((t, i) => void writer.write(join(dir, names[i]), t + round));
  await writer.close();
  texts.forEach((t, i) => expect(readFileSync(join(dir, names[i])).equals(Buffer.from(t + 2, 'utf8'))).toBe(true));
});

it('a file that cannot be written rejects settled with its path, and the next write throws', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'writer-'));
  mkdirSync(join(dir, 'taken.xml')); // a folder where the file should go
  const writer = new FileWriter();
  writer.write(join(dir, 'a.xml'), 'a');
  writer.write(join(dir, 'taken.xml'), 'b');
  const settled = writer.settled();
  await expect(settled).rejects.toBeInstanceOf(OutputWriteError);
  await expect(settled).rejects.toThrow(`cannot write ${join(dir, 'taken.xml')}: EISDIR`);
  expect(() => writer.write(join(dir, 'c.xml'), 'c')).toThrow(OutputWriteError);
  await expect(writer.close()).rejects.toThrow(/EISDIR/);
  expect(readFileSync(join(dir, 'a.xml'), 'utf8')).toBe('a');
  // Each file is written beside its name and renamed over it: nothing half-written is left.
  expect(readdirSync(dir).sort()).toEqual(['a.xml', 'taken.xml']);
});

it('replaces a file whole: the new text goes beside it and is renamed over it, so a failed write leaves the earlier text', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'writer-'));
  const target = join(dir, 'Message-SM1.xml');
  writeFileSync(target, 'earlier');
  const writer = new FileWriter();
  writer.write(target, 'y'.repeat(1 << 20));
  await writer.settled();
  expect(statSync(target).size).toBe(1 << 20);
  expect(readdirSync(dir)).toEqual(['Message-SM1.xml']);
  // Where the text cannot be written beside it (a folder holds its .partial name), the file
  // itself is untouched: written in place it would have been replaced (or truncated, had it failed).
  mkdirSync(target + '.partial');
  writer.write(target, 'later');
  await expect(writer.settled()).rejects.toThrow(`cannot write ${target}: EISDIR`);
  expect(statSync(target).size).toBe(1 << 20);
  expect(readdirSync(dir).sort()).toEqual(['Message-SM1.xml', 'Message-SM1.xml.partial']);
  await expect(writer.close()).rejects.toThrow(/EISDIR/);
});
