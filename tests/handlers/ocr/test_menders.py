"""Lines mended where a misreading leaves a trace (`handlers.ocr.menders`): the dates, TEL,
丁目 and the look-alikes, and how doubtful a line reads."""

from __future__ import annotations

from datetime import date

import pytest

from handlers.ocr import lexicon, menders


def test_dates_era_names_and_counters_count_as_words() -> None:
    # The word list predates 令和 and holds 年, 日 and 階 only inside longer words.
    assert menders.left_over("令和6年4月3日午前10時") == 0
    assert menders.left_over("本庁舎3階") == menders.left_over("本庁舎")
    assert menders.left_over("令和6个4月3日") == 1  # 个 is no counter
    # A day after 月 is followed by 日 (or a range), and is a day of that month.
    assert menders.broken_dates("4月3日までに") == 0
    assert menders.broken_dates("4月1～3日、5月2、3日") == 0
    assert menders.broken_dates("4月31までに") == 1  # 日 lost
    assert menders.broken_dates("4月31日、2月30日、13月1日") == 3  # no such days
    assert menders.broken_dates("令和5年5J3日") == 1  # 月 lost
    assert menders.broken_dates("令和5年度、2024年12月") == 0
    # An era's year it never reached, or 令和 more than ERA_AHEAD years from now.
    in_2026 = date(2026, 11, 30)
    assert menders.broken_dates("平成31年、昭和64年、令和13年", in_2026) == 0
    assert menders.broken_dates("平成32年、昭和65年、令和18年", in_2026) == 3


def test_a_day_whose_hi_lost_its_crossbars_gets_it_back() -> None:
    assert menders.dated("4月311までに") == "4月3日までに"  # 31日 is no day of April
    assert menders.dated("7月11||午前9時") == "7月11日午前9時"
    assert menders.dated("7月1111午前9時") == "7月11日午前9時"
    assert menders.dated("4月3|]午前") == "4月3日午前"
    assert menders.dated("納期限4月311") == "納期限4月3日"  # at the end of the line too
    # Two readings of the strokes are days of the month: the one with 日's two uprights.
    assert menders.dated("12月111") == "12月1日"  # not 11日 with one upright
    assert menders.dated("7月211午前9時") == "7月2日午前9時"
    assert menders.dated("4月1～3日") == "4月1～3日"
    assert menders.dated("電話03-3311-1790") == "電話03-3311-1790"


def test_a_day_whose_hi_was_lost_without_a_trace_gets_it_back() -> None:
    assert menders.dated("3月3までに電話") == "3月3日までに電話"
    assert menders.dated("5月31までに") == "5月31日までに"  # read as written, not 3日
    assert menders.dated("提出期限4月15（必着）") == "提出期限4月15日（必着）"
    # Not at the end of a line (the date may go on), before a range or list mark, or where
    # no such day is.
    assert menders.dated("令和5年4月1") == "令和5年4月1"
    assert menders.dated("4月1、2日") == "4月1、2日"
    assert menders.dated("2月30まで 13月3まで") == "2月30まで 13月3まで"


def test_a_count_of_days_gets_its_hi_back() -> None:
    assert menders.days_counted("保管所で501間保管") == "保管所で50日間保管"
    assert menders.days_counted("有効期限の60川前から") == "有効期限の60日前から"
    assert menders.days_counted("3011間") == "30日間"
    assert menders.days_counted("1時間 第1期間 2週間") == "1時間 第1期間 2週間"


def test_tel_before_a_telephone_number_gets_its_letters_back() -> None:
    assert menders.telephoned("健康推進課 T'FI. 03-8074-6810") == "健康推進課 TEL 03-8074-6810"
    assert menders.telephoned("課TFL03-6 課TE103-54 課TE 03-1") == "課TEL03-6 課TEL03-54 課TEL 03-1"
    assert menders.telephoned("TEL. 03-5397-2488") == "TEL. 03-5397-2488"  # as read
    # E read as an upright, a speck before T: 'TII.
    assert menders.telephoned("健康推進課'TII 03-6590-1145") == "健康推進課TEL 03-6590-1145"
    assert menders.telephoned("ATFL03-1 TE 0120") == "ATFL03-1 TE 0120"  # no telephone number
    # E read as 1, L as T, a speck as a comma.
    assert menders.telephoned("課T1L.03-9711-7527") == "課TEL03-9711-7527"
    assert menders.telephoned("課TET,03-2638-5588") == "課TEL03-2638-5588"
    assert menders.telephoned("課THI03-3498-3113") == "課TEL03-3498-3113"
    # A speck between the letters, and E read as V.
    assert menders.telephoned("課 TH:I, 03-4110-9983") == "課 TEL 03-4110-9983"
    assert menders.telephoned("課 'TVL. 03-5961-5934") == "課 TEL 03-5961-5934"
    # No. before a number, its o read as a zero.
    assert menders.telephoned("FAX03-1200-6771N0.40") == "FAX03-1200-6771No.40"
    assert menders.telephoned("MAN0.4") == "MAN0.4"
    # L read as J; a speck inside the number read as a colon; a full stop after it stays.
    assert menders.telephoned("課TFJ.03-8820-3325") == "課TEL03-8820-3325"
    assert menders.telephoned("TEL03-1:331-3582") == "TEL03-1331-3582"
    for text in ("TEL03-1331-3582.", "時間9:00-17:00", "03-1:3:31-3582"):
        assert menders.telephoned(text) == text


def test_a_reiwa_year_of_a_day_made_ten_years_later_by_a_speck_loses_the_1(
        monkeypatch: pytest.MonkeyPatch) -> None:
    in_2026 = date(2026, 11, 30)  # 令和8年: years up to 令和13 may be written
    assert menders.era_yeared("提出期限令和15年5月1日", in_2026) == "提出期限令和5年5月1日"
    assert menders.era_yeared("日時令和15年8月7日午前9時", in_2026) == "日時令和5年8月7日午前9時"
    # A year that can be, a year no 1 was added to, and a plan's year with no day stay.
    for text in ("令和11年4月1日", "令和13年4月1日", "令和20年4月1日", "令和17年度まで"):
        assert menders.era_yeared(text, in_2026) == text
    # A line is mended so, as of today.
    monkeypatch.setattr(menders, "date", Today2026)
    pieces = menders.mended_pieces(menders.one_by_one("期限令和15年5月1日"))
    assert menders.pieces_text(pieces) == "期限令和5年5月1日"


class Today2026(date):
    @classmethod
    def today(cls) -> Today2026:
        return cls(2026, 11, 30)


def test_a_counter_with_its_suffix_counts_as_a_word() -> None:
    # 週 after a number counts as a word, so 間 must not be left alone: 2週間 is one.
    assert menders.left_over("約2週間") < menders.left_over("約2週問")
    assert all(menders.left_over(text) == 0 for text in ("2時間", "令和7年度", "3回目"))


def test_the_shipped_lookalikes_are_the_strokes_a_fax_loses() -> None:
    """The measured table (benchmarks/fax_lookalikes.py) holds the misreadings seen most:
    入 read as 人, 自 as 白; and no character stands for itself."""
    table = menders.lookalikes()
    assert "入" in table["人"] and "自" in table["白"]
    assert all(read not in meant for read, meant in table.items())


def test_more_of_what_a_fax_leaves_of_a_chome() -> None:
    # 丁 read as T, I or an opening bracket; 目 as H or its uprights alone.
    assert menders.addressed("さくら町1THから6IH") == "さくら町1丁目から6丁目"
    assert menders.addressed("さくら町1」11から2」1") == "さくら町1丁目から2丁目"
    assert menders.addressed("さくら町4「目から") == "さくら町4丁目から"
    # Uprights followed by a digit or a date's counter are a number: they stay.
    assert menders.addressed("「第3」11月") == "「第3」11月"
    assert menders.addressed("「第3」12日") == "「第3」12日"


def test_tesseracts_lookalikes_mend_the_line_chosen_too() -> None:
    """The shipped table of Tesseract's misreadings on faxed pages holds 店 for 庁 and 仕
    for 住: 開店 is a word, but 開庁 is the ward's; 仕所 is no word, 住所 is."""
    assert "庁" in menders.tesseract_lookalikes()["店"]
    assert menders.to_ward_words("平日の開店時間内に") == "平日の開庁時間内に"
    assert menders.to_ward_words("はがきに仕所・氏名") == "はがきに住所・氏名"
    assert menders.to_ward_words("駅前の商店街") == "駅前の商店街"  # 商庁 is no word


def test_a_word_is_not_turned_into_a_ward_word_the_grammar_reads_worse() -> None:
    """公開 is a word, and 公園, its look-alike, one of the ward's words: the words alone
    would take 公園. The grammar knows both and reads 公園抽選 worse, so the line stays as
    read. It does not know 開庁, so there the ward's words still decide."""
    assert "園" in menders.either_lookalikes("開")
    assert lexicon.in_ward_words("公園抽選で決めます") > lexicon.in_ward_words("公開抽選で決めます")
    assert menders.to_ward_words("応募者多数の場合は公開抽選で決めます") == (
        "応募者多数の場合は公開抽選で決めます")
    assert menders.to_ward_words("資料は公開します") == "資料は公開します"
    assert menders.to_ward_words("平日の開店時間内に") == "平日の開庁時間内に"
    assert menders.to_ward_words("中込みは窓口へ") == "申込みは窓口へ"
    # Where a look-alike leaves the line less doubtful, the grammar is not asked.
    assert menders.to_ward_words("抽選結果は1月下介に通知します") == "抽選結果は1月下旬に通知します"


def test_a_range_between_two_numbers_gets_its_wave_dash_back() -> None:
    assert menders.ranged("約30て40%の時間短縮") == "約30～40%の時間短縮"
    assert menders.ranged("約30こ40%") == "約30～40%"
    assert menders.ranged("1〜3歳") == menders.ranged("1~3歳") == "1～3歳"
    # A hyphen or ー between numbers may be a telephone number's; て after a number stays.
    assert menders.ranged("03-1234-5678") == "03-1234-5678"
    assert menders.ranged("03ー1234ー5678") == "03ー1234ー5678"
    assert menders.ranged("3日にお越しいただいて") == "3日にお越しいただいて"
    assert menders.ranged("Version 1~2") == "Version 1~2"  # no Japanese: as read
    assert menders.mended_text("約30て40%の時間短縮") == "約30～40%の時間短縮"


def test_either_readers_lookalikes_are_merged_the_recognizers_first(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(menders, "lookalikes", lambda: {"中": ("申", "車")})
    monkeypatch.setattr(menders, "tesseract_lookalikes",
                        lambda: {"中": ("車", "串"), "店": ("庁",)})
    assert menders.either_lookalikes("中") == ("申", "車", "串")
    assert menders.either_lookalikes("店") == ("庁",)
    assert menders.either_lookalikes("一") == ()


def test_a_chome_whose_cho_was_lost_entirely_gets_it_back() -> None:
    assert menders.addressed("さくら町1目から5目") == "さくら町1丁目から5丁目"
    assert menders.addressed("本町3目2番") == "本町3丁目2番"
    # A number counted with 目 after another counter, or 目 in a word, stays.
    assert menders.addressed("2回目と3番目") == "2回目と3番目"
    assert menders.addressed("1目的") == "1目的"


def test_the_middle_dot_has_no_lookalikes() -> None:
    # Punctuation: びん・缶 must not become びん一缶 because 一 and the next kanji make a word.
    assert "・" not in menders.lookalikes() and "・" not in menders.tesseract_lookalikes()


def test_an_upright_next_to_a_kanji_is_a_kanji_that_lost_its_crossbars() -> None:
    assert menders.uprighted("1事期間令和8年") == "工事期間令和8年"
    assert menders.uprighted("開庁時間平1午前8時") == "開庁時間平日午前8時"
    assert menders.uprighted("1治医の意見書") == "主治医の意見書"
    # H is 日 or 申 without their top and bottom bars; a date's day gets its 日 back.
    assert menders.uprighted("H時令和6年") == "日時令和6年"
    assert menders.uprighted("H込書は各出張所") == "申込書は各出張所"
    assert menders.dated("申込みは12月14Hまでに") == "申込みは12月14日までに"
    # Two uprights at the line's start before a kanji: 口 or 日 without crossbars.
    assert menders.uprighted("11座振替の申込みは") == "口座振替の申込みは"
    # A number stays a number: counted, in a date, or beside other digits; Latin stays.
    for text in ("1件300円", "令和8年1月1日", "第1条", "TEL03-1234", "区HPで", "11月1日から",
                 "11日から受付"):
        assert menders.uprighted(text) == text


def test_a_months_last_day_gets_its_strokes_back() -> None:
    assert menders.month_ended("令和7年12月1日から同月未11まで") == "令和7年12月1日から同月末日まで"
    assert menders.month_ended("同月末11まで") == "同月末日まで"
    assert menders.month_ended("納期限 10月末川") == "納期限 10月末日"
    assert menders.month_ended("同月未日") == "同月末日"
    assert menders.month_ended("9月5日から同月本日まで") == "9月5日から同月末日まで"
    assert menders.month_ended("納期限令和8年9月木川") == "納期限令和8年9月末日"
    assert menders.month_ended("毎月未11までに") == "毎月末日までに"
    assert menders.month_ended("翌々月木11") == "翌々月末日"
    # 未満 after a month, a day already there, a number after 末, and 月 and 木 as Monday
    # and Thursday stay.
    for text in ("1か月未満の方", "同月末日まで", "5月末1日", "年度末11月", "毎週月木曜日",
                 "毎週月木1回", "受付 月木11時から", "（月木）1l時"):
        assert menders.month_ended(text) == text


def test_a_months_tsuki_read_as_kawa_or_en_gets_it_back() -> None:
    assert menders.monthed("抽選結果は8円下旬に通知します") == "抽選結果は8月下旬に通知します"
    assert menders.monthed("受診票は10川下旬に") == "受診票は10月下旬に"
    assert menders.monthed("令和7年5川3日") == "令和7年5月3日"
    # A part of the month follows a month, never a day: 5日下旬, 11目下旬.
    assert menders.monthed("受診票は5日下旬に") == "受診票は5月下旬に"
    assert menders.monthed("11目上旬") == "11月上旬"
    # The 旬 of a part of the month read as 句 or 付, with or without the 月.
    assert menders.monthed("抽選結果は4川下付に") == "抽選結果は4月下旬に"
    assert menders.monthed("9月中句に") == "9月中旬に"
    # A price before days, and a number no month has, stay.
    for text in ("1回300円3日間", "料金300円上旬", "13川下旬", "5日中に", "10日間", "月下付"):
        assert menders.monthed(text) == text



def test_a_katakana_of_the_ha_row_may_take_the_other_sound_mark() -> None:
    assert menders.either_lookalikes("ベ")[-1] == "ペ"
    assert menders.to_ward_words("区民ブールは休館") == "区民プールは休館"
    assert menders.to_ward_words("びん・缶・ベットボトル") == "びん・缶・ペットボトル"
    assert menders.to_ward_words("ベッドを置く") == "ベッドを置く"  # a word as it is


def test_the_shin_of_an_application_left_as_its_uprights_gets_it_back() -> None:
    assert menders.applied("電話でおいし込みください") == "電話でお申し込みください"
    assert menders.applied("い込書は各出張所でも") == "申込書は各出張所でも"
    # After a kanji, い before 込 is okurigana.
    for text in ("払い込みは", "振り込み", "追い込み", "お申し込み"):
        assert menders.applied(text) == text


def test_desu_and_masu_whose_su_a_speck_voiced_get_it_back() -> None:
    assert menders.politely_ended("費用は無料でず定員20名") == "費用は無料です定員20名"
    assert menders.politely_ended("よろしくお願いいたしまず") == "よろしくお願いいたします"
    assert menders.politely_ended("いたしまず。以上") == "いたします。以上"
    # まず that begins a sentence, and でず inside a word, stay.
    for text in ("まず最初に", "水でずぶ濡れ"):
        assert menders.politely_ended(text) == text


def test_the_ji_of_a_time_of_day_gets_its_strokes_back() -> None:
    assert (menders.clocked("受付川間午前830分から午後5I\\まで")
            == "受付時間午前8時30分から午後5時まで")
    assert menders.clocked("午前1030分 午前10川から") == "午前10時30分 午前10時から"
    assert menders.clocked("午前91時から") == "午前9時から"  # a speck made an hour of 91
    assert menders.clocked("午前11時から") == "午前11時から"
    # 時 left as a speck read as 1 or an upright, where the hour cannot take it (81, 101).
    assert menders.clocked("午前8130分から午前10I30分") == "午前8時30分から午前10時30分"
    assert menders.clocked("午前1130分") == "午前11時30分"  # the hour read whole if it can be
    # No hour of 13 after 午後, no 60 minutes; 11 without 時 is no 1 with a lost 時; a count
    # of days after a number is `days_counted`'s.
    for text in ("午後1330分", "午前960分", "午後2530分", "午前8I60分", "午後11まで",
                 "午後5時15分", "3川間"):
        assert menders.clocked(text) == text


def test_a_kanji_read_twice_is_read_once_where_that_makes_words() -> None:
    assert menders.undoubled("本人人確認書類をお持ちください") == "本人確認書類をお持ちください"
    # Two words that meet on the same kanji stay.
    for text in ("会社社長", "学生生活"):
        assert menders.undoubled(text) == text


def test_a_one_before_a_counter_left_as_a_bracket_gets_it_back() -> None:
    assert menders.counted_one("手数料]点につき400円から") == "手数料1点につき400円から"
    assert menders.counted_one("定員|名") == "定員1名"
    # Where a 1 makes the line no better, the bracket stays.
    assert menders.counted_one("注意]点検") == "注意]点検"


def test_noon_whose_sei_was_read_as_tomaru_gets_it_back() -> None:
    assert menders.timed("午前9時から止生まで開庁") == "午前9時から正午まで開庁"
    for text in ("中止年1回", "停止午後"):
        assert menders.timed(text) == text


def test_brackets_that_pair_with_none_make_a_line_doubtful() -> None:
    assert menders.unpaired("上限10万」です") == 1
    assert menders.unpaired("保管所で20|】問保管します") == 1
    assert menders.unpaired("午後5時*『まで") == 1  # opened, never closed
    assert menders.unpaired("電話番号（3-5464-9989（直通）") == 1
    assert menders.unpaired("定[]20名") == 1  # a box read as its sides
    assert menders.left_over("上限10万」です") == menders.left_over("上限10万です") + 1
    # Pairs of either width, nested, and a list's number at the line's start are no
    # remnants.
    for text in ("受付（平日のみ)", "「広報」をご覧ください", "［注］（「広報」参照）", "1）申込書",
                 "(2) 申込方法", "a) 方法", "①）対象"):
        assert menders.unpaired(text) == 0, text


def test_a_person_read_as_ten_thousand_gets_its_stroke_back() -> None:
    # 方 read as 万 where no number stands before it and a particle follows.
    assert menders.not_numbered("69歳までの万ができます") == "69歳までの方ができます"
    assert menders.not_numbered("ご協力いただける万を募集") == "ご協力いただける方を募集"
    for text in ("1万を超える", "数万は", "十万で", "万が一の場合", "10万円", "万全の体制",
                 "万に一つ"):
        assert menders.not_numbered(text) == text
