// Request documents for the CLI from files or stdin: documents back to back, or
// one id per line for Delete; split as they stream in (connector/xml/split.ts).
import { createReadStream } from 'node:fs';
import type { InputDocument } from '../connector/operation';
import { splitDocuments } from '../connector/xml/split';
import { FileAccessError, isSystemError } from './errors';

/** The documents of each file in turn, as they are read; a broken one carries its problem. */
export async function* streamInputs(files: string[], root: string): AsyncGenerator<InputDocument> {
  for (const file of files) {
    const name = file === '-' ? 'stdin' : file;
    let i = 0;
    for await (const piece of readable(name, splitDocuments(file === '-' ? process.stdin : createReadStream(file), { root, lines: true }))) {
      const source = `${name}#${++i}`;
      if (piece.problem !== undefined) yield { problem: piece.problem, source };
      else if (piece.text !== undefined) yield { id: piece.text, xml: piece.text, source };
      else yield { xml: piece.xml, source };
    }
  }
}

/** A file that cannot be read (missing, a directory, no permission) is the command's error, not a document's. */
async function* readable<T>(name: string, pieces: AsyncIterable<T>): AsyncGenerator<T> {
  try {
    yield* pieces;
  } catch (err) {
    if (isSystemError(err)) throw new FileAccessError(`--input ${name}`, err);
    throw err;
  }
}

export async function readInputs(files: string[], root: string): Promise<InputDocument[]> {
  const docs: InputDocument[] = [];
  for await (const doc of streamInputs(files, root)) docs.push(doc);
  return docs;
}
