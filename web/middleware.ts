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
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { toNfc, type LinkRole } from '../domain/actions';
import { LIMITS } from '../domain/limits';
import type { Session } from './auth';
import { WebError } from './errors';
import { pageAttempt } from './page-attempt';
import { parseLang, type Lang } from './i18n';
import type { WebService } from './service';

export type PageEnv = { Variables: { lang: Lang; session: Session; https: boolean } };

/** How people reach this server, which decides whether its cookies are `Secure`. */
export interface Transport {
  /** Believe `X-Forwarded-Proto` (set only when a proxy that writes it fronts this server). */
  trustProxy?: boolean;
  /** The address people reach this server at; `https://…` means every cookie is `Secure`. */
  publicUrl?: string;
}

/**
 * Whether the browser's request came over HTTPS: directly, through a trusted proxy that says so
 * in `X-Forwarded-Proto` (its first value, the one the browser met), or because the configured
 * public address is https. An untrusted header is ignored: anyone can send it.
 */
export function transport(t: Transport) {
  const publicHttps = t.publicUrl?.startsWith('https:') ?? false;
  return async (c: Context, next: Next): Promise<void> => {
    const forwarded = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
    const https =
      publicHttps || new URL(c.req.url).protocol === 'https:' || (t.trustProxy === true && forwarded === 'https');
    c.set('https', https);
    await next();
  };
}

/** The `Secure` attribute of every cookie this server sets. */
function secure(c: Context): boolean {
  return c.get('https') === true || new URL(c.req.url).protocol === 'https:';
}

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

/**
 * A request body larger than `LIMITS.requestBodyBytes` is refused with 413 as soon as that is
 * known: from its Content-Length before a byte is read, or while a chunked body streams in.
 * Hono's own middleware, so the counting is the framework's, not ours.
 */
export const requestBodyLimit = bodyLimit({
  maxSize: LIMITS.requestBodyBytes,
  onError: () => {
    throw WebError.of(
      ErrorType.TooLarge,
      'body',
      `nội dung yêu cầu quá lớn (tối đa ${LIMITS.requestBodyBytes} byte)`,
      `the request body is too large (at most ${LIMITS.requestBodyBytes} bytes)`,
    );
  },
});

const JSON_MEDIA = /^application\/([\w.-]+\+)?json$/;

/**
 * The API takes one JSON object per command, read in NFC: another media type is refused with
 * 415, a body that is not JSON with 400 naming the body and where it breaks — before authentication, so a
 * client's mistake costs no call to Temporal and is never logged as a server fault.
 */
export async function jsonBodyOnly(c: Context, next: Next): Promise<void> {
  if (c.req.method === 'POST' || c.req.method === 'PUT' || c.req.method === 'PATCH') {
    const media = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!JSON_MEDIA.test(media)) {
      throw WebError.of(
        ErrorType.UnsupportedMediaType,
        'content-type',
        `nội dung phải là JSON (Content-Type: application/json), không phải "${media || 'không ghi'}"`,
        `the body must be JSON (Content-Type: application/json), not "${media || 'none'}"`,
      );
    }
    const text = await c.req.text();
    try {
      // People's words go on in NFC however their keyboard composed them; the route reads this.
      c.req.bodyCache.json = Promise.resolve(toNfc(JSON.parse(text) as unknown));
    } catch (err) {
      const why = text.trim() === '' ? 'empty' : err instanceof Error ? err.message : String(err);
      throw WebError.of(
        ErrorType.InvalidPayload,
        'body',
        `nội dung không phải JSON hợp lệ (${why === 'empty' ? 'trống' : why})`,
        `the body is not valid JSON (${why})`,
      );
    }
  }
  await next();
}

/**
 * A page's form is read here once, so a body that is not a form (a torn multipart upload, a
 * JSON post to a page) is the sender's mistake, 400 naming the body, never a server fault.
 * Hono keeps what it parsed for the route's own `parseBody`.
 */
export async function formBodyOnly(c: Context, next: Next): Promise<void> {
  if (c.req.method === 'POST') {
    try {
      await c.req.parseBody();
    } catch (err) {
      if (err instanceof WebError) throw err;
      throw WebError.of(
        ErrorType.InvalidPayload,
        'body',
        'nội dung gửi lên không phải một biểu mẫu hợp lệ',
        `the body is not a valid form (${err instanceof Error ? err.message : String(err)})`,
      );
    }
  }
  await next();
}

/** Language: ?lang=… (remembered), else the cookie, else Vietnamese. */
export async function language(c: Context<PageEnv>, next: Next): Promise<void> {
  const asked = parseLang(c.req.query('lang'));
  if (asked) rememberLang(c, asked);
  c.set('lang', asked ?? parseLang(getCookie(c, LANG_COOKIE)) ?? 'vi');
  await next();
}

export function rememberLang(c: Context, lang: Lang): void {
  setCookie(c, LANG_COOKIE, lang, { path: '/', sameSite: 'Lax', secure: secure(c), maxAge: 365 * 86_400 });
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
    const session = await service.authenticate(
      conferenceId,
      getCookie(c, TOKEN_COOKIE),
      await pageAttempt(c, conferenceId),
    );
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
    secure: secure(c),
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
    secure: secure(c),
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
    secure: secure(c),
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
