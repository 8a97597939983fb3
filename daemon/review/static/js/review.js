// The review page's rules, as small pure functions (no page, no network), so that the
// browser tests can call each one through `window.Yomitori`: dates (era and Western) to
// ISO, a correction checked against its field's rules, the order fields are shown in,
// the reasons in Japanese, the revision document, and the CSV in the department's
// encoding. Nothing here sends anything anywhere.
import Encoding from "/static/vendor/encoding-japanese/index.js";

// Eras as the OCR side knows them (handlers/forms/dates.py): first and last day.
export const ERAS = {
  令和: { first: "2019-05-01", last: null, offset: 2018 },
  平成: { first: "1989-01-08", last: "2019-04-30", offset: 1988 },
  昭和: { first: "1926-12-25", last: "1989-01-07", offset: 1925 },
  大正: { first: "1912-07-30", last: "1926-12-24", offset: 1911 },
};
const LETTERS = { R: "令和", H: "平成", S: "昭和", T: "大正" };
const ERA_DATE = /^(令和|平成|昭和|大正|[RHST])(元|\d{1,2})(?:年|[./-])(\d{1,2})(?:月|[./-])(\d{1,2})日?$/;
const WESTERN_DATE = /^(\d{4})(?:年|[./-])(\d{1,2})(?:月|[./-])(\d{1,2})日?$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;

export const REASONS = {
  low_confidence: "読み取りの確かさが低い",
  disagreed: "読み取り方によって結果が違う",
  pattern: "決められた形式に合わない",
  date_invalid: "日付として正しくない",
  era_guessed: "元号を推定した",
  unanswered: "記入または印がない",
  nothing_read: "書かれているが読み取れない",
  length: "文字数が枠の大きさに合わない",
  stray: "枠線などを文字として読んだ可能性がある",
  ambiguous: "印がはっきりしない、または複数ある",
  cp932: "CSVの文字コード（シフトJIS）で表せない文字がある",
  two_answers: "選択肢に二つ以上の印がある",
  corrected: "二重線で消した答えのほかに印がない",
  faint: "印が薄い",
  name_not_split: "姓と名の間の空白が読み取れない",
  similar_word: "形の似た別の字と読み違えている可能性がある",
};

function compact(text) {
  return String(text ?? "").normalize("NFKC").replace(/\s+/g, "").toUpperCase();
}

function pad(n, width = 2) {
  return String(n).padStart(width, "0");
}

function isoOf(year, month, day) {
  const moment = new Date(Date.UTC(year, month - 1, day));
  if (moment.getUTCFullYear() !== year || moment.getUTCMonth() !== month - 1
      || moment.getUTCDate() !== day) {
    return null;
  }
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

// A date as written (令和8年11月26日, R8.11.26, 令和元年5月1日, 2026/11/26, 20261126) to
// {iso} or {iso: null, problem} with the reason in Japanese.
export function parseDate(text) {
  const value = compact(text);
  if (!value) return { iso: null, problem: "日付が入力されていません。" };
  const era = ERA_DATE.exec(value);
  if (era) {
    const name = LETTERS[era[1]] || era[1];
    const year = era[2] === "元" ? 1 : Number(era[2]);
    const iso = isoOf(ERAS[name].offset + year, Number(era[3]), Number(era[4]));
    if (iso === null || year < 1) return { iso: null, problem: "その日付はありません。" };
    const { first, last } = ERAS[name];
    if (iso < first || (last !== null && iso > last)) {
      return { iso: null, problem: `${name}${era[2]}年${Number(era[3])}月${Number(era[4])}日は${name}の期間外です。` };
    }
    return { iso };
  }
  const western = WESTERN_DATE.exec(value) || COMPACT_DATE.exec(value);
  if (western) {
    const year = Number(western[1]);
    if (year < 1868 || year > 2200) return { iso: null, problem: "年が正しくありません。" };
    const iso = isoOf(year, Number(western[2]), Number(western[3]));
    return iso === null ? { iso: null, problem: "その日付はありません。" } : { iso };
  }
  return { iso: null, problem: "日付は「令和8年4月1日」や「2026-04-01」の形で入力してください。" };
}

// An ISO day as 令和 and Western side by side: 令和8年11月26日（2026-11-26）.
export function wareki(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
  if (!match) return iso || "";
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  for (const [name, era] of Object.entries(ERAS)) {
    if (iso >= era.first && (era.last === null || iso <= era.last)) {
      const n = year - era.offset;
      return `${name}${n === 1 ? "元" : n}年${month}月${day}日（${iso}）`;
    }
  }
  return iso;
}

// Characters the department's cp932 CSV cannot hold (empty for UTF-8 departments).
export function cp932Misfits(text, encoding) {
  if (encoding !== "cp932") return [];
  const misfits = [];
  for (const char of String(text ?? "")) {
    const bytes = Encoding.convert(Encoding.stringToCode(char), { to: "SJIS", from: "UNICODE" });
    const back = Encoding.codeToString(Encoding.convert(bytes, { to: "UNICODE", from: "SJIS" }));
    if (back !== char && !misfits.includes(char)) misfits.push(char);
  }
  return misfits;
}

// A pattern of the template (Python syntax, matched in full after NFKC) as a RegExp.
export function patternOf(pattern) {
  if (!pattern) return null;
  try {
    return new RegExp(`^(?:${pattern})$`, "u");
  } catch {
    return null;
  }
}

// Check a correction against its field's rules. `field` is result.json's field (kind,
// options, pattern, required); `value` what the person entered (a string; true/false for
// a check box). Returns {ok: true, value, normalized} or {ok: false, message}.
export function checkValue(field, value, encoding) {
  const kind = field.kind || "text";
  if (kind === "checkbox") return { ok: true, value: Boolean(value), normalized: null };
  const text = String(value ?? "").trim();
  if (!text) {
    return field.required
      ? { ok: false, message: "この項目は必須です。用紙を確認して入力してください。" }
      : { ok: true, value: kind === "choice" ? null : "", normalized: null };
  }
  if (kind === "choice") {
    const options = field.options || [];
    return options.includes(text)
      ? { ok: true, value: text, normalized: null }
      : { ok: false, message: `選択肢から一つだけ選んでください（${options.join("・")}）。` };
  }
  const misfits = cp932Misfits(text, encoding);
  if (misfits.length) {
    return { ok: false, message: `「${misfits.join("")}」はCSV（シフトJIS）で表せません。別の字（例：髙→高）で入力してください。` };
  }
  const plain = text.normalize("NFKC");
  if (kind === "digits" && !/^[0-9]+(?:[-.][0-9]+)*$/.test(plain)) {
    return { ok: false, message: "数字（と - .）だけで入力してください。" };
  }
  const pattern = patternOf(field.pattern);
  if (pattern && !pattern.test(plain)) {
    return { ok: false, message: "この項目の決められた形式に合いません。用紙を確認してください。" };
  }
  if (kind === "date") {
    const parsed = parseDate(text);
    return parsed.iso ? { ok: true, value: text, normalized: parsed.iso } : { ok: false, message: parsed.problem };
  }
  return { ok: true, value: kind === "digits" ? plain : text, normalized: null };
}

// Why a field is flagged, in Japanese: "読み取りの確かさが低い、元号を推定した".
export function reasonText(field) {
  const reasons = (field.reasons || []).map((r) => REASONS[r] || r);
  if (!reasons.length && field.needs_review) reasons.push("確認が必要");
  return reasons.join("、");
}

// A box on a page image of `width` x `height` pixels, as it lies once the image is turned
// `rotation` degrees clockwise (0, 90, 180 or 270: the page's `rotation` in result.json),
// so that a page scanned upside down or sideways is shown upright.
export function rotateBox(box, rotation, width, height) {
  if (!box) return null;
  const turn = ((Math.round(rotation / 90) * 90) % 360 + 360) % 360;
  const point = ([x, y]) => ({ 0: [x, y], 90: [height - y, x], 180: [width - x, height - y], 270: [y, width - x] })[turn];
  const [x0, y0, x1, y1] = box;
  const corners = [point([x0, y0]), point([x1, y1])];
  return [Math.min(corners[0][0], corners[1][0]), Math.min(corners[0][1], corners[1][1]),
    Math.max(corners[0][0], corners[1][0]), Math.max(corners[0][1], corners[1][1])];
}

// Fields of a job as a flat list {page, name, field}: flagged first, then the template's
// order (pages in order within each group).
export function fieldOrder(result) {
  const all = [];
  for (const page of result.pages || []) {
    if (!page.form) continue;
    for (const [name, field] of Object.entries(page.form.fields)) {
      all.push({ page: page.index, name, field, position: all.length });
    }
  }
  return all.sort((a, b) => (Number(b.field.needs_review) - Number(a.field.needs_review))
    || (a.position - b.position));
}

// A field's CSV cell: a valid date as ISO, a check box as 1/0, a choice's label.
export function cellOf(field) {
  if (field.normalized) return field.normalized;
  if (field.value === true) return "1";
  if (field.value === false) return "0";
  return field.value === null || field.value === undefined ? "" : String(field.value);
}

// Apply a revision document (see `revisionDocument`) to a result.json, in place.
export function applyRevision(result, revision) {
  for (const page of result.pages || []) {
    const fields = (revision.fields || {})[String(page.index)] || {};
    if (page.form) {
      for (const [name, saved] of Object.entries(fields)) {
        const field = page.form.fields[name];
        if (!field) continue;
        field.value = saved.value;
        field.normalized = saved.normalized ?? null;
        field.corrected = Boolean(saved.corrected);
        field.checked = saved.checked ?? true;
      }
    }
    const text = (revision.texts || {})[String(page.index)];
    if (typeof text === "string") page.text = text;
  }
  return result;
}

// The revision saved for a job: every field's current value and every page's text.
export function revisionDocument(result, corrected, savedBy, now = new Date()) {
  const fields = {};
  const texts = {};
  for (const page of result.pages || []) {
    if (page.form) {
      fields[String(page.index)] = Object.fromEntries(Object.entries(page.form.fields).map(
        ([name, f]) => [name, { value: f.value, normalized: f.normalized ?? null,
                                corrected: Boolean(f.corrected), checked: Boolean(f.checked) }]));
    } else {
      texts[String(page.index)] = page.text;
    }
  }
  return { format: "yomitori-revision/1", job_id: result.job_id, saved_at: now.toISOString(),
           saved_by: savedBy, corrected: [...corrected], fields, texts };
}

// Columns of the CSV for the forms in `results`: each form's export profile (or all its
// fields in template order), merged in order of first appearance, with Japanese titles.
export function csvColumns(results) {
  const columns = [];
  const seen = new Set();
  for (const result of results) {
    for (const page of result.pages || []) {
      if (!page.form) continue;
      const names = page.form.export && page.form.export.length
        ? page.form.export : Object.keys(page.form.fields);
      for (const name of names) {
        if (seen.has(name) || !page.form.fields[name]) continue;
        seen.add(name);
        columns.push({ name, title: page.form.fields[name].title || name });
      }
    }
  }
  return columns;
}

function quoted(cell) {
  const text = String(cell ?? "");
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// The rows of one CSV for several jobs' results (corrections applied): 受付番号, ページ,
// 帳票, then the columns; one row per form page. Form-less pages give no row.
export function csvRows(results) {
  const columns = csvColumns(results);
  const header = ["受付番号", "ページ", "帳票", ...columns.map((c) => c.title)];
  const rows = [header];
  for (const result of results) {
    for (const page of result.pages || []) {
      if (!page.form) continue;
      const fields = page.form.fields;
      rows.push([result.job_id, String(page.index), page.form.title || page.form.name,
        ...columns.map((c) => (fields[c.name] ? cellOf(fields[c.name]) : ""))]);
    }
  }
  return rows;
}

// The CSV as bytes in the department's encoding: "cp932" (Shift_JIS as Windows has it) or
// "utf-8-sig" (UTF-8 with a byte order mark); CRLF line ends, RFC 4180 quoting. A
// character cp932 cannot hold is refused (never silently replaced).
export function csvBytes(rows, encoding) {
  const text = rows.map((row) => row.map(quoted).join(",")).join("\r\n") + "\r\n";
  if (encoding === "cp932") {
    const misfits = cp932Misfits(text, encoding);
    if (misfits.length) throw new Error(`「${misfits.join("")}」はCSV（シフトJIS）で表せません。修正してから保存してください。`);
    return Uint8Array.from(Encoding.convert(Encoding.stringToCode(text), { to: "SJIS", from: "UNICODE" }));
  }
  const body = new TextEncoder().encode(text);
  const out = new Uint8Array(body.length + 3);
  out.set([0xef, 0xbb, 0xbf]);
  out.set(body, 3);
  return out;
}

// The downloaded file's name: department and time only, never a value from the form.
export function csvName(department, now = new Date(), extension = "csv") {
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}`;
  return `確認結果_${department}_${stamp}.${extension}`;
}

// Whether any page of `results` was read as a form (else the download is the text).
export function hasForms(results) {
  return results.some((result) => (result.pages || []).some((page) => page.form));
}

// Jobs without a form: their pages' text (corrected), as a text file in the department's
// encoding, each page under a heading line 「受付番号 … ページ N」.
export function textBytes(results, encoding) {
  const parts = [];
  for (const result of results) {
    for (const page of result.pages || []) {
      if (!page.form) parts.push(`【受付番号 ${result.job_id} ページ ${page.index}】\r\n${(page.text || "").replace(/\r?\n/g, "\r\n")}`);
    }
  }
  const text = parts.join("\r\n\r\n") + "\r\n";
  if (encoding === "cp932") {
    const misfits = cp932Misfits(text, encoding);
    if (misfits.length) throw new Error(`「${misfits.join("")}」はシフトJISで表せません。修正してから保存してください。`);
    return Uint8Array.from(Encoding.convert(Encoding.stringToCode(text), { to: "SJIS", from: "UNICODE" }));
  }
  const body = new TextEncoder().encode(text);
  const out = new Uint8Array(body.length + 3);
  out.set([0xef, 0xbb, 0xbf]);
  out.set(body, 3);
  return out;
}

// What 「CSVダウンロード」 hands over for `results`: {bytes, name, type}.
export function download(results, encoding, department, now = new Date()) {
  if (hasForms(results)) {
    return { bytes: csvBytes(csvRows(results), encoding), name: csvName(department, now), type: "text/csv" };
  }
  return { bytes: textBytes(results, encoding), name: csvName(department, now, "txt"), type: "text/plain" };
}

// Field names that differ between two value maps {page: {name: {value}}}: what a revision
// corrected (names only; the server is told names, never values).
export function changedNames(before, after) {
  const names = new Set();
  for (const [page, fields] of Object.entries(after.fields || {})) {
    for (const [name, now] of Object.entries(fields)) {
      const was = ((before.fields || {})[page] || {})[name];
      if (!was || was.value !== now.value) names.add(name);
    }
  }
  for (const [page, text] of Object.entries(after.texts || {})) {
    if ((before.texts || {})[page] !== text) names.add(`page${page}.text`);
  }
  return [...names];
}
