// A request document given as an object ({ To: '+1…', MediaUrl: ['…', '…'] }) → the
// same RequestDocument the XML reader yields, so both forms meet one set of checks
// (unknown elements, types, required parameters) before any request.
import { InvalidInputError, type ErrorContext } from '../errors';
import type { ProfileElement } from '../profiles/elements';
import { MAX_DEPTH, push, type RequestDocument, type RequestNode } from '../xml/document';
import { isPlainObject, textOf } from './values';

/** Half of a surrogate pair without its other half (an XML document cannot hold one; a string can). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function nodeOf(obj: Record<string, unknown>, elements: ProfileElement[] | undefined, path: string, ctx: ErrorContext, depth: number): RequestNode {
  if (depth > MAX_DEPTH) throw new InvalidInputError(path, `nests deeper than ${MAX_DEPTH} levels`, ctx);
  const byName = new Map((elements ?? []).map((e) => [e.name, e]));
  const node: RequestNode = { elements: new Map(), nodes: new Map(), order: [] };
  for (const [name, value] of Object.entries(obj)) {
    if (value === undefined || value === null) continue;
    const at = path ? `${path}.${name}` : name;
    const element = byName.get(name);
    node.order.push(name);
    for (const item of Array.isArray(value) && element?.type !== 'json' ? value : [value]) {
      if (item === undefined || item === null) continue;
      if (isPlainObject(item) && element?.type !== 'json') {
        // Nested elements: the request checks say whether this parameter takes them.
        push(node.nodes, name, nodeOf(item, element?.children, at, ctx, depth + 1));
      } else if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean' || typeof item === 'object') {
        const text = item instanceof Date ? item.toISOString() : textOf(item);
        if (LONE_SURROGATE.test(text)) throw new InvalidInputError(at, 'holds a lone UTF-16 surrogate, which cannot be sent as UTF-8', ctx);
        push(node.elements, name, text);
      } else {
        throw new InvalidInputError(at, `must be a string, number, boolean, array or object, not ${typeof item}`, ctx);
      }
    }
  }
  return node;
}

export function requestDocumentOf(root: string, elements: ProfileElement[], obj: unknown, ctx: ErrorContext): RequestDocument {
  if (!isPlainObject(obj)) throw new InvalidInputError('document', `must be an object of ${root} elements`, ctx);
  return { root, ...nodeOf(obj, elements, '', ctx, 1) };
}
