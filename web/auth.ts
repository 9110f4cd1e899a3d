/**
 * Who is asking. Every request carries an access-link token (a cookie set by the link, or
 * `Authorization: Bearer`); the token is checked against the links the conference workflow
 * keeps (hashes only). The links are cached per conference for a few seconds, so a revocation
 * takes effect within that time everywhere, and at once on this server.
 */
import { ErrorType } from '../domain/errors';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { checkToken, listAccessLinks, type LinkCheck } from '../client/access-links';
import type { LinkRole } from '../domain/actions';
import type { AccessLink } from '../domain/views';
import { liveOrArchived, type ArchiveReader } from '../present/record';
import { roleText } from '../present/words';
import type { z } from 'zod';
import { WebError } from './errors';
import type { SessionSchema } from './schemas';

/** The authenticated holder of a link: the unit comes from here, never from the request. */
export type Session = z.infer<typeof SessionSchema>;

export const LINK_CACHE_MS = 3_000;
/** How old a kept list of links must be before an unknown token makes it read again. */
export const LINK_REFRESH_MS = 500;

export class LinkDirectory {
  private readonly cache = new Map<string, { at: number; links: Promise<AccessLink[] | null> }>();

  constructor(
    private readonly client: Client,
    private readonly ttlMs = LINK_CACHE_MS,
    /** Where a conference Temporal has forgotten keeps its links (the archive): its auditors still get in. */
    private readonly archive?: ArchiveReader,
  ) {}

  /** The conference's links, or null when there is no such conference. */
  links(conferenceId: string): Promise<AccessLink[] | null> {
    const hit = this.cache.get(conferenceId);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.links;
    const live = (): Promise<AccessLink[]> => listAccessLinks(this.client, conferenceId);
    const read = this.archive ? liveOrArchived(conferenceId, live, (r) => r.links(), this.archive) : live();
    const links = read.catch((err: unknown) => {
      if (err instanceof WorkflowNotFoundError) return null;
      this.cache.delete(conferenceId);
      throw err;
    });
    this.cache.set(conferenceId, { at: Date.now(), links });
    return links;
  }

  /** Forget a conference's links (after this server issued or revoked one). */
  invalidate(conferenceId: string): void {
    this.cache.delete(conferenceId);
  }

  /**
   * A token not in the kept list is looked up again once, if the list is older than
   * LINK_REFRESH_MS: a link just issued elsewhere (the CLI, another web server) opens at once,
   * while a flood of unknown tokens costs at most a read of the links per conference that often.
   */
  async check(conferenceId: string, token: string): Promise<LinkCheck & { conferenceExists: boolean }> {
    const kept = this.cache.get(conferenceId);
    let links = await this.links(conferenceId);
    if (!links) return { ok: false, reason: 'unknown', conferenceExists: false };
    let checked = checkToken(links, token);
    if (!checked.ok && checked.reason === 'unknown' && kept && Date.now() - kept.at >= LINK_REFRESH_MS) {
      if (this.cache.get(conferenceId) === kept) this.cache.delete(conferenceId);
      links = await this.links(conferenceId);
      if (!links) return { ok: false, reason: 'unknown', conferenceExists: false };
      checked = checkToken(links, token);
    }
    return { ...checked, conferenceExists: true };
  }
}

/** The refusal for a token that does not open this conference now. */
export function linkRefusal(reason: 'none' | 'unknown' | 'expired' | 'revoked'): WebError {
  switch (reason) {
    case 'none':
      return new WebError(
        401,
        ErrorType.NoToken,
        'token',
        'cần đăng nhập bằng đường liên kết được cấp',
        'sign in with the access link you were given',
      );
    case 'unknown':
      return new WebError(
        401,
        ErrorType.UnknownLink,
        'token',
        'đường liên kết không hợp lệ cho hội nghị này',
        'this link does not open this conference',
      );
    case 'expired':
      return new WebError(
        401,
        ErrorType.ExpiredLink,
        'token',
        'đường liên kết đã hết hạn; xin cơ quan tổ chức cấp lại',
        'this link has expired; ask the organizer for a new one',
      );
    case 'revoked':
      return new WebError(
        401,
        ErrorType.RevokedLink,
        'token',
        'đường liên kết đã bị thu hồi; xin cơ quan tổ chức cấp lại',
        'this link has been revoked; ask the organizer for a new one',
      );
  }
}

export function roleRefusal(session: Session, allowed: readonly LinkRole[]): WebError {
  return new WebError(
    403,
    ErrorType.Forbidden,
    'role',
    `đường liên kết của "${session.unitId}" (${roleText(session.role, 'vi')}) không được làm việc này (cần: ${allowed.map((r) => roleText(r, 'vi')).join(', ')})`,
    `the link of "${session.unitId}" (${roleText(session.role, 'en')}) may not do this (needs: ${allowed.map((r) => roleText(r, 'en')).join(', ')})`,
  );
}

/** The token of an `Authorization: Bearer …` header, if any. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1];
}
