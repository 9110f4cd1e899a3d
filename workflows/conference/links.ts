/**
 * The access links the conference has issued to the web, kept in the workflow so that issuing
 * and revoking stand in history (who, when) and outlive any web server. Apart from the rest of
 * the conference's state because a link's rules (a request id answers once, a link id or token
 * is never given twice, a link is revoked once) concern access, not the plan.
 */
import type { IssueLink, RevokeLink } from '../../domain/actions';
import type { Plan } from '../../domain/plan/schema';
import type { AccessLink } from '../../domain/views';
import { refuse } from './refusals';

export class AccessLinkBook {
  readonly links: AccessLink[] = [];
  /** Request ids of link commands already applied, with the link they answered. */
  private readonly requests = new Map<string, string>();

  /** True for a request already applied: it is answered again, not checked again. */
  answered(requestId: string): boolean {
    return this.requests.has(requestId);
  }

  /** Refuses a link for a unit the plan does not have, or one that repeats a link or its token. */
  checkIssue(input: IssueLink, units: Plan['units']): void {
    if (!units.some((u) => u.id === input.unitId)) throw refuse.unknownUnit(input.unitId);
    if (this.links.some((l) => l.linkId === input.linkId || l.tokenHash === input.tokenHash)) throw refuse.linkExists();
  }

  /** Records a checked link; a repeated request gets the link it first issued. */
  issue(input: IssueLink, planNow: string): AccessLink {
    const known = this.requests.get(input.requestId);
    const existing = known ? this.links.find((l) => l.linkId === known) : undefined;
    if (existing) return existing;
    const link: AccessLink = {
      linkId: input.linkId,
      unitId: input.unitId,
      role: input.role,
      tokenHash: input.tokenHash,
      expiresAt: input.expiresAt,
      issuedBy: input.actor,
      issuedAt: planNow,
    };
    this.links.push(link);
    this.requests.set(input.requestId, link.linkId);
    return link;
  }

  /** Refuses to revoke a link that does not exist or is already revoked. */
  checkRevoke(input: RevokeLink): void {
    const link = this.links.find((l) => l.linkId === input.linkId);
    if (!link) throw refuse.unknownLink(input.linkId);
    if (link.revokedAt) throw refuse.linkRevoked();
  }

  /** Revokes a checked link once; a repeated request returns it as it is. */
  revoke(input: RevokeLink, planNow: string): AccessLink {
    const link = this.links.find((l) => l.linkId === input.linkId) as AccessLink;
    if (!this.requests.has(input.requestId)) {
      link.revokedAt = planNow;
      link.revokedBy = input.actor;
      this.requests.set(input.requestId, link.linkId);
    }
    return link;
  }
}
