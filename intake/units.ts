/**
 * Units (đơn vị) as the document names them: in section III's headings ("1.1. Phòng Nội vụ
 * huyện", "2. UBND các huyện A, B, C"), before an item's colon ("- UBND huyện Mường Chà (…): …")
 * and in sentences ("gửi Phòng Tài chính - Kế hoạch huyện thẩm định", "của lãnh đạo UBND huyện").
 *
 * A name that ends with its level and no place ("Phòng Nội vụ huyện") is completed with the
 * host's place, because inside the host's plan "huyện" means the host district. The kind is read
 * from the name's first words (Phòng → office, Công an → agency, UBND huyện → district, …); a name
 * no rule knows gets `agency` and a flag. Pure; no I/O.
 */
import type { Unit } from '../domain/plan/schema';
import { clean, fold, slug } from './text';

export type UnitKind = Unit['kind'];

export interface FoundUnit {
  id: string;
  name: string;
  shortName: string;
  kind: UnitKind;
  /** False when no rule knew the name: the kind is a proposal. */
  kindRead: boolean;
  /** Where the document names it first. */
  clause: string;
  sentence: string;
}

const KIND_RULES: readonly [RegExp, UnitKind][] = [
  [/^lanh dao\b/, 'leader'],
  [/^(ubnd|uy ban nhan dan)\b/, 'district'],
  [/^(phong|van phong|so)\b/, 'office'],
  [/^hoi dong\b/, 'council'],
  [/^(dien luc|cong ty)\b/, 'company'],
  [
    /^(cong an|trung tam|ban|dai|chi cuc|cuc|doan|hoi|ho tro|thanh tra|kho bac|vien|truong|benh vien|bao|toa an|tram)\b/,
    'agency',
  ],
  [/^cac (to dan pho|thon|ban)\b/, 'agency'],
  [/^(cac so|cac co quan|cac don vi)\b/, 'agency'],
];

const LEVEL_AT_END = /\s(huyện|tỉnh|xã|thị xã|thành phố|quận|phường)$/u;
/** "các xã trong Cụm", "các đơn vị thành viên Khối": the members the document lists elsewhere. */
const MEMBERS =
  /^(?:UBND\s+|Ủy ban nhân dân\s+|Uỷ ban nhân dân\s+)?các\s+(xã|phường|huyện|đơn vị|cơ quan)\s+(?:trong|thành viên|thuộc)\b/iu;
/** A collective heading with its members in parentheses: "Các xã trong Cụm (A, B, C)". */
const COLLECTIVE = /^(?:UBND\s+)?các\s+(xã|phường|huyện|đơn vị|cơ quan)/iu;
const GROUP = /^(UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+các\s+(huyện|xã|tỉnh|thị xã|phường|quận)\s+(.+)$/u;
const SINGLE_AREA = /^(UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(huyện|xã|tỉnh|thị xã|phường|quận|thành phố)\s+(.+)$/u;
/** "Các đồng chí là Thành viên Hội đồng …": the body the people belong to. */
const PEOPLE_OF = /^(?:các\s+)?(?:đồng chí\s+)?(?:là\s+)?(?:các\s+)?(?:thành viên|ủy viên|uỷ viên)\s+/iu;

/** Words a unit's name begins with; a heading that begins otherwise is a topic ("Chế độ báo cáo"). */
const UNIT_HEAD =
  /^(?:UBND|Ủy ban|Uỷ ban|Phòng|Văn phòng|Trung tâm|Công an|Điện lực|Ban|Sở|Hội đồng|Đài|Chi cục|Cục|Công ty|Tổng công ty|Chi nhánh|Đoàn|Huyện đoàn|Tỉnh đoàn|Xã đoàn|Hội|Liên đoàn|Đảng ủy|Đảng uỷ|Huyện ủy|Huyện uỷ|Bưu điện|Ngân hàng|Mặt trận|Lãnh đạo|Thường trực|Bệnh viện|Trường|Kho bạc|Viện|Bộ|Ban chỉ huy|Bộ chỉ huy|Thanh tra|Các đồng chí|Đồng chí|Thành viên|Các cơ quan|Các đơn vị|Các sở|Các xã|Các phường|Các huyện|Các tổ dân phố|Tổ dân phố|Các thôn|Trưởng các|Trưởng thôn|Trưởng bản|Ủy ban Mặt trận|Uỷ ban Mặt trận|Tòa án|Toà án|Tạp chí|Trạm|Bộ đội|Ban Chỉ huy)(?=\s|,|$)/iu;

/** True when a heading names a unit (or units) rather than a topic. */
export function looksLikeUnit(heading: string): boolean {
  const h = clean(heading);
  // "Báo Tân Lĩnh" is a newspaper, "Hội Nông dân" an association; "Báo cáo …", "Hội nghị …" are not.
  if (/^Hội\s+(?:nghị|thi|diễn|trường)(?=\s|$)/iu.test(h)) return false;
  return UNIT_HEAD.test(h) || /^Báo\s+\p{Lu}/u.test(h);
}

/** The unit book of one document: finds, completes, names and deduplicates units. */
export class UnitBook {
  readonly units: FoundUnit[] = [];
  /** The host's place ("Tủa Chùa"), for names that end with their level. */
  hostPlace: string | undefined;
  /** The place of each level the document is issued at (tỉnh → Điện Biên, xã → Sín Chải). */
  readonly places = new Map<string, string>();
  /** The members of the cluster or bloc ("Cụm … gồm 05 xã: A, B, C"), with their level. */
  members: { level: string; names: string[] } | undefined;
  /** Cluster heads by year, from "(đơn vị Cụm trưởng năm 2022)". */
  readonly heads = new Map<number, FoundUnit>();

  /**
   * Reads the units a heading or an item's prefix names: one unit, or several for
   * "UBND các huyện A, B, C". Returns them (existing ones when already known).
   */
  fromHeading(raw: string, clause: string, sentence: string): FoundUnit[] {
    const many = splitUnits(raw);
    if (many.length > 1) return many.flatMap((part) => this.fromHeading(part, clause, sentence));
    const { text, notes } = splitNotes(raw);
    const listed = this.listedMembers(text, notes, clause, sentence);
    if (listed.length > 0) return listed;
    const group = GROUP.exec(text);
    if (group) {
      const level = group[2] ?? 'huyện';
      const places = (group[3] ?? '')
        .split(/\s*,\s*|\s+và\s+/u)
        .map(clean)
        .filter((p) => p.length > 0);
      const found = places.map((p) => this.add(`UBND ${level} ${p}`, p, clause, sentence));
      this.noteHeads(notes, found);
      return found;
    }
    const unit = this.addNamed(text, clause, sentence);
    if (unit) this.noteHeads(notes, [unit]);
    return unit ? [unit] : [];
  }

  /** A unit named in a sentence: an existing one, or a new one; undefined for "các đơn vị liên quan". */
  mention(raw: string, clause: string, sentence: string): FoundUnit | undefined {
    const text = splitNotes(clean(raw)).text.replace(/^(?:cho|với|về)\s+/u, '');
    if (/^các\s+(?:đơn vị|cơ quan|phòng, ban)/iu.test(text) || text.length < 3) return undefined;
    return this.find(text) ?? this.addNamed(text, clause, sentence);
  }

  /** The known unit a mention names: the first whose name or short name begins with it. */
  find(mention: string): FoundUnit | undefined {
    const m = key(this.complete(stripPeople(mention)));
    const bare = key(stripPeople(mention));
    return this.units.find((u) => {
      const name = key(u.name);
      const short = key(u.shortName);
      return name === m || name.startsWith(`${bare} `) || name === bare || short === bare || m.startsWith(`${name} `);
    });
  }

  /**
   * "Các xã trong Cụm (A, B, C)", "Các đơn vị thành viên Khối (Công an tỉnh, …)" and, once the
   * document has listed its members, "UBND các xã trong Cụm": one unit per member.
   */
  private listedMembers(text: string, notes: string[], clause: string, sentence: string): FoundUnit[] {
    const collective = COLLECTIVE.exec(text);
    if (!collective) return [];
    const level = (collective[1] ?? '').toLocaleLowerCase('vi');
    const list = notes.find((n) => n.includes(','))?.split(/\s*,\s*|\s+và\s+/u) ?? [];
    const names = list.length > 1 ? list : MEMBERS.test(text) && this.members ? this.members.names : [];
    const memberLevel = list.length > 1 ? level : (this.members?.level ?? level);
    return names
      .map((n) => clean(n))
      .filter((n) => n.length > 1)
      .map((n) => {
        if (looksLikeUnit(n)) return this.addNamed(n, clause, sentence);
        const unitName = `UBND ${memberLevel === 'đơn vị' || memberLevel === 'cơ quan' ? 'xã' : memberLevel} ${n}`;
        return this.add(unitName, n, clause, sentence);
      })
      .filter((u): u is FoundUnit => u !== undefined);
  }

  private addNamed(text: string, clause: string, sentence: string): FoundUnit | undefined {
    const name = stripPeople(clean(text));
    if (name.length < 3) return undefined;
    const area = SINGLE_AREA.exec(name);
    if (area) {
      const place = clean(area[3] ?? '');
      this.hostPlace ??= place;
      const level = (area[2] ?? '').toLocaleLowerCase('vi');
      if (!this.places.has(level)) this.places.set(level, place);
      return this.add(name, place, clause, sentence);
    }
    const full = this.complete(name);
    // "UBND xã" completed is "UBND xã Sín Chải": its short name is the place, as for any district.
    const completed = full === name ? null : SINGLE_AREA.exec(full);
    if (completed) return this.add(full, clean(completed[3] ?? ''), clause, sentence);
    const short = name.replace(LEVEL_AT_END, '').trim();
    return this.add(full, short === name ? name : short, clause, sentence);
  }

  private add(name: string, shortName: string, clause: string, sentence: string): FoundUnit {
    const existing = this.find(name);
    if (existing) return existing;
    const rule = KIND_RULES.find(([re]) => re.test(key(name)));
    const unit: FoundUnit = {
      id: this.uniqueId(unitSlug(name, shortName)),
      name: name.charAt(0).toLocaleUpperCase('vi') + name.slice(1),
      shortName,
      kind: rule?.[1] ?? 'agency',
      kindRead: rule !== undefined,
      clause,
      sentence,
    };
    this.units.push(unit);
    return unit;
  }

  /** "Phòng Nội vụ huyện" → "Phòng Nội vụ huyện Tủa Chùa": the place of the level it ends with. */
  complete(name: string): string {
    const level = LEVEL_AT_END.exec(name)?.[1];
    if (level === undefined) return name;
    const place = this.places.get(level) ?? (this.places.size === 0 ? this.hostPlace : undefined);
    return place === undefined ? name : `${name} ${place}`;
  }

  private noteHeads(notes: string[], units: FoundUnit[]): void {
    for (const note of notes) {
      const head = /(?:trưởng cụm|cụm trưởng)[^()]*?năm\s+(\d{4})/iu.exec(note);
      if (head && units.length === 1 && units[0]) this.heads.set(Number(head[1]), units[0]);
    }
  }

  private uniqueId(base: string): string {
    let id = base;
    for (let n = 2; this.units.some((u) => u.id === id); n += 1) id = `${base}-${n}`;
    return id;
  }
}

/**
 * A heading naming several units: "Đài Phát thanh và Truyền hình tỉnh, Báo Tân Lĩnh", "Các sở,
 * ban, ngành tỉnh; UBND các huyện, thành phố". Cut at ";" and at ", " before a capitalised unit
 * name, outside parentheses.
 */
function splitUnits(raw: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < raw.length; i += 1) {
    const c = raw[i] ?? '';
    depth += c === '(' ? 1 : c === ')' ? -1 : 0;
    const rest = raw.slice(i + 1).trimStart();
    const cut = depth === 0 && (c === ';' || (c === ',' && /^\p{Lu}/u.test(rest) && looksLikeUnit(rest)));
    if (cut) {
      out.push(current);
      current = '';
    } else current += c;
  }
  out.push(current);
  return out.map(clean).filter((p) => p.length > 2);
}

function stripPeople(name: string): string {
  return name.replace(PEOPLE_OF, '').replace(/^\p{Ll}/u, (c) => c.toLocaleUpperCase('vi'));
}

/** The text of a name without its parentheses, and the parentheses' contents. */
function splitNotes(raw: string): { text: string; notes: string[] } {
  const notes: string[] = [];
  const text = clean(raw.replace(/\(([^()]*)\)/gu, (_m, inner: string) => (notes.push(inner), ' ')));
  return { text: text.replace(/[:;,.]+$/u, '').trim(), notes };
}

/** Compares names: folded, "&" as "và", punctuation as spaces. */
function key(s: string): string {
  return fold(s.replace(/&/g, ' và '))
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** `noi-vu` for Phòng Nội vụ, `muong-cha` for UBND huyện Mường Chà, `cong-an` for Công an huyện. */
function unitSlug(name: string, shortName: string): string {
  const base = slug(shortName.replace(LEVEL_AT_END, ''), 32)
    .replace(/^(phong|so)-/, '')
    .replace(/-huyen$/, '');
  return base.length >= 2 ? base : slug(name, 32);
}
