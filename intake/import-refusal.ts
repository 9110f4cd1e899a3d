/**
 * Why a document is refused, in one sentence in each language. Every reader and rule throws this
 * and nothing else for bad input, so the CLI (exit 2) and a web upload answer every case alike.
 */
export type RefusalCode =
  | 'too-large'
  | 'unreadable'
  | 'not-a-document'
  | 'encrypted'
  | 'legacy-doc'
  | 'corrupt'
  | 'zip-bomb'
  | 'no-text'
  | 'not-a-plan';

export class ImportRefusal extends Error {
  constructor(
    readonly code: RefusalCode,
    readonly vi: string,
    readonly en: string,
    options?: ErrorOptions,
  ) {
    super(en, options);
    this.name = 'ImportRefusal';
  }
}

export const refuse = (code: RefusalCode, vi: string, en: string, cause?: unknown): ImportRefusal =>
  new ImportRefusal(code, vi.normalize('NFC'), en, cause === undefined ? undefined : { cause });
