/**
 * Registers Kehoach's search attributes on the namespace if they are missing. Used by
 * `npm start`, the standalone worker and the test setup, against the dev server and clusters alike.
 */
import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import { SearchAttributeType } from '@temporalio/common';
import { SEARCH_ATTRIBUTES } from '../domain/search-attributes';

type IndexedValueType = proto.temporal.api.enums.v1.IndexedValueType;

/** The server's type of each attribute type, read at first use (the protos are heavy to load). */
function protoTypes(): Record<string, IndexedValueType> {
  // @temporalio/proto is CommonJS: take the namespace from its default export under ESM.
  const IndexedValueType = proto.temporal.api.enums.v1.IndexedValueType;
  return {
    [SearchAttributeType.KEYWORD]: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
    [SearchAttributeType.KEYWORD_LIST]: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
    [SearchAttributeType.INT]: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  };
}

/** Adds the missing attributes and returns the names it added (none when all were there). */
export async function ensureSearchAttributes(client: Client): Promise<string[]> {
  const { operatorService } = client.connection;
  const existing = await operatorService.listSearchAttributes({ namespace: client.options.namespace });
  const known = new Set(Object.keys(existing.customAttributes ?? {}));
  const missing = SEARCH_ATTRIBUTES.filter((k) => !known.has(k.name));
  if (missing.length === 0) return [];
  const searchAttributes: Record<string, IndexedValueType> = {};
  const protoType = protoTypes();
  for (const key of missing) {
    const type = protoType[key.type];
    if (type === undefined) throw new Error(`No indexed type for search attribute ${key.name}`);
    searchAttributes[key.name] = type;
  }
  await operatorService.addSearchAttributes({ namespace: client.options.namespace, searchAttributes });
  return missing.map((k) => k.name);
}
