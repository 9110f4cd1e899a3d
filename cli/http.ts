/**
 * The CLI's calls to the web's HTTP API with an access link's token (`kehoach login`, `--token`):
 * the web authenticates the link and signs the claim; the CLI needs no key and no Temporal access.
 */
import type { Credential } from './credentials';
import { CliError } from './output';

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
