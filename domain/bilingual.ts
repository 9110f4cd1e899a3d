/**
 * Words said to people in both languages, the one shape for them: Vietnamese, the official text
 * (NFC, with its diacritics), and English. A reader's language picks one (`say`, `Lang`); an
 * answer that may reach either carries both.
 */
export interface Bilingual {
  vi: string;
  en: string;
}
