/**
 * The codec endpoint (docs/sealed-messages.md, "Operators still read"): Temporal's Web UI and the
 * `temporal` CLI (`--codec-endpoint <web>/codec --codec-auth 'Bearer <token>'`) send the sealed
 * payloads they show to `POST /codec/decode` and get them back opened with the deployment's keys,
 * each with what was found (`kehoach-seal`: sealed, plain, tampered, …). Operators only: the
 * bearer token is KEHOACH_CODEC_TOKEN, else the one `npm start` makes in the data folder; without
 * a token the endpoint is closed. There is no `/codec/encode`: whoever can read may not seal, so a
 * message made through this endpoint still moves no conference.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { openPayloads } from '../client/open-history';
import type { Payload } from '@temporalio/common';
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';

/** As much as a page of history the UI decodes at once; the SDK's own payload limit is 2 MiB each. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const WirePayloadSchema = z.object({
  metadata: z.record(z.string(), z.string().regex(BASE64, 'base64')).optional(),
  data: z.string().regex(BASE64, 'base64').optional(),
});
const DecodeRequestSchema = z.object({ payloads: z.array(WirePayloadSchema).max(10_000) });

export interface CodecRouteOptions {
  /** The operators' bearer token; undefined: the endpoint is closed. */
  token: string | undefined;
  /** Origins allowed to call from a browser (the Temporal Web UI's), e.g. http://localhost:8233. */
  corsOrigins: readonly string[];
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function problem(c: Context, status: 400 | 401 | 404 | 413, field: string, vi: string, en: string) {
  return c.json({ type: 'KehoachCodec', field, vi, en, message: `${field}: ${en}` }, status);
}

function cors(c: Context, opts: CodecRouteOptions): void {
  const origin = c.req.header('origin');
  if (!origin || !opts.corsOrigins.includes(origin)) return;
  c.header('Access-Control-Allow-Origin', origin);
  c.header('Access-Control-Allow-Credentials', 'true');
  c.header('Access-Control-Allow-Headers', 'authorization, content-type, x-namespace');
  c.header('Access-Control-Allow-Methods', 'POST, OPTIONS');
  c.header('Vary', 'Origin');
}

export function registerCodecRoutes<E extends object>(app: Hono<E>, client: Client, opts: CodecRouteOptions): void {
  const codecs = client.options.loadedDataConverter.payloadCodecs;
  app.options('/codec/*', (c) => {
    cors(c, opts);
    return c.body(null, 204);
  });
  app.post(
    '/codec/decode',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        problem(
          c,
          413,
          'body',
          `quá lớn (tối đa ${MAX_BODY_BYTES} byte)`,
          `too large (at most ${MAX_BODY_BYTES} bytes)`,
        ),
    }),
    async (c) => {
      cors(c, opts);
      if (!opts.token)
        return problem(
          c,
          404,
          'codec',
          'điểm giải mã chưa được mở: đặt KEHOACH_CODEC_TOKEN cho dịch vụ web rồi khởi động lại',
          'the codec endpoint is not open: set KEHOACH_CODEC_TOKEN for the web service and restart it',
        );
      const auth = c.req.header('authorization') ?? '';
      const given = auth.startsWith('Bearer ') ? auth.slice('Bearer '.length).trim() : '';
      if (!given || !same(given, opts.token))
        return problem(
          c,
          401,
          'authorization',
          'cần mã của người vận hành (Authorization: Bearer …)',
          "an operator's token is needed (Authorization: Bearer …)",
        );
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        return problem(c, 400, 'body', 'không phải JSON', 'is not JSON');
      }
      const parsed = DecodeRequestSchema.safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const field = issue.path.join('.') || 'body';
        return problem(c, 400, field, `không hợp lệ (${issue.message})`, `is not valid (${issue.message})`);
      }
      let payloads: Payload[] = parsed.data.payloads.map((p) => ({
        metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
        data: Buffer.from(p.data ?? '', 'base64'),
      }));
      payloads = await openPayloads(codecs, payloads);
      return c.json({
        payloads: payloads.map((p) => ({
          metadata: Object.fromEntries(
            Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
          ),
          data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
        })),
      });
    },
  );
}
