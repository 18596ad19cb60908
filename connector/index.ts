// twilio-connector: the library. `connect(settings)` → a TwilioConnector with
// objectTypes(), describe(), profile(), elements(), toXml()/fromXml(), operation()
// and testConnection(); `catalog()` gives the same views without a connection and
// `manifest()` the declared connection fields, actions and operation options;
// splitDocuments() splits a stream of request documents (one piece per document).
// The embedded sandbox is its own entry: twilio-connector/sandbox.
export {
  connect,
  manifest,
  catalog,
  CatalogView,
  TwilioConnector,
  type ConnectorEvents,
  type ObjectTypeSummary,
  type ObjectTypeDescription,
  type AccountCheck,
} from './library';
export {
  Operation,
  type OperationOptions,
  type InputDocument,
  type OutputDocument,
  type DocumentResult,
  type OperationEvent,
  type ResultStatus,
  type DocumentForm,
} from './operation';
export { settingsFromEnv, settingsFromFile, mergeSettings, hasCredentials, type ConnectionSettings } from './connection';
export { parseFilter, type Filter, type FilterOp } from './query';
export { splitDocuments, splitText, DocumentSplitter, type SplitPiece, type SplitOptions } from './xml/split';
export type { DocumentObject } from './objects/values';
export type { ProfileElement, ProfileKind } from './profiles/elements';
export type { Action } from './catalog/types';
export { ACTIONS } from './catalog/types';
export * from './errors';
export { CatalogError, type Manifest } from './catalog/load';
