/**
 * The calendar's versions, as data: every announcement on file, each with the version that first
 * carried it, and the version a conference started today runs on. A release that adds a year's
 * announcement adds its file here with `since: CALENDAR_VERSION + 1` and raises
 * `CALENDAR_VERSION`; running conferences then take the new version up at their next workflow
 * task (workflows/rules.ts, `newerCalendar`), and the deadlines it moves are told to the units.
 *
 * This module is the one place a calendar version is defined, so that a test can build a worker
 * whose bundle has one version more (test/fixtures/calendar/versions-next.ts, put in this
 * module's place by the bundler): the same code, a different table. Workflow-safe: plain data.
 */
import { ANNOUNCED_2022 } from './announced/2022';
import { ANNOUNCED_2023 } from './announced/2023';
import { ANNOUNCED_2024 } from './announced/2024';
import { ANNOUNCED_2025 } from './announced/2025';
import { ANNOUNCED_2026 } from './announced/2026';
import type { Announcement } from './types';

/** The calendar a conference started today runs on; raise it with each new announcement file. */
export const CALENDAR_VERSION = 2;

/** Every announcement on file, each with the version that first carried it. */
export const ANNOUNCEMENTS: readonly Announcement[] = [
  ANNOUNCED_2022,
  ANNOUNCED_2023,
  ANNOUNCED_2024,
  ANNOUNCED_2025,
  ANNOUNCED_2026,
];
