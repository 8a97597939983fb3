"""Both OCR engines against real Tesseract, on text rendered with a Japanese font.

The pages are drawn at 300 dpi with IPAex Gothic at 50 px (12 pt). Nothing here is
skipped: without Tesseract, its language data or the font, these tests fail.
"""

import re
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from daemon.errors import ConfigError
from handlers.ocr import engine as engine_module
from handlers.ocr import models
from handlers.ocr.engine import (
    Engine,
    PytesseractEngine,
    Recognition,
    TesserocrEngine,
    available_languages,
    create_engine,
)
from handlers.ocr.layout import Line
from handlers.ocr.models import tessdata_dir

FONT = Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")
SAMPLE = ("乳幼児健康診査のお知らせ", "令和6年4月1日", "TEL 03-1234-5678")
DIGITS = "0123456789"
ENGINES = ("tesserocr", "pytesseract")


def render(lines: tuple[str, ...], *, size: int = 50, pad: int = 30) -> np.ndarray:
    """Black text on white, one line per entry, `size` pixels high (12 pt at 300 dpi)."""
    font = ImageFont.truetype(str(FONT), size)
    width = max(int(font.getlength(line)) for line in lines) + 2 * pad
    step = size * 17 // 10
    image = Image.new("L", (width, 2 * pad + step * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(lines):
        draw.text((pad, pad + index * step), line, font=font, fill=0)
    return np.asarray(image)


def render_crop(text: str, *, pad: int) -> np.ndarray:
    """`text` cut out tightly, `pad` pixels of white around its ink: a form field crop."""
    font = ImageFont.truetype(str(FONT), 50)
    left, top, right, bottom = (round(edge) for edge in font.getbbox(text))
    image = Image.new("L", (right - left + 2 * pad, bottom - top + 2 * pad), 255)
    ImageDraw.Draw(image).text((pad - left, pad - top), text, font=font, fill=0)
    return np.asarray(image)


def render_vertical(text: str) -> np.ndarray:
    """`text` as one vertical column (縦書き), one character under the other."""
    font = ImageFont.truetype(str(FONT), 50)
    image = Image.new("L", (140, 60 * len(text) + 60), 255)
    draw = ImageDraw.Draw(image)
    for index, char in enumerate(text):
        draw.text((45, 30 + index * 60), char, font=font, fill=0)
    return np.asarray(image)


def visible(text: str) -> str:
    return re.sub(r"\s", "", text)


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    return render(SAMPLE)


@pytest.fixture(scope="module")
def engines() -> Iterator[dict[str, Engine]]:
    made = {name: create_engine(name) for name in ENGINES}
    yield made
    for engine in made.values():
        engine.close()


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest, engines: dict[str, Engine]) -> Engine:
    return engines[request.param]


@pytest.fixture
def tess(engines: dict[str, Engine]) -> TesserocrEngine:
    engine = engines["tesserocr"]
    assert isinstance(engine, TesserocrEngine)
    return engine


@pytest.fixture
def jpn_eng_only(tmp_path: Path) -> Path:
    """A tessdata folder with only jpn and eng (links to the system files)."""
    folder = tmp_path / "tessdata"
    folder.mkdir()
    for language in ("jpn", "eng"):
        (folder / f"{language}.traineddata").symlink_to(tessdata_dir() / f"{language}.traineddata")
    return folder


def test_finds_the_system_language_data() -> None:
    assert (tessdata_dir() / "jpn.traineddata").is_file()
    assert {"jpn", "jpn_vert", "eng"} <= available_languages()


def test_tessdata_prefix_comes_first(monkeypatch: pytest.MonkeyPatch, jpn_eng_only: Path) -> None:
    monkeypatch.setenv("TESSDATA_PREFIX", str(jpn_eng_only))
    assert tessdata_dir() == jpn_eng_only
    assert available_languages() == {"jpn", "eng"}
    # Tesseract 3 style: the prefix is the parent of tessdata/.
    monkeypatch.setenv("TESSDATA_PREFIX", str(jpn_eng_only.parent))
    assert tessdata_dir() == jpn_eng_only


def test_tessdata_prefix_without_japanese_is_passed_over(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    assert tessdata_dir() in engine_module.SYSTEM_TESSDATA_DIRS


def test_missing_language_data_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("TESSDATA_PREFIX", raising=False)
    monkeypatch.setattr(models, "SYSTEM_TESSDATA_DIRS", (tmp_path,))
    with pytest.raises(ConfigError, match="apt-get install tesseract-ocr-jpn tesseract-ocr-eng"):
        tessdata_dir()


@pytest.mark.parametrize("kind", [TesserocrEngine, PytesseractEngine])
def test_missing_language_names_its_package(
    kind: type[TesserocrEngine | PytesseractEngine], jpn_eng_only: Path
) -> None:
    engine = kind(jpn_eng_only)
    with pytest.raises(ConfigError, match="apt-get install tesseract-ocr-jpn-vert"):
        engine.recognize(render_vertical("健康"), languages="jpn_vert")
    engine.close()


def test_reads_the_sample_page(engine: Engine, page: np.ndarray) -> None:
    result = engine.recognize(page, dpi=300)
    for line in SAMPLE:
        assert line in result.text.splitlines()  # spaces tidied, "TEL 03" kept
    assert 0.8 < result.confidence <= 1.0
    assert result.confidence == pytest.approx(
        sum(word.confidence for word in result.words) / len(result.words)
    )
    assert "".join(word.text for word in result.words) == visible(result.text)
    height, width = page.shape
    for word in result.words:
        x0, y0, x1, y1 = word.box
        assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height
        assert 0.0 <= word.confidence <= 1.0
    tel = next(word for word in result.words if word.text == "TEL")
    assert tel.box[1] > 2 * 50  # on the third line, below the first two


def test_engines_agree(engines: dict[str, Engine], page: np.ndarray) -> None:
    ours, theirs = (engines[name].recognize(page) for name in ENGINES)
    assert visible(ours.text) == visible(theirs.text)
    assert [word.text for word in ours.words] == [word.text for word in theirs.words]
    for a, b in zip(ours.words, theirs.words, strict=True):
        assert max(abs(p - q) for p, q in zip(a.box, b.box, strict=True)) <= 3


def test_rgb_reads_like_grayscale(engine: Engine, page: np.ndarray) -> None:
    rgb = np.repeat(page[:, :, None], 3, axis=2)
    assert engine.recognize(rgb).text == engine.recognize(page).text


def test_a_line_the_page_layout_read_as_nothing_is_read_on_its_own(
        engine: Engine, page: np.ndarray, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tesseract 5.5 (tesserocr's) read a whole line of a fax page as nothing, in page and
    line mode alike; here the page read drops the date line, and only it is read again."""
    kind = type(engine)
    assert issubclass(kind, (TesserocrEngine, PytesseractEngine))
    real: Callable[..., list[Line]] = kind._read
    reads: list[int] = []

    def dropping(self: object, pixels: np.ndarray, languages: str, psm: int, dpi: int,
                 whitelist: str, invert: bool = True) -> list[Line]:
        reads.append(psm)
        lines: list[Line] = real(self, pixels, languages, psm, dpi, whitelist, invert)
        if psm == 7:
            return lines
        return [line for line in lines if "令和" not in "".join(w.text for w in line.words)]

    monkeypatch.setattr(kind, "_read", dropping)
    result = engine.recognize(page, languages="jpn", dpi=300)
    assert result.text.splitlines() == list(SAMPLE)
    assert reads.count(7) == 1


def test_a_picture_and_a_logo_between_lines_add_no_line(engine: Engine) -> None:
    """Ink across which no line was read is read on its own only when it is line-sized, and
    kept only when it reads as letters: a photo's edge read as "| |" is not a line."""
    page = render(SAMPLE[:1] + ("",) * 10 + SAMPLE[2:]).copy()
    photo = np.random.default_rng(1).integers(0, 256, (500, 400)).astype(np.uint8)
    page[140:640, 60:460] = photo // 2 + 64  # a grey photo, seven lines high
    page[700:780, 30:200] = 0  # a solid logo, under two lines high
    text = engine.recognize(page, languages="jpn", dpi=300).text
    assert [line for line in text.splitlines() if line] == [SAMPLE[0], SAMPLE[2]], text


def test_digits_whitelist(engine: Engine) -> None:
    digits = render_crop("1001", pad=4)  # without the whitelist: "100 1"
    assert engine.recognize(digits, psm=7, whitelist=DIGITS).text == "1001"
    letters = render_crop("TEL", pad=20)
    assert not re.search("[A-Za-z]", engine.recognize(letters, psm=7, whitelist=DIGITS).text)
    # The whitelist of one call does not stick to the next.
    assert engine.recognize(letters, psm=7).text == "TEL"


def test_white_on_black_is_read_unless_inverting_is_off(engine: Engine) -> None:
    """Tesseract reads a line it is unsure of again as white on black, by default; the
    way-up test turns that off, and the setting does not stick to the next call."""
    banner = 255 - render(SAMPLE[:1])
    assert engine.recognize(banner, languages="jpn", psm=7).text == SAMPLE[0]
    assert SAMPLE[0] not in engine.recognize(banner, languages="jpn", psm=7, invert=False).text
    assert engine.recognize(banner, languages="jpn", psm=7).text == SAMPLE[0]


def test_vertical_text_defaults_to_psm_5(engine: Engine) -> None:
    column = render_vertical("乳幼児健康診査")
    result = engine.recognize(column, languages="jpn_vert")
    assert result.text == "乳幼児健康診査"
    assert result == engine.recognize(column, languages="jpn_vert", psm=5)


def test_empty_and_invalid_images(engine: Engine) -> None:
    assert engine.recognize(np.zeros((0, 0), np.uint8)) == Recognition("", 0.0, ())
    assert engine.recognize(np.full((80, 200), 255, np.uint8)) == Recognition("", 0.0, ())
    with pytest.raises(ValueError, match="uint8"):
        engine.recognize(np.zeros((10, 10), np.float32))


def test_tesserocr_reuses_one_api_per_thread(tess: TesserocrEngine, page: np.ndarray) -> None:
    crop = render_crop("1001", pad=4)
    tess.recognize(crop, psm=7, whitelist=DIGITS)
    api = tess.api_for("jpn+eng")
    # The call ran on this API: it still carries the call's whitelist.
    assert api.GetVariableAsString("tessedit_char_whitelist") == DIGITS
    tess.recognize(page)
    assert tess.api_for("jpn+eng") is api
    assert api.GetVariableAsString("tessedit_char_whitelist") == ""

    seen: dict[str, object] = {}

    def other_thread() -> None:
        seen["text"] = tess.recognize(page).text
        seen["api"] = tess.api_for("jpn+eng")

    for _ in range(3):
        worker = threading.Thread(target=other_thread)
        worker.start()
        worker.join()
        assert seen["api"] is not api
        assert SAMPLE[0] in str(seen["text"])
    # Ended threads' models are released when another is loaded: only this thread's and
    # the last worker's stay.
    assert {thread for thread, _ in tess._apis} == {threading.current_thread(), worker}
    assert tess.api_for("jpn+eng") is api


def test_tesserocr_threads_do_not_mix_results(tess: TesserocrEngine, page: np.ndarray) -> None:
    crop = render_crop("1001", pad=4)

    def read(index: int) -> str:
        if index % 2:
            return tess.recognize(crop, psm=7, whitelist=DIGITS).text
        return tess.recognize(page).text

    with ThreadPoolExecutor(max_workers=3) as pool:
        texts = list(pool.map(read, range(12)))
    for index, text in enumerate(texts):
        assert text == "1001" if index % 2 else text.splitlines() == list(SAMPLE)


def test_tesserocr_close_releases_and_reloads(page: np.ndarray) -> None:
    engine = TesserocrEngine()
    first = engine.recognize(page)
    api = engine.api_for("jpn+eng")
    engine.close()
    assert engine.recognize(page) == first
    assert engine.api_for("jpn+eng") is not api
    engine.close()


def test_create_engine_prefers_tesserocr() -> None:
    assert create_engine("auto").name == "tesserocr"
    assert create_engine("tesserocr").name == "tesserocr"
    assert create_engine("pytesseract").name == "pytesseract"
    with pytest.raises(ConfigError, match="Unknown OCR engine"):
        create_engine("easyocr")


def test_without_tesserocr_auto_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tesserocr", None)  # makes `import tesserocr` fail
    assert create_engine("auto").name == "pytesseract"
    with pytest.raises(ConfigError, match="tesserocr engine cannot run"):
        create_engine("tesserocr")


def test_without_tesseract_command_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ConfigError, match="apt-get install tesseract-ocr tesseract-ocr-jpn"):
        create_engine("pytesseract")


@pytest.mark.parametrize("languages", ["jpn_best", "jpn_std", "jpn_std+eng_best"])
def test_both_engines_read_with_the_second_opinion_models(engine: Engine,
                                                          languages: str) -> None:
    crop = render_crop("桜井 美咲", pad=8)
    assert visible(engine.recognize(crop, languages=languages, psm=13).text) == "桜井美咲"
    digits = render_crop("03-1111-5678", pad=8)
    reading = engine.recognize(digits, languages="eng_best", psm=13, whitelist="0123456789-")
    assert reading.text == "03-1111-5678"


@pytest.mark.parametrize("engine_name", ENGINES)
def test_a_japanese_page_or_block_has_its_lines_mended(
        engine_name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """8 pt Mincho reads 口座 as 日座 and 申込み as 貼込み, sure of both: a page's or a
    block's horizontal Japanese lines are mended as a fax's lines are, when asked; a form
    field (not asked, or a whitelist) and a vertical block are read as they are."""
    from handlers.ocr.engine import PSM_AUTO, PSM_BLOCK, PSM_VERTICAL_BLOCK
    from handlers.ocr.layout import Word

    misread = "日座振替の貼込みは区役所窓口へ"
    engine = create_engine(engine_name)
    monkeypatch.setattr(engine, "_read_checked", lambda *args: [
        Line((0, 0, 300, 30), (1, 1), [Word(misread, 0.95, (0, 0, 300, 30))])])
    page = np.full((40, 320), 255, np.uint8)
    try:
        for psm in (PSM_AUTO, PSM_BLOCK):
            for languages in ("jpn", "jpn+eng"):
                assert engine.recognize(page, languages=languages, psm=psm,
                                        mend=True).text == "口座振替の申込みは区役所窓口へ"
                assert engine.recognize(page, languages=languages, psm=psm).text == misread
        assert engine.recognize(page, languages="jpn", whitelist="日座", mend=True).text == (
            misread)
        assert engine.recognize(page, languages="jpn_vert", psm=PSM_VERTICAL_BLOCK,
                                mend=True).text == misread
        assert engine.recognize(page, languages="eng", mend=True).text == misread
    finally:
        engine.close()
