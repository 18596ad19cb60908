// Request documents for the CLI from files or stdin: documents back to back, one id per
// line for Delete, or JSON lines (a document object per line, or the RECORD lines
// --format jsonl writes); split as they stream in (connector/xml/split.ts).
import { createReadStream } from 'node:fs';
import { isJsonObject } from '../connector/http/client';
import type { DocumentObject } from '../connector/objects/values';
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
      else if (piece.text?.startsWith('{')) {
        const doc = jsonLine(piece.text, root);
        if (doc !== undefined) yield { ...doc, source };
        else i--; // a RESULT line: no document, and no number of one
      } else if (piece.text !== undefined) yield { id: piece.text, xml: piece.text, source };
      else yield { xml: piece.xml, source };
    }
  }
}

/**
 * A JSON line as a document: the object itself, or the record of a RECORD line as
 * --format jsonl writes it (of this object type); a RESULT line is none (undefined).
 */
function jsonLine(text: string, root: string): Pick<InputDocument, 'data' | 'problem'> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { problem: `is not a JSON line: ${(err as Error).message}` };
  }
  if (!isJsonObject(value)) return { problem: 'is not a JSON object' };
  if (value.type === 'RESULT') return undefined;
  if (value.type !== 'RECORD') return { data: value as DocumentObject };
  if (value.stream !== root) return { problem: `is a RECORD of ${String(value.stream)}, not of ${root}` };
  return isJsonObject(value.record) ? { data: value.record as DocumentObject } : { problem: 'is a RECORD line without its record object' };
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
