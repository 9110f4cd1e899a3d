/**
 * PDF from .docx through LibreOffice headless (`soffice --headless --convert-to pdf`, from
 * Debian): the .docx is the one layout source and LibreOffice renders it as Word would, so the
 * PDF and the .docx cannot drift apart. Each conversion runs in its own temporary folder with a
 * private LibreOffice profile (parallel runs would otherwise fight over the user's profile lock),
 * under a timeout, and the folder is removed afterwards.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface PdfOptions {
  /** The soffice binary (default `$KEHOACH_SOFFICE` or `soffice` on the PATH). */
  soffice?: string;
  /** How long a conversion may take (ms, default 60 s: the first start of LibreOffice is slow). */
  timeoutMs?: number;
}

/** LibreOffice is missing, failed or took too long: one sentence in each language. */
export class PdfConversionError extends Error {
  constructor(
    readonly vi: string,
    readonly en: string,
    options?: ErrorOptions,
  ) {
    super(en, options);
  }
}

export async function docxToPdf(docx: Uint8Array, opts: PdfOptions = {}): Promise<Buffer> {
  const soffice = opts.soffice ?? process.env.KEHOACH_SOFFICE ?? 'soffice';
  const dir = await mkdtemp(join(tmpdir(), 'kehoach-pdf-'));
  try {
    const input = join(dir, 'document.docx');
    await writeFile(input, docx);
    const profile = pathToFileURL(join(dir, 'profile')).href;
    await new Promise<void>((resolve, reject) => {
      execFile(
        soffice,
        [
          `-env:UserInstallation=${profile}`,
          '--headless',
          '--norestore',
          '--convert-to',
          'pdf',
          '--outdir',
          dir,
          input,
        ],
        { timeout: opts.timeoutMs ?? 60_000, killSignal: 'SIGKILL', env: { ...process.env, HOME: dir } },
        (err, _stdout, stderr) => {
          if (!err) return resolve();
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'ENOENT')
            return reject(
              new PdfConversionError(
                `không tìm thấy LibreOffice ("${soffice}"); hãy cài gói libreoffice-writer-nogui (scripts/install-debian-tools.sh)`,
                `LibreOffice ("${soffice}") not found; install libreoffice-writer-nogui (scripts/install-debian-tools.sh)`,
                { cause: err },
              ),
            );
          if (err.killed)
            return reject(
              new PdfConversionError(
                'LibreOffice chuyển sang PDF quá lâu',
                'LibreOffice took too long to convert to PDF',
                {
                  cause: err,
                },
              ),
            );
          reject(
            new PdfConversionError(
              'LibreOffice không chuyển được sang PDF',
              `LibreOffice failed: ${stderr.split('\n')[0] ?? ''}`,
              {
                cause: err,
              },
            ),
          );
        },
      );
    });
    return await readFile(join(dir, 'document.pdf')).catch((err: unknown) => {
      throw new PdfConversionError('LibreOffice không tạo ra tệp PDF', 'LibreOffice wrote no PDF', { cause: err });
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The PDF when LibreOffice can make it, else undefined (the reason goes to `warn`): for a mail
 * that should still go with its .docx when the machine has no LibreOffice.
 */
export async function docxToPdfIfPossible(
  docx: Uint8Array,
  warn: (message: string) => void = console.warn,
  opts: PdfOptions = {},
): Promise<Buffer | undefined> {
  try {
    return await docxToPdf(docx, opts);
  } catch (err) {
    if (!(err instanceof PdfConversionError)) throw err;
    warn(`No PDF attached: ${err.en}`);
    return undefined;
  }
}
