/**
 * The CLI's credentials: access links a person signed in with (`kehoach login <link>`), kept in
 * the user's config folder (`$XDG_CONFIG_HOME/kehoach/credentials.json`, else
 * `~/.config/kehoach/…`), readable by its owner only (0600, in a 0700 folder). With one, the CLI
 * acts through the web's HTTP API as the link's unit: the web checks the link and signs the claim.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';

export interface Credential {
  /** The web's address, e.g. https://kehoach.example.gov.vn */
  base: string;
  conferenceId: string;
  token: string;
}

const FileSchema = z.object({
  links: z.array(z.object({ base: z.string(), conferenceId: z.string(), token: z.string() })),
});

export function credentialsPath(env: NodeJS.ProcessEnv = process.env): string {
  const config = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(config, 'kehoach', 'credentials.json');
}

/** A link as the organizer hands it: `<base>[/vi|/en]/k/<conference>/<token>`; undefined if it is not one. */
export function parseLinkUrl(text: string): Credential | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const m = /^(.*?)(?:\/(?:vi|en))?\/k\/([a-z0-9-]+)\/([A-Za-z0-9_-]+)\/?$/.exec(url.pathname);
  if (!m) return undefined;
  return { base: `${url.origin}${m[1] ?? ''}`, conferenceId: m[2] as string, token: m[3] as string };
}

export function readCredentials(env: NodeJS.ProcessEnv = process.env): Credential[] {
  try {
    const parsed = FileSchema.safeParse(JSON.parse(readFileSync(credentialsPath(env), 'utf8')));
    return parsed.success ? parsed.data.links : [];
  } catch {
    return [];
  }
}

/** The credential kept for a conference, if any. */
export function credentialFor(conferenceId: string, env: NodeJS.ProcessEnv = process.env): Credential | undefined {
  return readCredentials(env).find((c) => c.conferenceId === conferenceId);
}

/** Keeps one credential per conference (a new login replaces the old one); the file is the owner's only. */
export function saveCredential(c: Credential, env: NodeJS.ProcessEnv = process.env): string {
  const path = credentialsPath(env);
  const links = [...readCredentials(env).filter((l) => l.conferenceId !== c.conferenceId), c];
  writeCredentials(path, links);
  return path;
}

/** Forgets a conference's credential (or all); how many were removed. */
export function removeCredential(conferenceId: string | undefined, env: NodeJS.ProcessEnv = process.env): number {
  const links = readCredentials(env);
  const kept = conferenceId ? links.filter((l) => l.conferenceId !== conferenceId) : [];
  writeCredentials(credentialsPath(env), kept);
  return links.length - kept.length;
}

function writeCredentials(path: string, links: Credential[]): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify({ links }, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}
