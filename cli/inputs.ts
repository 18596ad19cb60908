// Request documents for the CLI from files or stdin: documents back to back, or
// one id per line for Delete.
import { readFile } from 'node:fs/promises';
import type { InputDocument } from '../connector/operation';

export function splitDocuments(text: string, root: string): string[] {
  const trimmed = text.trim();
  if (!trimmed) return [];
  if (!trimmed.startsWith('<')) return trimmed.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const withoutProlog = trimmed.replace(/^<\?xml[^>]*\?>\s*/, '');
  const pattern = new RegExp(`<${root}(?:\\s[^>]*)?/>|<${root}(?:\\s[^>]*)?>[\\s\\S]*?</${root}\\s*>`, 'g');
  const docs = withoutProlog.match(pattern);
  // Anything that is not a run of <Root> documents goes whole to the parser, which names the problem.
  if (!docs || docs.join('').replace(/\s+/g, '') !== withoutProlog.replace(/\s+/g, '')) return [trimmed];
  return docs;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function readInputs(files: string[], root: string): Promise<InputDocument[]> {
  const docs: InputDocument[] = [];
  for (const file of files) {
    const text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
    const parts = splitDocuments(text, root);
    parts.forEach((part, i) => {
      const source = `${file === '-' ? 'stdin' : file}#${i + 1}`;
      docs.push(part.trim().startsWith('<') ? { xml: part, source } : { id: part.trim(), xml: part.trim(), source });
    });
  }
  return docs;
}
