/**
 * The CLI's calls to the web's HTTP API with an access link's token (`kehoach login`, `--token`):
 * the web authenticates the link and signs the claim; the CLI needs no key and no Temporal access.
 */
import { credentialFor, type Credential } from './credentials';
import { defaultWebUrl } from './links';
import { CliError } from './output';

/**
 * The link a command acts with: `--token` (at `--web`, else the default web address), else the
 * one `kehoach login` kept for the conference when no `--as` is given; undefined for operator mode.
 */
export function linkFor(
  conferenceId: string,
  o: { token?: string; web?: string; as?: string },
): Credential | undefined {
  if (o.token) return { base: o.web ?? defaultWebUrl(), conferenceId, token: o.token };
  return o.as === undefined ? credentialFor(conferenceId) : undefined;
}

/** Neither a link nor --as: what the person can do. */
export function needLink(): CliError {
  return new CliError(
    'as',
    'cần đăng nhập bằng đường liên kết được cấp ("kehoach login <đường liên kết>" hoặc --token), hoặc --as ở chế độ vận hành (cần khóa ký của hệ thống)',
    `sign in with your access link ("kehoach login <link>" or --token), or use --as in operator mode (needs the deployment's signing key)`,
    2,
  );
}

/** The options of a command that can act with a link. */
export const LINK_OPTIONS = [
  ['--token <token>', 'mã của đường liên kết: thao tác qua trang web / access link token: act through the web'],
  ['--web <url>', 'địa chỉ trang web cho --token / the web address for --token'],
] as const;

/** Calls `<base>/api/conferences/<id><path>`; the JSON answer, or a CliError with the web's field and reason. */
export async function webRequest(
  c: Credential,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body?: unknown,
): Promise<unknown> {
  const url = `${c.base.replace(/\/$/, '')}/api/conferences/${c.conferenceId}${path}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${c.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (err) {
    throw new CliError(
      'web',
      `không kết nối được trang web tại ${c.base}`,
      `cannot reach the web at ${c.base} (${err instanceof Error ? err.message : String(err)})`,
      1,
    );
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (res.ok) return json;
  const error = (json as { error?: { field?: string; message?: { vi?: string; en?: string } } } | undefined)?.error;
  throw new CliError(
    error?.field ?? 'web',
    error?.message?.vi ?? `trang web trả lời ${res.status}`,
    error?.message?.en ?? `the web answered ${res.status}`,
    1,
  );
}
