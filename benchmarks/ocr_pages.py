"""Synthetic scans of Japanese municipal notices, with ground truth, for the OCR benchmark.

Each page is a fictional notice (a title and body lines) rendered with one of the Debian
Japanese fonts at 10.5 to 14 pt, then degraded the way a multifunction printer does it:
a few degrees of skew, pages fed upside down or sideways, blur, sensor noise, JPEG at
quality 60 to 90, 200 dpi, 1-bit CCITT G4 TIFF, a dark scanner backing around the sheet.
The output is deterministic for a given seed.
"""

from __future__ import annotations

import json
import random
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from benchmarks import ocr_sheets as sheets

PAPER_MM = (148.0, 105.0)  # A6 landscape: a half-sheet notice, width x height
MARGIN_MM = 12.0
LINE_PITCH = 1.65  # line pitch as a multiple of the font size
TITLE_PT = 14.0
BODY_PT = (10.5, 11.0, 12.0)

FONTS = {
    "ipaex-gothic": ("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf", 0),
    "ipaex-mincho": ("/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf", 0),
    "noto-sans-jp": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 0),
    "noto-serif-jp": ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 0),
}


@dataclass(frozen=True)
class Condition:
    """How a page is degraded: `turns` are the quarter turns it may be fed with (counter-
    clockwise), `skew` the largest and `min_skew` the smallest tilt in degrees, `noise` the
    Gaussian sensor noise sigma in gray levels, `blur` the optical blur sigma in pixels at
    300 dpi."""

    name: str
    turns: tuple[int, ...] = (0,)
    skew: float = 0.0
    min_skew: float = 0.0
    dpi: tuple[int, ...] = (300,)
    blur: float = 0.5
    noise: float = 3.0
    fmt: str = "png"  # png, jpeg, g3 or g4 (1-bit CCITT TIFF), or pdf-fax (1-bit in a PDF)
    backing: bool = False  # a dark scanner backing shows around the tilted sheet
    layout: str = "notice"  # notice, vertical, mixed (directions) or columns
    body_pt: tuple[float, ...] = ()  # body sizes to draw from; () : BODY_PT
    ink: tuple[int, int] = (0, 0)  # gray level of the ink, lowest and highest (faded print)
    colour: str = ""  # "seal": a red or blue seal over the text; "paper": coloured paper
    dpi_y: tuple[tuple[int, int], ...] = ()  # (x, y) resolutions of a fax; () : square
    text: str = "notice"  # the pool of the notices' lines (`TEXTS`)


CONDITIONS = (
    Condition("upright"),
    Condition("skewed", skew=5.0, min_skew=2.0),
    Condition("upside-down", turns=(2,), skew=1.0),
    Condition("sideways", turns=(1, 3), skew=1.0),
    Condition("200dpi", dpi=(200,), skew=1.0),
    Condition("noisy-jpeg", skew=2.0, blur=0.9, noise=14.0, fmt="jpeg"),
    Condition("g4-tiff", skew=2.0, fmt="g4"),
    Condition("mixed", turns=(0, 1, 2, 3), skew=5.0, dpi=(200, 300), blur=0.8, noise=10.0,
              fmt="jpeg", backing=True),
)
"""The conditions of issue #3: horizontal notices as multifunction printers scan them."""

PAGE_CONDITIONS = (
    Condition("vertical", layout="vertical", skew=1.0),
    Condition("vertical-turned", layout="vertical", turns=(1, 2, 3), skew=1.0, fmt="jpeg",
              noise=8.0),
    Condition("mixed-direction", layout="mixed", skew=1.0),
    Condition("seal", colour="seal", skew=1.0, fmt="jpeg", noise=6.0),
    Condition("fax-g3", fmt="g3", dpi=(200,), dpi_y=((200, 100), (204, 98)), skew=1.0,
              blur=0.3),
    Condition("fax-g4", fmt="g4", dpi=(200,), dpi_y=((200, 100), (204, 196)), skew=1.0,
              blur=0.3),
    Condition("coloured-paper", colour="paper", skew=1.0, fmt="jpeg", noise=6.0),
    Condition("faded", ink=(110, 160), blur=0.8, skew=1.0),
    Condition("8pt", body_pt=(8.0,), skew=1.0),
    Condition("two-columns", layout="columns", skew=1.0),
)
"""The conditions of issue #14: the rest of a ward's post."""

ALL_CONDITIONS = CONDITIONS + PAGE_CONDITIONS

FAX_CONDITIONS = (
    *(c for c in PAGE_CONDITIONS if c.name.startswith("fax-")),
    Condition("fax-pdf", fmt="pdf-fax", dpi=(200,), dpi_y=((200, 100), (204, 98)), skew=1.0,
              blur=0.3),
)
"""Faxes alone, and a fax saved as PDF the way fax machines and servers save received
ones (the page one 1-bit image at the fax's resolutions); not in `ALL_CONDITIONS`, so the
sets measured before it came read the same pages."""

OTHER_FAX_CONDITIONS = tuple(
    replace(condition, name=f"{condition.name}-{text}", text=text)
    for text in ("other", "later") for condition in FAX_CONDITIONS)
"""The fax conditions on notices of other lines (`TEXTS`): how the rules for fax lines, set
on `_BODY`'s, fare on words they were not made on."""

FRESH_FAX_CONDITIONS = tuple(replace(condition, name=f"{condition.name}-fresh", text="fresh")
                             for condition in FAX_CONDITIONS)
"""The fax conditions on the lines of `_FRESH_BODY`, apart from `OTHER_FAX_CONDITIONS` so
that the pages of `--set fax-other` stay those measured before."""

NEW_FAX_CONDITIONS = tuple(replace(condition, name=f"{condition.name}-new", text="new")
                           for condition in FAX_CONDITIONS)
"""The fax conditions on the lines of `_NEW_BODY`: notices written after the tenth round of
fax rules, to see how those rules fare on words none of them was made on."""

_PLACES = ("さくら区保健センター", "区役所本庁舎3階", "桜町地域センター", "中央図書館ホール",
           "みどり児童館", "北部福祉会館")
_TITLES = ("乳幼児健康診査のお知らせ", "国民健康保険料の納付について", "粗大ごみの出し方",
           "子育て支援センターだより", "予防接種のご案内", "住民税の申告について",
           "防災訓練の実施について", "転入届の受付について", "高齢者健康教室のご案内",
           "資源ごみ回収日の変更")
_BODY = (
    "日時 令和{y}年{m}月{d}日 午前{h}時から",
    "会場 {place}",
    "対象 区内に住所のある方",
    "申込みは{m}月{d}日までに電話でお願いします",
    "費用は無料です 定員{n}名 先着順",
    "持ち物 母子健康手帳と問診票",
    "問合せ 健康推進課 TEL 03-{a}-{b}",
    "受付時間 午前8時30分から午後5時まで",
    "本人確認書類をお持ちください",
    "納期限 令和{y}年{m}月末日",
    "口座振替の申込みは区役所窓口へ",
    "雨天の場合は中止します",
    "手数料 1点につき{fee}円から",
    "詳しくは区のホームページをご覧ください",
    "FAX 03-{a}-{b} No. {n}",
    "駐車場はありません 公共交通機関をご利用ください",
)

_OTHER_TITLES = ("児童手当の現況届について", "介護保険料のお知らせ", "住民票の写しの交付",
                 "マイナンバーカードの受け取り", "選挙のお知らせ", "犬の登録と狂犬病予防注射",
                 "図書館休館日のお知らせ", "ごみ収集日の変更について", "税務相談会の開催",
                 "保育園入園の申請について")
_OTHER_BODY = (
    "提出期限 令和{y}年{m}月{d}日（必着）",
    "申請書に必要事項を記入のうえ郵送してください",
    "受付窓口 区民課 戸籍住民係 {floor}番窓口",
    "交付手数料は1通{fee}円です",
    "振込先 さくら銀行 本店営業所 普通預金",
    "印鑑と本人確認書類をお持ちください",
    "代理人の場合は委任状が必要です",
    "開庁時間 平日午前8時30分から午後5時15分",
    "第{k}土曜日は午前9時から正午まで開庁します",
    "対象者には{m}月上旬に通知書を発送します",
    "期限を過ぎると手当が受けられなくなります",
    "電話番号 03-{a}-{b}（直通）",
    "内容に変更がある場合は届け出てください",
    "会場 区民会館 第{k}会議室",
    "参加費 無料 事前の申し込みが必要です",
    "駐輪場は台数に限りがあります",
    "詳細は同封の案内をお読みください",
    "お問い合わせは平日の開庁時間内にお願いします",
    "受付番号 第{n}号 担当 福祉事務所",
    "保険証は大切に保管してください",
)
"""Other lines of ward notices, written after the rules for fax lines were set on `_BODY`'s:
words, dates and counters they were not made on."""

_LATER_TITLES = ("道路工事のお知らせ", "区民まつり開催のご案内", "がん検診のお知らせ",
                 "成人式のご案内", "空き家の適正管理について", "町会・自治会への加入のお願い",
                 "敬老祝い品の贈呈について", "献血へのご協力のお願い", "水道メーターの検針",
                 "街路灯の修繕について")
_LATER_BODY = (
    "工事期間 令和{y}年{m}月{d}日から約2週間",
    "通行止めの区間は迂回路をご利用ください",
    "雨天順延 荒天の場合は翌週に延期します",
    "検診の自己負担金は{fee}円です",
    "70歳以上の方は自己負担金が免除されます",
    "はがきに住所・氏名・年齢を書いてお送りください",
    "当日は動きやすい服装でお越しください",
    "満{n}歳になる方に記念品をお贈りします",
    "ご不明な点は地域振興課までお問い合わせください",
    "所有者の方は建物の点検をお願いします",
    "騒音や振動でご迷惑をおかけします",
    "結果は{m}月中旬に郵便でお知らせします",
    "会費は月額{fee}円 年{k}回の清掃活動",
    "検針員は身分証明書を携帯しています",
    "故障を見つけたら電柱の番号をお知らせください",
    "献血は16歳から69歳までの方ができます",
    "受診票は{m}月下旬に発送する予定です",
    "整理券を{k}階ロビーで配布します",
    "ご協力をよろしくお願いいたします",
    "対象地域 さくら町{k}丁目から{floor}丁目",
)
"""More lines of ward notices, written after `ward_words.txt` was: how the fax rules and the
ward's words fare on words neither was made on."""

_FRESH_TITLES = ("国民年金保険料の免除について", "乳がん検診のご案内", "放置自転車の撤去について",
                 "児童館まつりのお知らせ", "介護認定の更新手続き", "期日前投票のご案内",
                 "家庭ごみの分け方と出し方", "住宅改修費の助成について", "区営住宅入居者の募集",
                 "防犯パトロール協力のお願い")
_FRESH_BODY = (
    "申請期間 令和{y}年{m}月{d}日から同月末日まで",
    "撤去した自転車は保管所で{n}日間保管します",
    "返還には身分証明書と鍵が必要です",
    "保管料{fee}円をお支払いいただきます",
    "対象は区内在住の40歳以上の女性です",
    "検診は予約制です 電話でお申し込みください",
    "投票所入場券は世帯ごとに郵送します",
    "期日前投票は区役所{floor}階で行います",
    "燃やすごみは週2回 朝8時までに出してください",
    "びん・缶・ペットボトルは分けて出してください",
    "助成額は工事費用の2分の1 上限10万円です",
    "工事の着工前に申請してください",
    "入居資格 区内に引き続き3年以上お住まいの方",
    "申込書は各出張所でも配布しています",
    "抽選結果は{m}月下旬に通知します",
    "更新の申請は有効期限の60日前から受け付けます",
    "主治医の意見書が必要になります",
    "小学生以下は保護者同伴でご参加ください",
    "不審な人を見かけたら警察に通報してください",
    "夜間の見回りにご協力いただける方を募集しています",
)
"""Lines of ward notices written after the fax rules of "Fax lines, fourth round"
(docs/benchmarks.md) and before any page of them was read: words no rule or word list was
made on."""

_NEW_TITLES = ("児童手当の現況届について", "図書館の休館日のお知らせ", "水道料金の口座振替について",
               "高齢者のインフルエンザ予防接種", "住民税の特別徴収について", "区民農園の利用者募集",
               "成人式のご案内", "空き家の適正管理のお願い", "大型ごみの収集日程",
               "健康診断の結果について")
_NEW_BODY = (
    "現況届は{m}月{d}日までに提出してください",
    "提出がない場合は手当の支給が止まります",
    "蔵書点検のため{m}月{d}日から休館します",
    "返却は正面入口の返却ポストをご利用ください",
    "引き落とし日は毎月{d}日です",
    "残高不足の場合は翌月に再度請求します",
    "接種費用の一部を区が助成します",
    "自己負担額は{fee}円です",
    "接種を希望する方は医療機関へ直接予約してください",
    "給与から差し引かれる住民税は年{k}回に分けて納めます",
    "退職した場合は残りの税額を一括で納めてください",
    "区画の広さは約{n}平方メートルです",
    "応募者多数の場合は公開抽選で決めます",
    "会場は区民ホール大ホールです",
    "振袖での参加も歓迎します",
    "当日は受付で案内状を提示してください",
    "屋根や外壁の破損は近隣の迷惑になります",
    "管理についての相談は住宅課で受け付けます",
    "家具や布団は大型ごみとして申し込んでください",
    "収集は申込から約{n}日後になります",
    "処理手数料は品目ごとに異なります",
    "精密検査が必要な方には個別に通知します",
    "結果の説明を希望する方は窓口へおいでください",
    "受診票を紛失した方は再発行できます",
    "詳しくは区のホームページをご覧ください",
    "電話受付は平日午前9時から午後5時までです",
    "代理人が手続きする場合は委任状が必要です",
    "印鑑と通帳をお持ちください",
    "申込期限を過ぎた場合は受け付けできません",
    "記入漏れがないか確認してから提出してください",
)
"""Lines of ward notices written after the tenth round of fax rules (docs/benchmarks.md)
and before any page of them was read."""

TEXTS = {"notice": (_TITLES, _BODY), "other": (_OTHER_TITLES, _OTHER_BODY),
         "later": (_LATER_TITLES, _LATER_BODY), "fresh": (_FRESH_TITLES, _FRESH_BODY),
         "new": (_NEW_TITLES, _NEW_BODY)}
"""The pools of notice lines: `_BODY`, which every condition draws from unless its `text`
names another."""


@dataclass(frozen=True)
class PageSpec:
    """One generated scan: its file, how it was made, and its text (lines joined by \\n)."""

    file: str
    condition: str
    font: str
    body_pt: float
    dpi: int
    rotation: int  # degrees clockwise that turn the scan upright
    skew: float  # degrees the sheet is tilted, counter-clockwise positive
    truth: str
    direction: str = "horizontal"  # horizontal, vertical or mixed (both on one page)
    dpi_y: int = 0  # lines per inch down the page where it differs from `dpi` (fax)


def notice_lines(rng: random.Random, text: str = "notice") -> list[str]:
    """A fictional notice: a title and 6 to 8 body lines of the pool `text` (`TEXTS`)."""
    values = {
        "y": rng.randint(5, 8), "m": rng.randint(1, 12), "d": rng.randint(1, 28),
        "h": rng.randint(9, 11), "n": rng.choice((20, 30, 40, 50)), "place": rng.choice(_PLACES),
        "a": rng.randint(1000, 9999), "b": rng.randint(1000, 9999),
        "fee": rng.choice((200, 400, 600)),
    }
    if text != "notice":  # the later pools draw more values; the first draws as it did
        values |= {"floor": rng.randint(1, 12), "k": rng.randint(1, 4),
                   "fee": rng.choice((300, 350, 450))}
    titles, lines = TEXTS[text]
    body = rng.sample(lines, rng.randint(6, 8))
    return [rng.choice(titles), *(line.format(**values) for line in body)]


def render(lines: list[str], font: str, body_pt: float, dpi: int) -> np.ndarray:
    """The clean sheet at `dpi`: black text on white paper, uint8 grayscale."""
    mm = dpi / 25.4
    size = (round(PAPER_MM[0] * mm), round(PAPER_MM[1] * mm))
    page = Image.new("L", size, 255)
    draw = ImageDraw.Draw(page)
    path, index = FONTS[font]
    y = MARGIN_MM * mm
    for number, line in enumerate(lines):
        points = TITLE_PT if number == 0 else body_pt
        face = ImageFont.truetype(path, round(points / 72 * dpi), index=index)
        if draw.textlength(line, font=face) > size[0] - 2 * MARGIN_MM * mm:
            raise ValueError(f"line too long for the sheet: {line}")
        draw.text((MARGIN_MM * mm, y), line, font=face, fill=0)
        y += points / 72 * dpi * LINE_PITCH
    if y > size[1] - MARGIN_MM * mm * 0.5:
        raise ValueError("too many lines for the sheet")
    return np.asarray(page, dtype=np.uint8)


def degrade(sheet: np.ndarray, condition: Condition, dpi: int, turns: int, skew: float,
            rng: np.random.Generator) -> np.ndarray:
    """The sheet (gray or RGB) as a scanner saves it: tilted by `skew` degrees, turned,
    blurred, noisy."""
    backing = 40 if condition.backing else 255
    fill = (backing,) * (3 if sheet.ndim == 3 else 1)
    if condition.backing:  # the scan area is larger than the sheet: a band of backing shows
        pad = round(5 / 25.4 * dpi)
        sheet = cv2.copyMakeBorder(sheet, pad, pad, pad, pad, cv2.BORDER_CONSTANT,
                                   value=fill)
    height, width = sheet.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), skew, 1.0)
    image = cv2.warpAffine(sheet, matrix, (width, height), flags=cv2.INTER_LINEAR,
                           borderValue=fill)
    image = np.rot90(image, turns).copy()
    sigma = condition.blur * dpi / 300
    if sigma > 0:
        image = cv2.GaussianBlur(image, (0, 0), sigma)
    noisy = image.astype(np.float32) + rng.normal(0.0, condition.noise, image.shape)
    return np.asarray(np.clip(noisy, 0, 255), dtype=np.uint8)


def save(image: np.ndarray, path: Path, fmt: str, dpi: int | tuple[int, int],
         quality: int) -> None:
    """Write the scan the way the scanner would: PNG, JPEG at `quality`, 1-bit G3 or G4
    TIFF, or a 1-bit page in a PDF (`pdf-fax`); `dpi` is one resolution or (x, y)."""
    picture = Image.fromarray(image)
    resolution = dpi if isinstance(dpi, tuple) else (dpi, dpi)
    if fmt == "jpeg":
        picture.save(path, quality=quality, dpi=resolution)
    elif fmt in ("g3", "g4", "pdf-fax"):
        bilevel = picture.point(lambda v: 255 if v >= 128 else 0).convert(
            "1", dither=Image.Dither.NONE)
        if fmt == "pdf-fax":
            bilevel.save(path, dpi=resolution)  # one CCITT image filling the page
        else:
            bilevel.save(path, compression={"g3": "group3", "g4": "group4"}[fmt],
                         dpi=resolution)
    else:
        picture.save(path, dpi=resolution)


@dataclass(frozen=True)
class _Sheet:
    image: np.ndarray
    lines: list[str]
    direction: str
    body_pt: float


def _sheet(condition: Condition, rng: random.Random, font: str, body_pt: float,
           dpi: int) -> _Sheet:
    """The clean printed sheet of one page of `condition`, and its text in reading order."""
    face = FONTS[font]
    if condition.layout == "vertical":
        lines = sheets.vertical_lines(rng)
        return _Sheet(sheets.vertical_notice(lines, face, body_pt, dpi), lines, "vertical",
                      body_pt)
    if condition.layout == "mixed":
        lines = sheets.vertical_lines(rng, (3, 5), longest=22)
        footer = sheets.footer_line(rng)
        image = sheets.mixed_notice(lines[0], lines[1:], footer, face, body_pt, dpi)
        return _Sheet(image, [*lines, footer], "mixed", body_pt)
    if condition.layout == "columns":
        lines = notice_lines(rng)
        extra = [line for line in notice_lines(rng)[1:] if line not in lines]
        body = [line for line in lines[1:] + extra if sheets.fits(line, face, body_pt, dpi, 88)]
        half = (len(body) + 1) // 2
        image = sheets.two_columns(lines[0], body[:half], body[half:], face, body_pt, dpi)
        return _Sheet(image, [lines[0], *body], "horizontal", body_pt)
    lines = notice_lines(rng, condition.text)
    return _Sheet(render(lines, font, body_pt, dpi), lines, "horizontal", body_pt)


def _printed(sheet: np.ndarray, condition: Condition, rng: random.Random,
             dpi: int) -> np.ndarray:
    """The sheet as printed: faded ink, coloured paper or a seal over the text."""
    if condition.ink != (0, 0):
        ink = rng.randint(*condition.ink)
        sheet = np.asarray(ink + sheet.astype(np.float32) * (255 - ink) / 255, dtype=np.uint8)
    if condition.colour == "seal":
        return sheets.seal(sheet, rng, dpi, rng.choice(sorted(sheets.SEAL_INKS)))
    if condition.colour == "paper":
        return sheets.tint(sheet, rng.choice(sorted(sheets.PAPERS)))
    return sheet


def generate(outdir: Path, pages: int, seed: int = 20240401,
             conditions: tuple[Condition, ...] = CONDITIONS) -> list[PageSpec]:
    """Write `pages` scans into `outdir` (conditions and fonts in turn) and `pages.json`."""
    outdir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    noise = np.random.default_rng(seed)
    fonts = sorted(FONTS)
    specs: list[PageSpec] = []
    for number in range(pages):
        condition = conditions[number % len(conditions)]
        font = fonts[(number // len(conditions)) % len(fonts)]
        body_pt = rng.choice(condition.body_pt or BODY_PT)
        dpi = rng.choice(condition.dpi)
        resolution: int | tuple[int, int] = dpi
        if condition.dpi_y:
            resolution = rng.choice(condition.dpi_y)
            dpi = resolution[0]
        turns = rng.choice(condition.turns)
        skew = round(rng.choice((-1, 1)) * rng.uniform(condition.min_skew, condition.skew), 2) + 0.0
        sheet = _sheet(condition, rng, font, body_pt, dpi)
        image = degrade(_printed(sheet.image, condition, rng, dpi), condition, dpi, turns,
                        skew, noise)
        if isinstance(resolution, tuple):
            image = sheets.fax(image, *resolution)
        ext = {"png": "png", "jpeg": "jpg", "g3": "tif", "g4": "tif",
               "pdf-fax": "pdf"}[condition.fmt]
        name = f"{number:04d}-{condition.name}.{ext}"
        save(image, outdir / name, condition.fmt, resolution, rng.randint(60, 90))
        rotation = (turns * 90) % 360  # np.rot90 turns counter-clockwise; undo clockwise
        dpi_y = resolution[1] if isinstance(resolution, tuple) else 0
        specs.append(PageSpec(name, condition.name, font, sheet.body_pt, dpi, rotation, skew,
                              "\n".join(sheet.lines), sheet.direction, dpi_y))
    manifest = [asdict(spec) for spec in specs]
    (outdir / "pages.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1),
                                       encoding="utf-8")
    return specs


def load(outdir: Path) -> list[PageSpec]:
    """The specs written by `generate` into `outdir`."""
    raw = json.loads((outdir / "pages.json").read_text(encoding="utf-8"))
    return [PageSpec(**item) for item in raw]
