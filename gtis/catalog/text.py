"""Chinese and English text as terms: jieba words for Chinese, lower-cased words for Latin text,
and Chinese character bigrams so that unseen compounds still meet their parts."""

import re
from functools import cache

STOP = {
    *"的 和 与 及 等 或 在 对 为 以 其 中 包括 采用 用于 适用 适用于 进行".split(),
    *"相关 有关 以及 并 且 是 了".split(),
    *"符合 要求 标准 规定 达到 优于 国家 行业 技术 产品 活动 建设 运营 制造 设备 装备".split(),
    *"the and of for to in with a an on by as is are be from other its their".split(),
}
BIGRAM = "#"  # marks character bigrams: features for matching, never shown as reasons
HAN = re.compile(r"[\u4e00-\u9fff]+")
LATIN = re.compile(r"[a-zA-Z][a-zA-Z0-9\-]+")


@cache
def _jieba():  # type: ignore[no-untyped-def]
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def is_word(term: str) -> bool:
    """Whether a term is a word a reader recognises (English, or Chinese in jieba's
    dictionary or longer than two characters) rather than a mere character bigram."""
    if term in STOP:
        return False
    if term.isascii() or len(term) > 2:
        return True
    return len(term) == 2 and _jieba().dt.FREQ.get(term, 0) > 0


def segment(run: str) -> list[str]:
    """jieba's words of a run of Chinese characters."""
    return list(_jieba().cut(run))


def terms(text: str) -> list[str]:
    """The terms of `text`, repeated as often as they occur."""
    found: list[str] = []
    for run in HAN.findall(text):
        found.extend(word for word in segment(run) if len(word) > 1 and word not in STOP)
        found.extend(BIGRAM + run[i : i + 2] for i in range(len(run) - 1))
    for word in LATIN.findall(text):
        for part in word.lower().split("-"):
            if len(part) > 1 and part not in STOP:
                found.append(english_stem(part))
    return found


def english_stem(word: str) -> str:
    """A light stem, enough for plurals and -ing/-ed forms to meet (boilers → boiler)."""
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)] + keep
    return word
