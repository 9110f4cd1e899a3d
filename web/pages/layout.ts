/**
 * The page frame: a header with the conference, who is signed in and the language switch, and
 * one small inline style sheet (no webfonts, no script, no build step). The CSS keeps every
 * page inside a 375 px phone screen: fluid widths, wrapping long ids and links.
 */
import type { Session } from '../auth';
import { html, raw, type Html, type Part } from '../html';
import { roleText, say, type Lang } from '../i18n';

const CSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;color:#1b1b1b;background:#f5f4ef;overflow-wrap:anywhere}
a{color:#0b57a4}
header{background:#8b1a1a;color:#fff;padding:.5rem 1rem}
header a{color:#fff}
header .top{display:flex;flex-wrap:wrap;gap:.25rem 1rem;justify-content:space-between;align-items:baseline;max-width:60rem;margin:0 auto}
header .brand{font-weight:700}
nav{display:flex;flex-wrap:wrap;gap:.25rem 1rem;max-width:60rem;margin:.25rem auto 0;font-size:.95rem}
main{max-width:60rem;margin:0 auto;padding:.75rem 1rem 2rem}
h1{font-size:1.3rem;line-height:1.3;margin:.5rem 0}
h2{font-size:1.1rem;margin:.25rem 0}
h3{font-size:1rem;margin:.25rem 0}
.card{background:#fff;border:1px solid #d9d6cc;border-radius:6px;padding:.75rem;margin:.75rem 0}
.card.late{border-left:5px solid #b00020}
.muted{color:#555;font-size:.9rem}
.badge{display:inline-block;padding:0 .4rem;border-radius:3px;font-size:.85rem;background:#e9e7df;white-space:nowrap}
.badge.done{background:#d6efd6}
.badge.submitted{background:#fff1c2}
.badge.sentBack{background:#ffe0b2}
.badge.blocked{background:#e0e0e0;color:#444}
.badge.overdue{background:#b00020;color:#fff}
.badge.late{background:#f8d7da;color:#7a0010}
.bar{height:.5rem;background:#e9e7df;border-radius:3px;overflow:hidden;margin:.25rem 0}
.bar>span{display:block;height:100%;background:#2e7d32}
details{margin:.35rem 0}
details>summary{cursor:pointer;padding:.2rem 0}
ul.tasks{list-style:none;padding:0;margin:.25rem 0}
ul.tasks>li{border-top:1px solid #eee;padding:.25rem 0}
ol.history{padding-left:1.25rem;margin:.25rem 0}
label{display:block;margin:.5rem 0 .15rem;font-weight:600}
fieldset{border:1px solid #d9d6cc;border-radius:4px;margin:.5rem 0;padding:.25rem .6rem}
legend{font-weight:600}
label.check{font-weight:400;margin:.2rem 0}
input,textarea,select,button{font:inherit;max-width:100%}
input[type=text],input[type=url],input[type=date],input[type=datetime-local],input[type=number],textarea,select{width:100%;padding:.45rem;border:1px solid #8f8b80;border-radius:4px;background:#fff}
textarea{min-height:4rem}
button{margin-top:.6rem;padding:.55rem 1.1rem;border:0;border-radius:4px;background:#8b1a1a;color:#fff;cursor:pointer}
button.secondary{background:#4a4a4a}
form{margin:.5rem 0}
.msg{padding:.5rem .75rem;border-radius:4px;margin:.5rem 0}
.msg.error{border-left:4px solid #b00020;background:#fdecee}
.msg.ok{border-left:4px solid #2e7d32;background:#e8f5e9}
.msg.pending{border-left:4px solid #b7791f;background:#fff8e1}
.msg.refused{border-left:4px solid #7a0010;background:#fbeff0}
.badge.asked{background:#fff1c2}
.badge.withdrawn{background:#e0e0e0;color:#444}
.counts{display:flex;flex-wrap:wrap;gap:.25rem .75rem}
table{border-collapse:collapse;width:100%}
td,th{text-align:left;padding:.2rem .4rem;border-bottom:1px solid #eee;vertical-align:top}
code{font-size:.9em;background:#efeee8;padding:0 .2rem;border-radius:3px}
.workspace{display:grid;gap:.75rem}
.workspace .document ol.lines{font-size:.85rem;padding-left:2.75rem;margin:0}
.workspace .document li:target{background:#fff1c2}
form.inline{display:inline;margin:0}
li.flag{padding:.4rem 0}
.review-group{border-top:2px solid #d9d6cc;padding:.5rem 0 .25rem}
.review-group blockquote{margin:.25rem 0 .25rem .5rem;padding-left:.5rem;border-left:3px solid #d9d6cc}
.rule-parts{display:flex;flex-wrap:wrap;gap:0 1rem;align-items:end}
.rule-parts label{font-weight:400}
.choices{display:flex;flex-wrap:wrap;gap:0 1rem}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
@media (min-width:70rem){main:has(.workspace){max-width:110rem}.workspace{grid-template-columns:minmax(0,3fr) minmax(0,2fr)}.workspace .document{position:sticky;top:.5rem;max-height:95vh;overflow:auto}}
`;

export interface PageFrame {
  lang: Lang;
  title: string;
  /** The path of this page, for the language switch. */
  path: string;
  session?: Session | undefined;
  unitName?: string | undefined;
  /** Shown in the page title. */
  conferenceTitle?: string | undefined;
  /** Extra markup for <head> (the link hop's refresh). */
  head?: Html | undefined;
}

/** A whole HTML page around `body`. */
export function page(f: PageFrame, body: Part): Html {
  const other: Lang = f.lang === 'vi' ? 'en' : 'vi';
  const switchLabel = f.lang === 'vi' ? 'English' : 'Tiếng Việt';
  const s = f.session;
  const base = s ? `/c/${s.conferenceId}` : '';
  const nav: Html[] = [];
  if (s) {
    if (s.role === 'organizer') nav.push(html`<a href="${base}/board">${say(f.lang, 'Bảng theo dõi', 'Board')}</a>`);
    if (s.role !== 'auditor') nav.push(html`<a href="${base}/inbox">${say(f.lang, 'Hộp việc', 'Inbox')}</a>`);
    if (s.role !== 'unit') nav.push(html`<a href="${base}/plan">${say(f.lang, 'Kế hoạch', 'Plan')}</a>`);
    if (s.role === 'organizer') nav.push(html`<a href="${base}/links">${say(f.lang, 'Đường liên kết', 'Links')}</a>`);
    if (s.role !== 'unit') nav.push(html`<a href="${base}/audit">${say(f.lang, 'Nhật ký kiểm tra', 'Audit')}</a>`);
    if (s.role !== 'unit') nav.push(html`<a href="${base}/scorecard">${say(f.lang, 'Thi đua', 'Scorecard')}</a>`);
  }
  return html`<!doctype html>
    <html lang="${f.lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${f.title} — ${f.conferenceTitle ?? 'Kế hoạch'}</title>
        <style>
          ${raw(CSS)}
        </style>
        ${f.head ?? ''}
      </head>
      <body>
        <header>
          <div class="top">
            <span class="brand">Kế hoạch</span>
            <a href="${f.path}?lang=${other}" hreflang="${other}" lang="${other}">${switchLabel}</a>
          </div>
          ${
            s
              ? html`<div class="top muted" style="color:#fde">
                    <span>${f.unitName ?? s.unitId} — ${roleText(s.role, f.lang)}</span>
                  </div>
                  <nav>${nav}</nav>`
              : ''
          }
        </header>
        <main>${body}</main>
      </body>
    </html>`;
}

export function errorBox(e: { field: string; vi: string; en: string }, lang: Lang): Html {
  return html`<div class="msg error" role="alert"><strong>${e.field}</strong>: ${say(lang, e.vi, e.en)}</div>`;
}

export function okBox(text: string): Html {
  return html`<div class="msg ok" role="status">${text}</div>`;
}
