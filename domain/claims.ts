/**
 * Who acts, proven: a short-lived claim signed with the deployment's key by the service that
 * authenticated the person (the web, for the link it checked) or by an operator who holds the key.
 * It travels in the Update or Signal header `kehoach-claim`; the workflows verify it themselves
 * (workflows/interceptors.ts) with the public key they were started with, so a caller that can
 * reach Temporal still cannot act as a unit it holds no credential for.
 *
 * Pure and deterministic (workflow-safe): the schema, the text that is signed, and the checks.
 */
import { z } from 'zod';
import type { ActionName } from './actions';
import { ErrorType, refusal } from './errors';
import {
  amendPlanUpdate,
  cancelConferenceUpdate,
  claimRequestIdUpdate,
  issueAccessLinkUpdate,
  revokeAccessLinkUpdate,
  setConferenceDateUpdate,
  taskActionSignal,
  taskActionUpdate,
} from './messages';
import { LIVING_PLAN_ACTIONS } from './task-kinds';
import { canonicalJson, keyFingerprint, signText, verifyText, type PublicKeyHex } from './signature';

/** The header an action's claim travels in (Update and Signal headers). */
export const CLAIM_HEADER = 'kehoach-claim';
/** The memo field holding the public key (hex) a conference and its children verify claims with. */
export const CLAIM_KEY_MEMO = 'kehoachClaimKey';
/** How long a claim is good for once signed: long enough for one request, short enough to be useless later. */
export const CLAIM_LIFETIME_MS = 5 * 60_000;

export const ClaimRoleSchema = z.enum(['unit', 'organizer', 'operator']);
export type ClaimRole = z.infer<typeof ClaimRoleSchema>;

// As long as the payload's values may be (Temporal bounds the header): a claim says what the
// payload says, and the payload's own schema refuses a value too long, under its own name.
const text = z.string();

export const ClaimSchema = z
  .object({
    v: z.literal(1),
    conferenceId: text,
    unitId: text,
    person: text,
    role: ClaimRoleSchema,
    /** The access link the web authenticated (unit and organizer roles). */
    linkId: text.optional(),
    /** The fingerprint of the key an operator signed with (operator role). */
    keyFingerprint: text.optional(),
    requestId: text,
    /** The task, for task actions and request-id claims. */
    taskId: text.optional(),
    /** Real instant (UTC ISO) after which the claim proves nothing. */
    expiresAt: z.iso.datetime(),
  })
  .strict();
export type Claim = z.infer<typeof ClaimSchema>;

export const SignedClaimSchema = z.object({ claim: z.unknown(), signature: z.string().max(200) }).strict();
export interface SignedClaim {
  claim: Claim;
  signature: string;
}

/** Signs a claim with a secret key (hex): the signature covers its canonical JSON. */
export function signClaim(claim: Claim, secretKeyHex: string): SignedClaim {
  return { claim, signature: signText(canonicalJson(claim), secretKeyHex) };
}

/** What the message itself says: the claim must say the same. */
export interface ClaimDemand {
  /** Roles allowed for this message (all three when absent). */
  roles?: readonly ClaimRole[];
  unitId?: string | undefined;
  person?: string | undefined;
  requestId?: string | undefined;
  taskId?: string | undefined;
}

const ORGANIZER: readonly ClaimRole[] = ['organizer', 'operator'];

/** Message names (domain/messages.ts) and what each must be claimed for; others need no claim. */
const TASK_ACTIONS = new Set([taskActionUpdate.name, taskActionSignal.name]);
const ORGANIZER_COMMANDS = new Set([
  setConferenceDateUpdate.name,
  cancelConferenceUpdate.name,
  issueAccessLinkUpdate.name,
  revokeAccessLinkUpdate.name,
  amendPlanUpdate.name,
]);
const REQUEST_ID_CLAIM = claimRequestIdUpdate.name;

/**
 * What a message must be claimed for, read from its payload (the strings in it; a payload that
 * is not the right shape is left to the message's own schema), or undefined when the message
 * needs no claim (queries, the workflows' own signals to each other).
 */
export function claimDemand(name: string, args: readonly unknown[]): ClaimDemand | undefined {
  const p = (args[0] ?? {}) as Record<string, unknown>;
  const actor = (typeof p === 'object' && p !== null ? p.actor : undefined) as Record<string, unknown> | undefined;
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const who = {
    unitId: str(actor?.unitId),
    person: str(actor?.person),
    requestId: str(p?.requestId),
  };
  if (TASK_ACTIONS.has(name)) {
    const action = str(p?.action);
    return {
      ...who,
      taskId: str(p?.taskId),
      // The organizer's changes to the plan around a task (extend, reassign, …): never a unit's link.
      ...(action && LIVING_PLAN_ACTIONS[action as ActionName]?.by === 'organizer' ? { roles: ORGANIZER } : {}),
    };
  }
  if (ORGANIZER_COMMANDS.has(name)) return { ...who, roles: ORGANIZER };
  if (name === REQUEST_ID_CLAIM) return { requestId: str(p?.requestId), taskId: str(p?.taskId) };
  return undefined;
}

/** The conference a workflow id belongs to (`conference:<id>` or `conference:<id>:<responsibility>`). */
export function conferenceOfWorkflowId(workflowId: string): string | undefined {
  const [kind, id] = workflowId.split(':');
  return kind === 'conference' && id ? id : undefined;
}

/** How a claim is shown: "link <id>" or "operator <fingerprint>". */
export function proofText(claim: Pick<Claim, 'role' | 'linkId' | 'keyFingerprint'>): string {
  return claim.role === 'operator' ? `operator ${claim.keyFingerprint ?? '?'}` : `link ${claim.linkId ?? '?'}`;
}

const same = (a: string, b: string): boolean => a.trim().normalize('NFC') === b.trim().normalize('NFC');

const refuseClaim = (vi: string, en: string) => refusal(ErrorType.InvalidClaim, 'claim', vi, en);

/**
 * Verifies a signed claim against the public key, the time, the conference and the message; the
 * claim, or a refusal naming the field `claim` and the reason in each language. Deterministic:
 * `nowMs` is the workflow's time.
 */
export function verifyClaim(
  raw: unknown,
  publicKey: PublicKeyHex,
  expect: { conferenceId: string; nowMs: number; demand: ClaimDemand },
): Claim {
  if (raw === undefined || raw === null)
    throw refuseClaim(
      'Thiếu chứng thực người thao tác: thao tác phải mang chứng thực do hệ thống ký (qua trang web bằng đường liên kết, hoặc người vận hành có khóa ký).',
      'No claim of who acts: the action must carry a claim signed by the deployment (through the web with an access link, or by an operator who holds the signing key).',
    );
  const signed = SignedClaimSchema.safeParse(raw);
  const claim = signed.success ? ClaimSchema.safeParse(signed.data.claim) : undefined;
  if (!signed.success || !claim?.success)
    throw refuseClaim('Chứng thực không đúng định dạng.', 'The claim is malformed.');
  const c = claim.data;
  if (!verifyText(canonicalJson(c), signed.data.signature, publicKey))
    throw refuseClaim(
      `Chữ ký của chứng thực không khớp khóa của hệ thống (${keyFingerprint(publicKey)}): chứng thực giả hoặc do khóa khác ký.`,
      `The claim's signature does not match the deployment's key (${keyFingerprint(publicKey)}): forged, or signed by another key.`,
    );
  const expires = Date.parse(c.expiresAt);
  if (!(expires > expect.nowMs))
    throw refuseClaim(`Chứng thực đã hết hạn lúc ${c.expiresAt}.`, `The claim expired at ${c.expiresAt}.`);
  if (c.conferenceId !== expect.conferenceId)
    throw refuseClaim(
      `Chứng thực dành cho hội nghị "${c.conferenceId}", không phải "${expect.conferenceId}".`,
      `The claim is for conference "${c.conferenceId}", not "${expect.conferenceId}".`,
    );
  const d = expect.demand;
  if (d.roles && !d.roles.includes(c.role))
    throw refuseClaim(
      `Thao tác này cần chứng thực của cơ quan tổ chức hoặc người vận hành; chứng thực là của vai trò "${c.role}".`,
      `This needs the organizer's or an operator's claim; the claim is for role "${c.role}".`,
    );
  if (d.unitId !== undefined && c.unitId !== d.unitId)
    throw refuseClaim(
      `Chứng thực là của đơn vị "${c.unitId}", không phải "${d.unitId}".`,
      `The claim is for unit "${c.unitId}", not "${d.unitId}".`,
    );
  if (d.person !== undefined && !same(c.person, d.person))
    throw refuseClaim(
      `Chứng thực là của người "${c.person}", không phải "${d.person}".`,
      `The claim is for person "${c.person}", not "${d.person}".`,
    );
  if (d.requestId !== undefined && c.requestId !== d.requestId)
    throw refuseClaim(
      `Chứng thực là cho yêu cầu "${c.requestId}", không phải "${d.requestId}".`,
      `The claim is for request "${c.requestId}", not "${d.requestId}".`,
    );
  if (d.taskId !== undefined && c.taskId !== d.taskId)
    throw refuseClaim(
      `Chứng thực là cho công việc "${c.taskId ?? '—'}", không phải "${d.taskId}".`,
      `The claim is for task "${c.taskId ?? '—'}", not "${d.taskId}".`,
    );
  return c;
}
