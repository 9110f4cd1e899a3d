/**
 * Access links: the organizer gives each unit a link to its inbox. The secret is made here,
 * shown once, and only its SHA-256 hash is sent to the conference workflow, which keeps the
 * links (issued, expiry, revoked) in its state and history.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Actor, LinkRole } from '../domain/actions';
import { accessLinksQuery, issueAccessLinkUpdate, revokeAccessLinkUpdate } from '../domain/messages';
import type { AccessLink } from '../domain/views';
import { conferenceHandle } from './conference';

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Issues a link; returns the stored link and the secret token (shown once, never stored). */
export async function issueAccessLink(
  client: Client,
  conferenceId: string,
  input: { unitId: string; role: LinkRole; validDays: number; actor: Actor },
): Promise<{ link: AccessLink; token: string }> {
  const token = randomBytes(32).toString('base64url');
  const linkId = newLinkId();
  const link = await conferenceHandle(client, conferenceId).executeUpdate(issueAccessLinkUpdate, {
    args: [
      {
        linkId,
        unitId: input.unitId,
        role: input.role,
        tokenHash: hashToken(token),
        expiresAt: new Date(Date.now() + input.validDays * 86_400_000).toISOString(),
        actor: input.actor,
        requestId: `link-${linkId}`,
      },
    ],
  });
  return { link, token };
}

export async function revokeAccessLink(
  client: Client,
  conferenceId: string,
  linkId: string,
  actor: Actor,
): Promise<AccessLink> {
  return conferenceHandle(client, conferenceId).executeUpdate(revokeAccessLinkUpdate, {
    args: [{ linkId, actor, requestId: `revoke-${linkId}` }],
  });
}

export async function listAccessLinks(client: Client, conferenceId: string): Promise<AccessLink[]> {
  return conferenceHandle(client, conferenceId).query(accessLinksQuery);
}

export type LinkCheck =
  { ok: true; link: AccessLink } | { ok: false; reason: 'unknown' | 'expired' | 'revoked'; link?: AccessLink };

/** Finds the link a token belongs to and says whether it may be used now (wall clock). */
export function checkToken(links: readonly AccessLink[], token: string, nowMs = Date.now()): LinkCheck {
  const hash = Buffer.from(hashToken(token), 'hex');
  const link = links.find((l) => timingSafeEqual(Buffer.from(l.tokenHash, 'hex'), hash));
  if (!link) return { ok: false, reason: 'unknown' };
  if (link.revokedAt) return { ok: false, reason: 'revoked', link };
  if (Date.parse(link.expiresAt) <= nowMs) return { ok: false, reason: 'expired', link };
  return { ok: true, link };
}

/**
 * A link's public id: 9 random bytes, base64url, never starting with "-" — people type it after
 * `kehoach link revoke`, where a leading dash reads as an option (1 id in 64 did).
 */
export function newLinkId(): string {
  for (;;) {
    const id = randomBytes(9).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
