/**
 * The callers' half of identity claims (domain/claims.ts): who signs, and the client interceptor
 * that puts a signed claim in the header of every Update and Signal that needs one.
 *
 * - A signer is the deployment's key and who it vouches for: an operator (the CLI with the key,
 *   `npm start`'s demo and rehearsal, the bench, tests), or the person the web authenticated by
 *   an access link (role and unit from the link, never from the request).
 * - The claim is made from the message itself (conference from the workflow id, unit, person,
 *   request id and task from the payload), so every client function of ./conference,
 *   ./access-links and ./request-ids is claimed without taking a claim argument.
 * - A caller acts as someone else than the client's default signer with `actingAs(signer, fn)`
 *   (the web does, per request); the claim is signed for what `fn` sends.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type {
  Next,
  WorkflowClientInterceptor,
  WorkflowSignalInput,
  WorkflowStartUpdateInput,
  WorkflowStartUpdateOutput,
} from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import {
  CLAIM_HEADER,
  CLAIM_LIFETIME_MS,
  claimDemand,
  conferenceOfWorkflowId,
  type Claim,
  type ClaimRole,
  type SignedClaim,
} from '../domain/claims';
import { ErrorType, refusal } from '../domain/errors';
import { canonicalJson } from '../domain/signature';
import { signTextNative } from './native-signature';
import { loadSigningKey, signingKeyPath, type SigningKey } from './signing-key';

export interface ClaimSigner {
  key: SigningKey;
  role: ClaimRole;
  /** The access link the web authenticated (unit and organizer roles). */
  linkId?: string;
  /** The unit the link is for: the claim says this unit whatever the payload says. */
  unitId?: string;
}

/** An operator: whoever holds the deployment's key, acting as the unit the payload names. */
export function operatorSigner(key: SigningKey): ClaimSigner {
  return { key, role: 'operator' };
}

/** The holder of an access link, as the web authenticated it. */
export function linkSigner(key: SigningKey, link: { linkId: string; unitId: string; role: ClaimRole }): ClaimSigner {
  return { key, role: link.role, linkId: link.linkId, unitId: link.unitId };
}

/**
 * The operator signer of these settings: the deployment's key (made at first use when `create`),
 * or undefined when there is none and `create` is false.
 */
export function defaultOperatorSigner(env: NodeJS.ProcessEnv = process.env, create = true): ClaimSigner | undefined {
  try {
    return operatorSigner(loadSigningKey(env, create));
  } catch (err) {
    if (!create && /no signing key/.test(String((err as Error).message))) return undefined;
    throw err;
  }
}

const acting = new AsyncLocalStorage<ClaimSigner>();

/** Runs `fn` with its Updates and Signals claimed by `signer` instead of the client's default. */
export function actingAs<T>(signer: ClaimSigner, fn: () => Promise<T>): Promise<T> {
  return acting.run(signer, fn);
}

/** A claim for one message, signed (or undefined when the message needs no claim). */
export function claimFor(
  signer: ClaimSigner,
  workflowId: string,
  name: string,
  args: readonly unknown[],
  nowMs = Date.now(),
): SignedClaim | undefined {
  const demand = claimDemand(name, args);
  const conferenceId = conferenceOfWorkflowId(workflowId);
  if (!demand || !conferenceId) return undefined;
  const claim: Claim = {
    v: 1,
    conferenceId,
    unitId: signer.unitId ?? demand.unitId ?? '',
    person: demand.person ?? '',
    role: signer.role,
    ...(signer.linkId ? { linkId: signer.linkId } : {}),
    ...(signer.role === 'operator' ? { keyFingerprint: signer.key.fingerprint } : {}),
    requestId: demand.requestId ?? '',
    ...(demand.taskId !== undefined ? { taskId: demand.taskId } : {}),
    expiresAt: new Date(nowMs + CLAIM_LIFETIME_MS).toISOString(),
  };
  // domain/claims.ts's signClaim, with Node's native Ed25519 (same bytes, less CPU per Update).
  return { claim, signature: signTextNative(canonicalJson(claim), signer.key.secretKey) };
}

/** Why nothing was sent: no key to sign with. */
export function noSigningKey(env: NodeJS.ProcessEnv = process.env) {
  const path = signingKeyPath(env);
  return refusal(
    ErrorType.InvalidClaim,
    'claim',
    `không có khóa ký tại ${path}: thao tác bằng --as là chế độ vận hành, cần khóa ký của hệ thống (KEHOACH_SIGNING_KEY hoặc KEHOACH_SIGNING_KEY_FILE); đơn vị và cơ quan tổ chức hãy đăng nhập bằng đường liên kết được cấp: kehoach login <đường liên kết>`,
    `no signing key at ${path}: acting with --as is operator mode and needs the deployment's signing key (KEHOACH_SIGNING_KEY or KEHOACH_SIGNING_KEY_FILE); units and organizers sign in with their access link: kehoach login <link>`,
  );
}

/**
 * Puts the claim in the header of each Update and Signal that needs one. `fallback` is the signer
 * when no `actingAs` is in effect; undefined means the message is refused here, before it leaves.
 */
export class ClaimInterceptor implements WorkflowClientInterceptor {
  constructor(private readonly fallback: () => ClaimSigner | undefined) {}

  private headers<H>(headers: H, workflowId: string, name: string, args: readonly unknown[]): H {
    if (!claimDemand(name, args) || !conferenceOfWorkflowId(workflowId)) return headers;
    const signer = acting.getStore() ?? this.fallback();
    if (!signer) throw noSigningKey();
    const signed = claimFor(signer, workflowId, name, args);
    if (!signed) return headers;
    return { ...headers, [CLAIM_HEADER]: defaultPayloadConverter.toPayload(signed) };
  }

  async startUpdate(
    input: WorkflowStartUpdateInput,
    next: Next<WorkflowClientInterceptor, 'startUpdate'>,
  ): Promise<WorkflowStartUpdateOutput> {
    const headers = this.headers(input.headers, input.workflowExecution.workflowId, input.updateName, input.args);
    return next({ ...input, headers });
  }

  async signal(input: WorkflowSignalInput, next: Next<WorkflowClientInterceptor, 'signal'>): Promise<void> {
    const headers = this.headers(input.headers, input.workflowExecution.workflowId, input.signalName, input.args);
    return next({ ...input, headers });
  }
}
