/**
 * Page language: Vietnamese by default, English on request (`?lang=en`, remembered in a cookie).
 * The words themselves are the presenters' (present/words), shared with the CLI.
 */
import type { Lang } from '../domain/time';

export type { Lang };
export { countdown, roleText, say, stateLabel as stateText } from '../present/words';

export function parseLang(v: string | undefined | null): Lang | undefined {
  return v === 'vi' || v === 'en' ? v : undefined;
}
