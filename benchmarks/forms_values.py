"""Random, fictional answers for the `checkup-18m` questionnaire, with their expected reading.

Names, kana, addresses and telephone numbers are drawn from small fictional lists (common
surnames and given names, the fictional さくら区); dates come as era dates (令和, 平成 and
元年 included) or Western dates, so a form exercises every kind of field.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from handlers.forms.dates import to_era

SURNAMES = (
    ("佐藤", "サトウ"), ("鈴木", "スズキ"), ("高橋", "タカハシ"), ("田中", "タナカ"),
    ("伊藤", "イトウ"), ("渡辺", "ワタナベ"), ("山本", "ヤマモト"), ("中村", "ナカムラ"),
    ("小林", "コバヤシ"), ("加藤", "カトウ"), ("吉田", "ヨシダ"), ("山田", "ヤマダ"),
    ("佐々木", "ササキ"), ("山口", "ヤマグチ"), ("松本", "マツモト"), ("井上", "イノウエ"),
    ("木村", "キムラ"), ("林", "ハヤシ"), ("清水", "シミズ"), ("森", "モリ"),
    ("池田", "イケダ"), ("橋本", "ハシモト"), ("石川", "イシカワ"), ("前田", "マエダ"),
    ("藤田", "フジタ"), ("岡田", "オカダ"), ("長谷川", "ハセガワ"), ("村上", "ムラカミ"),
    ("近藤", "コンドウ"), ("坂本", "サカモト"), ("桜井", "サクライ"), ("青木", "アオキ"),
)
CHILDREN = (
    ("陽翔", "ハルト", "男"), ("蓮", "レン", "男"), ("湊", "ミナト", "男"), ("蒼", "アオイ", "男"),
    ("樹", "イツキ", "男"), ("大和", "ヤマト", "男"), ("悠真", "ユウマ", "男"),
    ("結翔", "ユイト", "男"), ("健太", "ケンタ", "男"), ("颯", "ハヤテ", "男"),
    ("陽葵", "ヒマリ", "女"), ("凛", "リン", "女"), ("詩", "ウタ", "女"), ("結菜", "ユイナ", "女"),
    ("葵", "アオイ", "女"), ("芽依", "メイ", "女"), ("紬", "ツムギ", "女"),
    ("さくら", "サクラ", "女"), ("ひなた", "ヒナタ", "女"), ("美月", "ミツキ", "女"),
)
GUARDIANS = (("美咲", "母"), ("由美", "母"), ("恵", "母"), ("優子", "母"), ("智子", "母"),
             ("彩", "母"), ("直樹", "父"), ("大輔", "父"), ("拓也", "父"), ("誠", "父"),
             ("和子", "その他"), ("清", "その他"))
TOWNS = ("中央", "桜町", "本町", "緑が丘", "東山", "西原", "南台", "北野", "若葉", "旭町")
NOTES = (
    "夜泣きが続いています。", "食事の量が少ないのが心配です。", "ことばが少ない気がします。",
    "保育園に通っています。", "歯みがきを嫌がります。", "特にありません。",
    "湿疹がなかなか治りません。", "転んでよく泣きます。", "兄と同じ園に通う予定です。",
)
QUESTIONS = 10
CONCERNS = ("concern_meal", "concern_sleep", "concern_speech", "concern_teeth",
            "concern_skin", "concern_other")

Answers = dict[str, str | bool | None]


def _written_date(day: date, rng: random.Random) -> str:
    """`day` as a person writes it: mostly the era form, sometimes Western."""
    style = rng.random()
    if style < 0.7:
        return to_era(day)
    if style < 0.85:
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.year}/{day.month}/{day.day}"


def _address(rng: random.Random) -> str:
    town = rng.choice(TOWNS)
    a, b, c = rng.randint(1, 5), rng.randint(1, 30), rng.randint(1, 20)
    if rng.random() < 0.5:
        return f"東京都さくら区{town}{a}丁目{b}番{c}号"
    return f"東京都さくら区{town}{a}-{b}-{c}"


def random_answers(rng: random.Random) -> tuple[Answers, dict[str, str]]:
    """Answers to write on a form, and the ISO date each date field should normalise to."""
    surname, surname_kana = rng.choice(SURNAMES)
    given, given_kana, sex = rng.choice(CHILDREN)
    guardian, relationship = rng.choice(GUARDIANS)
    filled = date(2020, 6, 1) + timedelta(days=rng.randrange(5 * 365))
    born = filled - timedelta(days=rng.randint(540, 600))  # about 18 to 20 months old
    height = rng.randint(440, 540)
    answers: Answers = {
        "filled_date": _written_date(filled, rng),
        "siblings": str(rng.choice((0, 1, 1, 2, 3))),
        "child_kana": f"{surname_kana} {given_kana}",
        "child_name": f"{surname} {given}",
        "birth_date": _written_date(born, rng),
        "sex": sex,
        "birth_weight": str(rng.randint(2300, 4100)),
        "birth_height": f"{height // 10}" if height % 10 == 0 else f"{height / 10:.1f}",
        "guardian_name": f"{surname} {guardian}",
        "relationship": relationship,
        "postal_code": f"1{rng.randint(0, 99):02d}-{rng.randint(0, 9999):04d}",
        "phone": rng.choice((f"03-{rng.randint(1000, 9999)}-{rng.randint(0, 9999):04d}",
                             f"0{rng.choice('789')}0-{rng.randint(1000, 9999)}-"
                             f"{rng.randint(0, 9999):04d}")),
        "address": _address(rng),
        "notes": "" if rng.random() < 0.4 else "".join(rng.sample(NOTES, rng.randint(1, 2))),
    }
    for number in range(1, QUESTIONS + 1):
        answers[f"q{number}"] = None if rng.random() < 0.03 else rng.choice(("はい", "いいえ"))
    for name in CONCERNS:
        answers[name] = rng.random() < 0.25
    dates = {"filled_date": filled.isoformat(), "birth_date": born.isoformat()}
    return answers, dates
