/**
 * Search attributes make conferences listable (`temporal workflow list --query ...`, the Web UI,
 * `kehoach list`). The engine's start and the test setup register them; the workflows upsert them.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** The conference a workflow belongs to (parent and children alike). */
export const ConferenceIdKey = defineSearchAttributeKey('KehoachConference', SearchAttributeType.KEYWORD);
/** The responsibility a child workflow runs; absent on the parent. */
export const ResponsibilityKey = defineSearchAttributeKey('KehoachResponsibility', SearchAttributeType.KEYWORD);
/** Units that still have open tasks, so a unit can list where it is awaited. */
export const OpenUnitsKey = defineSearchAttributeKey('KehoachOpenUnits', SearchAttributeType.KEYWORD_LIST);
/** Tasks past their deadline and not done. */
export const OverdueCountKey = defineSearchAttributeKey('KehoachOverdueCount', SearchAttributeType.INT);
/** running | completed | cancelled. */
export const StatusKey = defineSearchAttributeKey('KehoachStatus', SearchAttributeType.KEYWORD);

export const SEARCH_ATTRIBUTES = [ConferenceIdKey, ResponsibilityKey, OpenUnitsKey, OverdueCountKey, StatusKey];
