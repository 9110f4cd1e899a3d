/**
 * What a page request passes through before its route, and the cookies the pages keep: strict
 * response headers, the page language, and on a conference's pages the session of the link's
 * cookie with forms accepted only from this site (the CSRF check).
 *
 * Cookies: the link's token (HttpOnly, SameSite=Strict, scoped to /c/<conference>), the language,
 * the name of the person acting (so forms come prefilled) and a one-time flash for a new link.
 */
import { ErrorType } from '../domain/errors';
import type { Context, Next } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { LinkRole } from '../domain/actions';
import type { Session } from './auth';
import { WebError } from './errors';
import { parseLang, type Lang } from './i18n';
import type { WebService } from './service';

export type PageEnv = { Variables: { lang: Lang; session: Session } };

const TOKEN_COOKIE = 'kh_token';
const LANG_COOKIE = 'kh_lang';
const PERSON_COOKIE = 'kh_person';
const FLASH_COOKIE = 'kh_flash';

/** Small, strict pages: no script at all, styles inline, forms only to this site. */
export async function securityHeaders(c: Context, next: Next): Promise<void> {
  await next();
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Frame-Options', 'DENY');
  if (!c.req.path.startsWith('/api/')) {
    c.header(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    c.header('Cache-Control', 'no-store');
  }
}

/** Language: ?lang=… (remembered), else the cookie, else Vietnamese. */
export async function language(c: Context<PageEnv>, next: Next): Promise<void> {
  const asked = parseLang(c.req.query('lang'));
  if (asked) rememberLang(c, asked);
  c.set('lang', asked ?? parseLang(getCookie(c, LANG_COOKIE)) ?? 'vi');
  await next();
}

export function rememberLang(c: Context, lang: Lang): void {
  setCookie(c, LANG_COOKIE, lang, { path: '/', sameSite: 'Lax', maxAge: 365 * 86_400 });
}

/** Every page of a conference: the cookie's session, forms only from this site. */
export function conferenceSession(service: WebService) {
  return async (c: Context<PageEnv, '/c/:conferenceId/*'>, next: Next): Promise<void> => {
    if (c.req.method === 'POST') {
      const origin = c.req.header('origin');
      if (origin && origin !== 'null' && new URL(origin).host !== c.req.header('host')) {
        throw new WebError(403, ErrorType.Forbidden, 'origin', 'yêu cầu từ trang khác', 'request from another site');
      }
    }
    const conferenceId = c.req.param('conferenceId');
    const session = await service.authenticate(conferenceId, getCookie(c, TOKEN_COOKIE), {
      action: `page:${c.req.method} ${c.req.path.slice(`/c/${conferenceId}`.length) || '/'}`,
      taskId: /\/tasks\/([^/]+)/.exec(c.req.path)?.[1] ?? null,
    });
    c.set('session', session);
    await next();
  };
}

/** Keeps an opened link's token for the conference's pages, until the link expires. */
export function rememberToken(c: Context, conferenceId: string, token: string, expiresAt: string): void {
  setCookie(c, TOKEN_COOKIE, token, {
    path: `/c/${conferenceId}`,
    httpOnly: true,
    sameSite: 'Strict',
    secure: new URL(c.req.url).protocol === 'https:',
    expires: new Date(expiresAt),
  });
}

/** The person who last acted from this browser, to prefill the forms. */
export function person(c: Context): string {
  return getCookie(c, PERSON_COOKIE) ?? '';
}

export function rememberPerson(c: Context<PageEnv>, p: string): void {
  setCookie(c, PERSON_COOKIE, p, {
    path: `/c/${c.get('session').conferenceId}`,
    httpOnly: true,
    sameSite: 'Strict',
    maxAge: 180 * 86_400,
  });
}

/** A newly issued link, carried once from the form's redirect to the links page (PRG). */
export interface IssuedFlash {
  url: string;
  unitId: string;
}

export function setIssuedFlash(c: Context, conferenceId: string, issued: IssuedFlash): void {
  setCookie(c, FLASH_COOKIE, Buffer.from(JSON.stringify(issued)).toString('base64url'), {
    path: `/c/${conferenceId}/links`,
    httpOnly: true,
    sameSite: 'Strict',
    maxAge: 120,
  });
}

/** The flash of a newly issued link, if any, deleted as it is read. */
export function takeIssuedFlash(c: Context, conferenceId: string): IssuedFlash | undefined {
  const flash = getCookie(c, FLASH_COOKIE);
  if (!flash) return undefined;
  deleteCookie(c, FLASH_COOKIE, { path: `/c/${conferenceId}/links` });
  try {
    return JSON.parse(Buffer.from(flash, 'base64url').toString('utf8')) as IssuedFlash;
  } catch {
    return undefined;
  }
}

/** The page a link's holder starts from. */
export function home(role: LinkRole): string {
  return role === 'organizer' ? 'board' : role === 'auditor' ? 'audit' : 'inbox';
}
