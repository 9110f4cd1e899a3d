/**
 * Evidence files over HTTP: uploads (the inbox's action form sent as multipart/form-data, and
 * `POST /api/conferences/{id}/tasks/{taskId}/files`) streamed with busboy from Node's request
 * straight into the evidence store, never held whole in memory and outside the 64 KiB body limit
 * of forms and JSON; and downloads, served only to who may see the task, after the store has
 * checked the bytes against their SHA-256 (a changed file is a 409, never served).
 *
 * Parts: `field.<name>` is the file of a plan field of type `file` (its limit is the field's
 * `maxBytes`, the field's value becomes the file's SHA-256); `files` is any other evidence file
 * (`EVIDENCE_LIMITS.fileBytes` each). All parts of one request: at most `EVIDENCE_LIMITS.requestBytes`.
 */
import type { IncomingMessage } from 'node:http';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import busboy from 'busboy';
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import {
  EvidenceError,
  EvidenceMismatchError,
  EvidenceTooLargeError,
  EvidenceTypeError,
  isSha256,
  type EvidenceFile,
  type EvidenceStore,
} from '../client/evidence-store';
import { EvidenceFileSchema } from '../domain/actions';
import { ErrorType } from '../domain/errors';
import { EVIDENCE_LIMITS, LIMITS } from '../domain/limits';
import { fileFieldMaxBytes, type Plan } from '../domain/plan/schema';
import type { ConferenceStatus, TaskView } from '../domain/views';
import { involves } from '../present/tasks';
import { fileSizeText } from '../present/files';
import { roleRefusal, type Session } from './auth';
import { WebError } from './errors';
import type { PageEnv } from './middleware';
import { ErrorSchema, TaskParams } from './schemas';
import { taskOrRefusal, type WebService } from './service';

/** The API's context (as `api.ts` declares it; not imported, `api.ts` imports this module). */
type ApiEnv = { Variables: { session: Session } };

/** An upload this module reads itself (the other bodies go through the small-body limit). */
export function isEvidenceUpload(c: Context): boolean {
  if (c.req.method !== 'POST') return false;
  if (!/^multipart\/form-data/i.test(c.req.header('content-type') ?? '')) return false;
  return (
    /^\/c\/[^/]+\/tasks\/[^/]+$/.test(c.req.path) || /^\/api\/conferences\/[^/]+\/tasks\/[^/]+\/files$/.test(c.req.path)
  );
}

/** A middleware that an evidence upload skips (the small-body limit, the JSON or form reader). */
export function exceptEvidenceUploads(mw: MiddlewareHandler): MiddlewareHandler {
  return (c, next) => (isEvidenceUpload(c) ? next() : mw(c, next));
}

/** A stored file and the part it came in. */
export interface ReceivedFile {
  part: string;
  file: EvidenceFile;
}

export interface Received {
  /** The text parts, in NFC (several values of one name joined with commas, as the forms are). */
  text: Record<string, string>;
  files: ReceivedFile[];
}

/** The field an error names for a part: `fields.<name>` for a plan field, `files` otherwise. */
export function fieldOfPart(part: string): string {
  return part.startsWith('field.') ? `fields.${part.slice('field.'.length)}` : part;
}

/**
 * The size limit of each part, from the task's plan fields: a `field.<name>` part must name a file
 * field of the task; a `files` part gets the default. Anything else is refused, naming the part.
 */
export function partLimits(plan: Plan, taskId: string): (part: string) => number {
  const spec = plan.responsibilities.flatMap((r) => r.tasks).find((t) => t.id === taskId);
  const fields = spec && (spec.kind === 'submission' || spec.kind === 'approval') ? spec.fields : [];
  return (part) => {
    if (part === 'files') return EVIDENCE_LIMITS.fileBytes;
    const name = part.startsWith('field.') ? part.slice('field.'.length) : undefined;
    const field = fields.find((f) => f.name === name);
    if (field?.type === 'file') return fileFieldMaxBytes(field);
    throw WebError.of(
      ErrorType.InvalidPayload,
      fieldOfPart(part),
      `công việc "${taskId}" không có trường tệp "${name ?? part}" (gửi tệp minh chứng với tên "files")`,
      `task "${taskId}" has no file field "${name ?? part}" (send evidence files as "files")`,
    );
  };
}

function tooLarge(field: string, limit: number): WebError {
  return WebError.of(
    ErrorType.TooLarge,
    field,
    `tệp quá lớn (tối đa ${fileSizeText(limit, 'vi')})`,
    `the file is too large (at most ${fileSizeText(limit, 'en')})`,
  );
}

/** A store error as the caller's refusal (a limit, a name that lies about the content), or undefined. */
export function evidenceRefusal(err: unknown, part = 'files'): WebError | undefined {
  if (err instanceof EvidenceTooLargeError) return tooLarge(fieldOfPart(err.field ?? part), err.limit);
  if (err instanceof EvidenceTypeError) {
    return WebError.of(
      ErrorType.UnsupportedMediaType,
      fieldOfPart(err.field ?? part),
      `tên tệp có đuôi .${err.declared} nhưng nội dung là ${err.detected}: đổi tên cho đúng loại tệp rồi gửi lại`,
      `the file name ends in .${err.declared} but the content is ${err.detected}: rename it to its real type and send it again`,
    );
  }
  return undefined;
}

/** Counts the request's bytes; errors past the limit of the whole request. */
class RequestMeter extends Transform {
  private bytes = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > EVIDENCE_LIMITS.requestBytes) done(tooLarge('body', EVIDENCE_LIMITS.requestBytes));
    else done(null, chunk);
  }
}

/** The request's body as a Node stream: Node's own request when served by @hono/node-server. */
function bodyOf(c: Context): Readable {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (incoming) return incoming;
  const body = c.req.raw.body;
  if (!body) throw WebError.of(ErrorType.InvalidPayload, 'body', 'không có nội dung gửi lên', 'the body is empty');
  return Readable.fromWeb(body);
}

/**
 * Reads a multipart request: text parts into `text`, file parts into the store as they arrive.
 * The first refusal (a limit, a media type, a part the task has no field for) is thrown once the
 * request has been read to its end, so the client gets the answer rather than a broken connection.
 */
export async function receiveEvidence(
  c: Context,
  store: EvidenceStore,
  limitOf: (part: string) => number,
  /** Where the text parts go (kept when the upload is refused, to show the form again). */
  text: Record<string, string> = {},
): Promise<Received> {
  const declared = Number(c.req.header('content-length') ?? 0);
  if (declared > EVIDENCE_LIMITS.requestBytes) throw tooLarge('body', EVIDENCE_LIMITS.requestBytes);
  let bb: busboy.Busboy;
  try {
    bb = busboy({
      headers: { 'content-type': c.req.header('content-type') ?? '' },
      defParamCharset: 'utf8',
      limits: {
        fields: 100,
        fieldSize: LIMITS.requestBodyBytes,
        files: EVIDENCE_LIMITS.filesPerAction,
        parts: 120,
      },
    });
  } catch (err) {
    throw WebError.of(
      ErrorType.InvalidPayload,
      'content-type',
      'nội dung multipart/form-data không có boundary',
      `the multipart/form-data body is malformed (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  const files: ReceivedFile[] = [];
  const stored: Promise<void>[] = [];
  /** Files still flowing: ended with the error when the request breaks off. */
  const active = new Set<Readable>();
  let refused: Error | undefined;
  const refuse = (err: unknown): void => {
    refused ??= err instanceof Error ? err : new Error(String(err));
  };

  bb.on('field', (name, value, info) => {
    if (info.valueTruncated) refuse(tooLarge(name, LIMITS.requestBodyBytes));
    const v = value.normalize('NFC');
    text[name] = text[name] === undefined ? v : `${text[name]},${v}`;
  });
  bb.on('file', (part, stream, info) => {
    // A file input left empty still sends a part, with no name and no bytes.
    if (refused !== undefined || !info.filename) {
      stream.resume();
      return;
    }
    let limit: number;
    try {
      limit = limitOf(part);
    } catch (err) {
      refuse(err);
      stream.resume();
      return;
    }
    active.add(stream);
    stream.once('close', () => active.delete(stream));
    stored.push(
      store.put(stream, { name: info.filename, maxBytes: limit, field: part }).then(
        (file) => void files.push({ part, file }),
        (err: unknown) => refuse(evidenceRefusal(err, part) ?? err),
      ),
    );
  });
  bb.on('filesLimit', () =>
    refuse(
      WebError.of(
        ErrorType.TooLarge,
        'files',
        `tối đa ${EVIDENCE_LIMITS.filesPerAction} tệp mỗi lần gửi`,
        `at most ${EVIDENCE_LIMITS.filesPerAction} files at a time`,
      ),
    ),
  );
  bb.on('partsLimit', () => refuse(tooLarge('body', LIMITS.requestBodyBytes)));
  bb.on('fieldsLimit', () => refuse(tooLarge('body', LIMITS.requestBodyBytes)));

  const source = bodyOf(c);
  const meter = new RequestMeter();
  await new Promise<void>((resolve) => {
    const fail = (err: unknown): void => {
      refuse(
        err instanceof WebError
          ? err
          : WebError.of(
              ErrorType.InvalidPayload,
              'body',
              'nội dung gửi lên không phải một biểu mẫu multipart hợp lệ',
              `the body is not a valid multipart form (${err instanceof Error ? err.message : String(err)})`,
            ),
      );
      source.unpipe(meter);
      source.resume();
      for (const file of active) file.destroy(refused);
      resolve();
    };
    meter.once('error', fail);
    bb.once('error', fail);
    bb.once('close', resolve);
    source.pipe(meter).pipe(bb);
  });
  await Promise.all(stored);
  if (refused !== undefined) throw refused;
  return { text, files };
}

/** Whether the session may see the task (and so its files): the organizer, the auditor, a unit with a part in it. */
export function maySeeTask(session: Session, status: ConferenceStatus, t: TaskView): boolean {
  if (session.role === 'organizer' || session.role === 'auditor') return true;
  const lead = status.responsibilities.find((r) => r.tasks.some((x) => x.id === t.id))?.lead;
  return (
    involves(t, session.unitId) ||
    lead === session.unitId ||
    t.history.some((h) => h.actor.unitId === session.unitId && (h.files?.length ?? 0) > 0)
  );
}

/**
 * The answer to a download: the verified file with its recorded name and media type, as an
 * attachment (never rendered by the browser); 404 when the task records no such file; 409 when
 * the stored bytes have changed since.
 */
export async function evidenceResponse(
  c: Context,
  store: EvidenceStore,
  session: Session,
  status: ConferenceStatus,
  taskId: string,
  sha256: string,
): Promise<Response> {
  const task = taskOrRefusal(status, taskId);
  if (!maySeeTask(session, status, task)) {
    throw WebError.of(
      ErrorType.WrongUnit,
      'taskId',
      `đơn vị "${session.unitId}" không được xem công việc "${taskId}" và tệp của nó`,
      `unit "${session.unitId}" may not see task "${taskId}" or its files`,
    );
  }
  const record = isSha256(sha256)
    ? task.history.flatMap((h) => h.files ?? []).find((f) => f.sha256 === sha256)
    : undefined;
  if (!record) {
    throw WebError.of(
      ErrorType.NotFound,
      'sha256',
      `công việc "${taskId}" không có tệp ${sha256.slice(0, 64)}`,
      `task "${taskId}" has no file ${sha256.slice(0, 64)}`,
    );
  }
  let opened;
  try {
    opened = await store.open(sha256);
  } catch (err) {
    if (err instanceof EvidenceMismatchError) {
      console.error(`evidence: ${err.message} (conference ${session.conferenceId}, task ${taskId})`);
      throw WebError.of(
        ErrorType.EvidenceChanged,
        'sha256',
        `tệp "${record.name}" đã bị thay đổi sau khi nộp (mã băm không khớp): không gửi tệp này; báo cho quản trị hệ thống`,
        `the file "${record.name}" was changed after it was handed in (its hash does not match): it is not served; tell the operator`,
      );
    }
    if (err instanceof EvidenceError && err.code === 'not-found') {
      throw WebError.of(
        ErrorType.NotFound,
        'sha256',
        `tệp "${record.name}" không còn trong kho lưu trữ`,
        `the file "${record.name}" is no longer in the store`,
      );
    }
    throw err;
  }
  const body = Readable.toWeb(opened.stream) as unknown as ReadableStream;
  return c.body(body, 200, {
    'content-type': record.mediaType,
    'content-length': String(opened.size),
    'content-disposition': `attachment; filename="${asciiName(record.name)}"; filename*=UTF-8''${encodeURIComponent(record.name)}`,
    'x-content-sha256': sha256,
    'cache-control': 'private, no-store',
  });
}

/** The name in plain ASCII for old clients (filename*= carries the real one). */
function asciiName(name: string): string {
  return (
    name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[đĐ]/g, (d) => (d === 'đ' ? 'd' : 'D'))
      .replace(/[^\x20-\x7e]|["\\]/g, '_') || 'tep'
  );
}

/** The download of a task's file from the conference's pages (the link's cookie). */
export function registerEvidencePages(app: Hono<PageEnv>, service: WebService): void {
  app.get('/c/:conferenceId/tasks/:taskId/files/:sha256', async (c) => {
    const s = c.get('session');
    const taskId = c.req.param('taskId');
    return withRefusalLogged(service, s, taskId, async () =>
      evidenceResponse(c, service.evidence, s, await service.status(s.conferenceId), taskId, c.req.param('sha256')),
    );
  });
}

/** A refused download or upload (another unit's task, a changed file) reaches the audit like any refusal. */
async function withRefusalLogged<T>(
  service: WebService,
  s: Session,
  taskId: string,
  body: () => Promise<T>,
): Promise<T> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof WebError && err.status !== 500) {
      await service.logRefusal(s.conferenceId, s.unitId, { action: 'evidence', taskId }, err);
    }
    throw err;
  }
}

/**
 * Before a byte is stored: the task exists and the session may act on it (the organizer, or a
 * unit with a part in it or leading its responsibility); the auditor only reads.
 */
export async function uploadAllowed(service: WebService, s: Session, taskId: string): Promise<ConferenceStatus> {
  // Not `service.requireRole`, which logs: the callers log every refusal of an upload once.
  if (s.role !== 'unit' && s.role !== 'organizer') throw roleRefusal(s, ['unit', 'organizer']);
  const status = await service.status(s.conferenceId);
  const task = taskOrRefusal(status, taskId);
  if (!maySeeTask(s, status, task)) {
    throw WebError.of(
      ErrorType.WrongUnit,
      'taskId',
      `công việc "${taskId}" không giao cho đơn vị "${s.unitId}"`,
      `task "${taskId}" is not assigned to unit "${s.unitId}"`,
    );
  }
  return status;
}

/** The received files as an action carries them: every file, and the plan fields they fill. */
export function actionFilesOf(received: Received): { files: EvidenceFile[]; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  for (const { part, file } of received.files) {
    if (part.startsWith('field.')) fields[part.slice('field.'.length)] = file.sha256;
  }
  return { files: received.files.map((r) => r.file), fields };
}

const UploadAnswerSchema = z
  .object({
    files: z.array(EvidenceFileSchema),
    fields: z.record(z.string(), z.string()).describe('The plan fields of type file the upload fills: name → SHA-256'),
  })
  .openapi('EvidenceUpload');

const errorsDoc = (codes: number[]) =>
  Object.fromEntries(
    codes.map((code) => [
      code,
      { description: ERROR_TEXT[code] ?? 'Refused', content: { 'application/json': { schema: ErrorSchema } } },
    ]),
  );
const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid request (field and reason)',
  401: 'No token, or an unknown, expired or revoked link',
  403: "The link's role or unit may not do this",
  404: 'No such conference, task or file',
  409: 'The stored file no longer matches its SHA-256: it is not served',
  413: 'A file over its limit (the field is named), or the request over the overall limit',
  415: "A file whose name's extension disagrees with its content",
};

/** The API's upload and download of evidence files (authenticated by the API's own middleware). */
export function registerEvidenceApi(api: OpenAPIHono<ApiEnv>, service: WebService): void {
  const base = '/conferences/{conferenceId}/tasks/{taskId}/files';
  api.openAPIRegistry.registerPath({
    method: 'post',
    path: base,
    summary: 'Upload evidence files for a task (multipart/form-data), then send the action with the records returned',
    description:
      `Parts: \`files\` (any evidence file, at most ${EVIDENCE_LIMITS.fileBytes} bytes each) and \`field.<name>\` ` +
      '(the file of a plan field of type `file`, within its `maxBytes`). Files are streamed into the store and kept by ' +
      'SHA-256; the media type is read from the content, and a name whose extension says another type is refused (415). ' +
      `At most ${EVIDENCE_LIMITS.filesPerAction} files and ${EVIDENCE_LIMITS.requestBytes} bytes per request. ` +
      "The answer's `files` go into the action body's `files`, its `fields` into the body's `fields`.",
    security: [{ AccessLink: [] }],
    request: {
      params: TaskParams,
      body: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: z.object({
              files: z.array(z.string().openapi({ format: 'binary' })).optional(),
            }),
          },
        },
      },
    },
    responses: {
      200: { description: 'The stored files', content: { 'application/json': { schema: UploadAnswerSchema } } },
      ...errorsDoc([400, 401, 403, 404, 413, 415]),
    },
  });
  api.openAPIRegistry.registerPath({
    method: 'get',
    path: `${base}/{sha256}`,
    summary: "Download a task's evidence file (its units, the organizer, the auditor), checked against its SHA-256",
    security: [{ AccessLink: [] }],
    request: { params: TaskParams.extend({ sha256: z.string().regex(/^[0-9a-f]{64}$/) }) },
    responses: {
      200: { description: 'The file, as an attachment, with its recorded media type' },
      ...errorsDoc([401, 403, 404, 409]),
    },
  });

  api.post('/conferences/:conferenceId/tasks/:taskId/files', async (c) => {
    const s = c.get('session');
    const taskId = c.req.param('taskId');
    return withRefusalLogged(service, s, taskId, async () => {
      if (!isEvidenceUpload(c)) {
        throw WebError.of(
          ErrorType.UnsupportedMediaType,
          'content-type',
          'tệp phải gửi dạng multipart/form-data',
          'files are sent as multipart/form-data',
        );
      }
      await uploadAllowed(service, s, taskId);
      const plan = await service.plan(s.conferenceId);
      const received = await receiveEvidence(c, service.evidence, partLimits(plan, taskId));
      return c.json(actionFilesOf(received), 200);
    });
  });

  api.get('/conferences/:conferenceId/tasks/:taskId/files/:sha256', async (c) => {
    const s = c.get('session');
    const taskId = c.req.param('taskId');
    return withRefusalLogged(service, s, taskId, async () =>
      evidenceResponse(c, service.evidence, s, await service.status(s.conferenceId), taskId, c.req.param('sha256')),
    );
  });
}
