// The job page: claim the job, unlock the person's key, decrypt the bundle here, show each
// page with every field's box and each field's crop beside its value (flagged first), take
// corrections checked against the field's rules, save them as an encrypted revision,
// approve, build the CSV here, and 「完了」. Keyboard only: Tab/Shift+Tab, Enter for the
// next flagged field (Ctrl+Enter in a text area), Alt+Z zoom, Alt+S save, Alt+A approve.
import { postJson } from "./session.js";
import * as rules from "./review.js";
import { forgetIdentity, offerDownload, openJob, saveRevision, storedIdentity, unlock } from "./bundles.js";

const main = document.getElementById("main");
const view = document.getElementById("job-view");
const alertBox = document.getElementById("job-alert");
const stateLine = document.getElementById("job-state");
const actions = document.getElementById("job-actions");
const unlockForm = document.getElementById("unlock");
const zoom = document.getElementById("zoom");
const PAGE_WIDTH = 1000; // pixels the page canvas is drawn at
const CROP_HEIGHT = 72;
const KEEP_WIDTH = 1600; // pixels of a page image's shorter side kept decoded
const STEPS = { waiting: "未着手", claimed: "確認中", corrected: "修正済み", approved: "承認済み", downloaded: "ダウンロード済み", completed: "完了" };

const state = {
  jobId: main.dataset.job,
  department: main.dataset.department,
  encoding: main.dataset.encoding || "utf-8-sig",
  person: main.dataset.person,
  step: null,
  holder: null,
  result: null,
  bitmaps: {},
  saved: { fields: {}, texts: {} }, // the last saved (or read) values, to tell changes
  current: null, // {page, name} of the focused field
};

function say(text) {
  alertBox.textContent = text || "";
}

function fieldId(page, name) {
  return `${page}-${name}`;
}

function control(page, name) {
  return document.getElementById(`v-${fieldId(page, name)}`);
}

function fieldOf(page, name) {
  const found = state.result.pages.find((p) => p.index === Number(page));
  return found && found.form ? found.form.fields[name] : null;
}

function showStep(step, holder) {
  state.step = step;
  state.holder = holder;
  const mine = holder === state.person;
  stateLine.textContent = `状態：${STEPS[step] || step}${holder ? `（担当：${holder}）` : ""}`;
  const editable = mine && (step === "claimed" || step === "corrected");
  document.getElementById("save").disabled = !editable;
  document.getElementById("approve").disabled = !editable;
  document.getElementById("download").disabled = !(mine && (step === "approved" || step === "downloaded"));
  document.getElementById("complete").disabled = !(mine && step === "downloaded");
  document.getElementById("release").disabled = !mine;
  for (const input of view.querySelectorAll("input, select, textarea")) input.readOnly = !editable;
  for (const input of view.querySelectorAll("select, input[type=checkbox]")) input.disabled = !editable;
}

// --- drawing -------------------------------------------------------------------------

// The page image decoded with its shorter side at most KEEP_WIDTH pixels (an A4 page at
// 300 dpi takes 35 MB decoded, 15 MB so, and the writing stays sharp in the crops), turned
// upright (its `rotation`), and each field's box with it (`view`).
async function upright(page, blob) {
  const full = await createImageBitmap(blob);
  const scale = Math.min(1, KEEP_WIDTH / Math.min(full.width, full.height));
  let bitmap = full;
  if (scale < 1) {
    bitmap = await createImageBitmap(full, { resizeWidth: Math.round(full.width * scale),
      resizeHeight: Math.round(full.height * scale), resizeQuality: "high" });
    full.close();
  }
  const turn = ((Math.round((page.rotation || 0) / 90) * 90) % 360 + 360) % 360;
  for (const field of Object.values(page.form ? page.form.fields : {})) {
    const box = field.box ? field.box.map((v) => Math.round(v * scale)) : null;
    field.view = rules.rotateBox(box, turn, bitmap.width, bitmap.height);
  }
  if (!turn) return bitmap;
  const sideways = turn % 180 !== 0;
  const canvas = new OffscreenCanvas(sideways ? bitmap.height : bitmap.width, sideways ? bitmap.width : bitmap.height);
  const context = canvas.getContext("2d");
  context.translate(canvas.width / 2, canvas.height / 2);
  context.rotate((turn * Math.PI) / 180);
  context.drawImage(bitmap, -bitmap.width / 2, -bitmap.height / 2);
  bitmap.close();
  return createImageBitmap(canvas);
}

function drawPage(pageIndex) {
  const canvas = document.getElementById(`page-${pageIndex}`);
  const bitmap = state.bitmaps[pageIndex];
  if (!canvas || !bitmap) return;
  const scale = canvas.width / bitmap.width;
  const context = canvas.getContext("2d");
  context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  const page = state.result.pages.find((p) => p.index === pageIndex);
  if (!page || !page.form) return;
  for (const [name, field] of Object.entries(page.form.fields)) {
    if (!field.view) continue;
    const [x0, y0, x1, y1] = field.view;
    const current = state.current && state.current.page === pageIndex && state.current.name === name;
    context.lineWidth = current ? 4 : 2;
    context.strokeStyle = current ? "#e8a317" : field.needs_review && !field.checked ? "#c00000" : "#1f5fa8";
    context.strokeRect(x0 * scale, y0 * scale, (x1 - x0) * scale, (y1 - y0) * scale);
  }
}

function drawCrop(canvas, bitmap, box, height) {
  const [x0, y0, x1, y1] = box;
  const margin = Math.round((y1 - y0) * 0.15);
  const sx = Math.max(0, x0 - margin);
  const sy = Math.max(0, y0 - margin);
  const sw = Math.min(bitmap.width, x1 + margin) - sx;
  const sh = Math.min(bitmap.height, y1 + margin) - sy;
  canvas.height = height;
  canvas.width = Math.max(1, Math.round((sw / sh) * height));
  canvas.getContext("2d").drawImage(bitmap, sx, sy, sw, sh, 0, 0, canvas.width, canvas.height);
}

// --- building the page ---------------------------------------------------------------

function element(tag, attributes = {}, text = null) {
  const made = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined && value !== false) made.setAttribute(key, value === true ? "" : value);
  }
  if (text !== null) made.textContent = text;
  return made;
}

function makeControl(page, name, field) {
  const id = `v-${fieldId(page, name)}`;
  let input;
  if (field.kind === "choice") {
    input = element("select", { id });
    input.append(element("option", { value: "" }, "（未回答）"));
    for (const option of field.options || []) input.append(element("option", { value: option }, option));
    input.value = field.value ?? "";
  } else if (field.kind === "checkbox") {
    input = element("input", { id, type: "checkbox" });
    input.checked = field.value === true;
  } else if (field.kind === "text" && String(field.value ?? "").length > 40) {
    input = element("textarea", { id, rows: 3 });
    input.value = field.value ?? "";
  } else {
    input = element("input", { id, type: "text", spellcheck: "false", inputmode: field.kind === "digits" ? "numeric" : null });
    input.value = field.value ?? "";
  }
  input.dataset.page = page;
  input.dataset.name = name;
  const flagged = field.needs_review && !field.checked;
  input.setAttribute("aria-invalid", flagged ? "true" : "false");
  input.setAttribute("aria-describedby", `why-${fieldId(page, name)} note-${fieldId(page, name)}`);
  return input;
}

function describe(field) {
  const confidence = `確かさ ${Math.round((field.confidence ?? 0) * 100)}%`;
  return field.needs_review && !field.checked ? `要確認：${rules.reasonText(field)}（${confidence}）` : confidence;
}

function note(field) {
  if (field.kind === "date" && field.normalized) return rules.wareki(field.normalized);
  return "";
}

function fieldItem(entry, pagesWithForms) {
  const { page, name, field } = entry;
  const id = fieldId(page, name);
  const item = element("li", { class: "field", id: `f-${id}`, "data-page": page, "data-name": name });
  const crop = element("canvas", { class: "crop", role: "img", "aria-label": `「${field.title || name}」の用紙の画像` });
  if (field.view && state.bitmaps[page]) {
    drawCrop(crop, state.bitmaps[page], field.view, CROP_HEIGHT);
    // A long one-line box is shown above its value, full width, to stay readable.
    if (crop.width > 5 * crop.height) item.classList.add("wide");
  }
  const entryBox = element("div", { class: "entry" });
  const title = pagesWithForms > 1 ? `${field.title || name}（${page}ページ）` : field.title || name;
  entryBox.append(element("label", { for: `v-${id}` }, title), makeControl(page, name, field),
    element("p", { class: "why", id: `why-${id}` }, describe(field)),
    element("p", { class: "note", id: `note-${id}` }, note(field)));
  item.append(crop, entryBox);
  return item;
}

function pageFigure(page) {
  const figure = element("figure", { class: "page" });
  const bitmap = state.bitmaps[page.index];
  if (bitmap) {
    const canvas = element("canvas", { id: `page-${page.index}`, class: "page-image", role: "img", "aria-label": `${page.index}ページの画像（項目の枠つき）` });
    canvas.width = Math.min(PAGE_WIDTH, bitmap.width);
    canvas.height = Math.round(bitmap.height * (canvas.width / bitmap.width));
    figure.append(canvas);
  } else {
    figure.append(element("p", {}, "このページの画像はありません。"));
  }
  const caption = page.form ? `${page.index}ページ：${page.form.title || page.form.name}` : `${page.index}ページ：帳票なし（全文）`;
  figure.append(element("figcaption", {}, caption));
  return figure;
}

function textPage(page) {
  const box = element("div", { class: "full-text" });
  const id = `text-${page.index}`;
  const area = element("textarea", { id, rows: 20, "data-page": page.index });
  area.value = page.text || "";
  area.addEventListener("input", () => { page.text = area.value; });
  box.append(element("label", { for: id }, `${page.index}ページの全文`), area);
  return box;
}

function render() {
  view.textContent = "";
  const formPages = state.result.pages.filter((p) => p.form).length;
  const pages = element("div", { class: "pages" });
  for (const page of state.result.pages) {
    const row = element("section", { class: "page-row", "aria-label": `${page.index}ページ` });
    row.append(pageFigure(page));
    if (!page.form) row.append(textPage(page));
    pages.append(row);
  }
  const order = rules.fieldOrder(state.result);
  const flagged = order.filter((e) => e.field.needs_review).length;
  const list = element("ol", { class: "fields", id: "fields", "aria-label": "項目" });
  for (const entry of order) list.append(fieldItem(entry, formPages));
  const summary = formPages ? `項目 ${order.length} 件（要確認 ${flagged} 件を先に表示）` : "帳票のないページです。全文を確認して修正してください。";
  view.classList.toggle("textual", !formPages);
  view.append(element("p", { class: "summary" }, summary));
  if (formPages) view.append(list);
  view.append(pages);
  for (const page of state.result.pages) drawPage(page.index);
  actions.hidden = false;
}

// --- corrections ---------------------------------------------------------------------

function rawValue(input) {
  return input.type === "checkbox" ? input.checked : input.value;
}

// Check the control's value against its field's rules; on success keep it (a correction
// if it differs), else say why in the alert and leave the kept value as it was. The field
// counts as checked when the person took it (Enter, a change) or approved the job; a save
// alone checks only what changed.
function commit(input, looked = true) {
  const { page, name } = input.dataset;
  const field = fieldOf(page, name);
  const checked = rules.checkValue(field, rawValue(input), state.encoding);
  const id = fieldId(page, name);
  if (!checked.ok) {
    input.setAttribute("aria-invalid", "true");
    say(`「${field.title || name}」：${checked.message}`);
    return false;
  }
  const changed = checked.value !== field.value;
  if (changed) {
    field.value = checked.value;
    field.corrected = true;
  }
  field.normalized = checked.normalized;
  if (looked || changed) field.checked = true;
  const flagged = field.needs_review && !field.checked;
  input.setAttribute("aria-invalid", flagged ? "true" : "false");
  document.getElementById(`why-${id}`).textContent = describe(field);
  document.getElementById(`note-${id}`).textContent = note(field);
  say("");
  drawPage(Number(page));
  return true;
}

function commitAll(looked) {
  for (const input of view.querySelectorAll("#fields input, #fields select, #fields textarea")) {
    if (!commit(input, looked)) {
      input.focus();
      return false;
    }
  }
  return true;
}

// The next flagged field not yet checked after the focused one (in the shown order, from
// the top again past the last), or the approve (download) button when none is left.
export function nextFlagged(fromInput) {
  const inputs = [...view.querySelectorAll("#fields input, #fields select, #fields textarea")];
  const start = fromInput ? inputs.indexOf(fromInput) + 1 : 0;
  for (const input of [...inputs.slice(start), ...inputs.slice(0, start)]) {
    const field = fieldOf(input.dataset.page, input.dataset.name);
    if (field.needs_review && !field.checked && input !== fromInput) return input;
  }
  return document.getElementById(state.step === "approved" ? "download" : "approve");
}

function onFocus(event) {
  const input = event.target;
  if (!input.dataset || !input.dataset.name) return;
  const before = state.current;
  state.current = { page: Number(input.dataset.page), name: input.dataset.name };
  // Typing replaces the value read: a correction is the new value and Enter.
  if (input.tagName === "INPUT" && input.type === "text" && !input.readOnly) input.select();
  if (before && before.page !== state.current.page) drawPage(before.page);
  drawPage(state.current.page);
  document.getElementById(`f-${fieldId(input.dataset.page, input.dataset.name)}`)
    ?.scrollIntoView({ block: "nearest" });
}

function onKey(event) {
  const input = event.target;
  if (event.key === "Enter" && input.dataset && input.dataset.name
      && (input.tagName !== "TEXTAREA" || event.ctrlKey)) {
    event.preventDefault();
    if (!input.readOnly && !commit(input)) return;
    nextFlagged(input).focus();
  }
}

function onGlobalKey(event) {
  if (event.key === "Escape" && !zoom.hidden) {
    closeZoom();
  } else if (event.altKey && (event.code === "KeyZ")) {
    event.preventDefault();
    toggleZoom();
  } else if (event.altKey && event.code === "KeyS") {
    event.preventDefault();
    save();
  } else if (event.altKey && event.code === "KeyA") {
    event.preventDefault();
    approve();
  }
}

function closeZoom() {
  zoom.hidden = true;
  if (state.current) control(state.current.page, state.current.name)?.focus();
}

function toggleZoom() {
  if (!zoom.hidden) return closeZoom();
  if (!state.current) return say("拡大する項目を選んでください。");
  const field = fieldOf(state.current.page, state.current.name);
  const bitmap = state.bitmaps[state.current.page];
  if (!field || !field.view || !bitmap) return say("この項目の画像はありません。");
  drawCrop(document.getElementById("zoom-canvas"), bitmap, field.view, CROP_HEIGHT * 4);
  zoom.hidden = false;
  return undefined;
}

// --- the steps -----------------------------------------------------------------------

function currentDocument() {
  return rules.revisionDocument(state.result, [], state.person);
}

async function save(approving = false) {
  if (document.getElementById("save").disabled) return false;
  if (!commitAll(approving === true)) return false;
  const document_ = currentDocument();
  const names = rules.changedNames(state.saved, document_);
  if (!names.length) {
    say("");
    stateLine.textContent = `状態：${STEPS[state.step]}（修正はありません）`;
    return true;
  }
  document_.corrected = names;
  try {
    const done = await saveRevision(state.jobId, state.department, document_, names);
    state.saved = document_;
    showStep(done.step, done.holder);
    stateLine.textContent += `　${names.length}項目の修正を保存しました（第${done.revisions}版）。`;
    return true;
  } catch (error) {
    say(error.message);
    return false;
  }
}

async function approve() {
  if (document.getElementById("approve").disabled) return;
  if (!(await save(true))) return;
  try {
    const done = await postJson(`/api/jobs/${state.jobId}/approve`);
    showStep(done.step, done.holder);
    document.getElementById("download").focus();
  } catch (error) {
    say(error.message);
  }
}

async function download() {
  try {
    const file = rules.download([state.result], state.encoding, state.department);
    const done = await postJson(`/api/jobs/${state.jobId}/downloaded`);
    offerDownload(file.bytes, file.name, file.type);
    showStep(done.step, done.holder);
    document.getElementById("complete").focus();
  } catch (error) {
    say(error.message);
  }
}

async function complete() {
  try {
    await postJson(`/api/jobs/${state.jobId}/complete`);
    for (const bitmap of Object.values(state.bitmaps)) bitmap.close();
    state.result = null;
    view.textContent = "";
    actions.hidden = true;
    stateLine.textContent = "完了しました。この案件の結果と修正は消去されます。";
    view.append(element("a", { href: "/queue" }, "確認待ちに戻る"));
    view.querySelector("a").focus();
  } catch (error) {
    say(error.message);
  }
}

async function release() {
  try {
    await postJson(`/api/jobs/${state.jobId}/release`);
    window.location.assign("/queue");
  } catch (error) {
    say(error.message);
  }
}

// --- opening -------------------------------------------------------------------------

async function open(identity) {
  view.textContent = "復号しています…";
  const opened = await openJob(state.jobId, identity);
  state.result = opened.result;
  state.result.pages = state.result.pages || [];
  state.saved = opened.saved || currentDocument();
  for (const page of state.result.pages) {
    const blob = opened.images[page.index];
    if (blob) state.bitmaps[page.index] = await upright(page, blob);
  }
  render();
  showStep(state.step, state.holder);
  const first = view.querySelector("#fields li") ? nextFlagged(null) : view.querySelector("textarea");
  if (first) first.focus();
  window.Yomitori.openedAt = performance.now();
}

async function claim() {
  try {
    const done = await postJson(`/api/jobs/${state.jobId}/claim`);
    showStep(done.step, done.holder);
    return true;
  } catch (error) {
    say(error.message);
    view.textContent = "";
    if (main.dataset.role === "lead") offerRelease();
    return false;
  }
}

// Only 「担当を外す」: for a lead at a job someone else holds (the server checks; the ledger
// names both), or for the holder of a job their key cannot open.
function offerRelease() {
  actions.hidden = false;
  for (const button of actions.querySelectorAll("button")) button.disabled = button.id !== "release";
  document.getElementById("release").focus();
}

async function start() {
  window.Yomitori.startedAt = performance.now();
  for (const [id, handler] of [["save", save], ["approve", approve], ["download", download], ["complete", complete], ["release", release]]) {
    document.getElementById(id).addEventListener("click", handler);
  }
  view.addEventListener("focusin", onFocus);
  view.addEventListener("keydown", onKey);
  view.addEventListener("change", (event) => {
    if (event.target.dataset && event.target.dataset.name && !event.target.readOnly) commit(event.target);
  });
  document.addEventListener("keydown", onGlobalKey);
  if (!(await claim())) return;
  const identity = await storedIdentity(state.person);
  if (!identity) {
    askPassphrase();
    return;
  }
  try {
    await open(identity);
  } catch (error) {
    view.textContent = "";
    say(error.message); // the key is right but cannot open this job: asking again won't help
    offerRelease(); // the claim is the person's: let them put the job back
  }
}

function askPassphrase() {
  view.textContent = "";
  unlockForm.hidden = false;
  const field = document.getElementById("unlock-passphrase");
  field.focus();
  unlockForm.onsubmit = async (event) => {
    event.preventDefault();
    say("");
    try {
      const identity = await unlock(field.value, state.person);
      field.value = "";
      unlockForm.hidden = true;
      await open(identity);
    } catch (error) {
      say(error.message);
    }
  };
}

// For the browser tests and the benchmark: the rules and the page's own steps.
window.Yomitori = {
  ...rules, state, commit, commitAll, nextFlagged, save, approve, downloadJob: download, complete,
  forgetIdentity, startedAt: null, openedAt: null,
};
start();
