// Request documents for the CLI from files or stdin: documents back to back, or
// one id per line for Delete; split as they stream in (connector/xml/split.ts).
import { createReadStream } from 'node:fs';
import type { InputDocument } from '../connector/operation';
import { splitDocuments } from '../connector/xml/split';

/** The documents of each file in turn, as they are read; a broken one carries its problem. */
export async function* streamInputs(files: string[], root: string): AsyncGenerator<InputDocument> {
  for (const file of files) {
    const name = file === '-' ? 'stdin' : file;
    let i = 0;
    for await (const piece of splitDocuments(file === '-' ? process.stdin : createReadStream(file), { root, lines: true })) {
      const source = `${name}#${++i}`;
      if (piece.problem !== undefined) yield { problem: piece.problem, source };
      else if (piece.text !== undefined) yield { id: piece.text, xml: piece.text, source };
      else yield { xml: piece.xml, source };
    }
  }
}

export async function readInputs(files: string[], root: string): Promise<InputDocument[]> {
  const docs: InputDocument[] = [];
  for await (const doc of streamInputs(files, root)) docs.push(doc);
  return docs;
}
