"""Chinese and English text as terms: jieba words for Chinese, lower-cased words for Latin text,
and Chinese character bigrams so that unseen compounds still meet their parts."""

import re
from functools import cache

STOP = {
    *"的 和 与 及 等 或 在 对 为 以 其 中 包括 采用 用于 适用 适用于 进行".split(),
    *"相关 有关 以及 并 且 是 了".split(),
    *"符合 要求 标准 规定 达到 优于 国家 行业 技术 产品 活动 建设 运营 制造 设备 装备".split(),
    *"the and of for to in with a an on by as is are be from".split(),
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


def terms(text: str) -> list[str]:
    """The terms of `text`, repeated as often as they occur."""
    found: list[str] = []
    for run in HAN.findall(text):
        found.extend(word for word in _jieba().cut(run) if len(word) > 1 and word not in STOP)
        found.extend(BIGRAM + run[i : i + 2] for i in range(len(run) - 1))
    found.extend(word.lower() for word in LATIN.findall(text) if word.lower() not in STOP)
    return found
