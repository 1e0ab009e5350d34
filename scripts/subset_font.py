"""Make the Chinese font that certificates embed: gtis/data/fonts/NotoSerifCJKsc-Regular-subset.otf.

The source is Noto Serif CJK SC Regular (SIL Open Font License 1.1) as Debian's
`fonts-noto-cjk` package installs it (`apt-get install fonts-noto-cjk`). The subset keeps
ASCII and Latin-1 (with pinyin's tone letters), general punctuation, letterlike symbols,
Roman numerals, arrows, circled numbers, box drawing and geometric shapes (□ stands in for a
character the font lacks), CJK symbols and punctuation, fullwidth forms and the whole basic
block of CJK Unified Ideographs (the source has U+4E00–U+9FEA, 20,971 hanzi: every GB2312 and
GBK hanzi and the rarer ones people's and companies' names use; it lacks only the 21 added to
the block since Unicode 10). It drops OpenType layout features and
hinting, which PDF text does not use. The same source gives the same file byte for byte.

    python scripts/subset_font.py [SOURCE.ttc] [--index 2]

Takes about five minutes on two cores.
"""

import argparse
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

SOURCE = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
SIMPLIFIED_CHINESE = 2  # the face index of "Noto Serif CJK SC" in the collection
TARGET = (
    Path(__file__).resolve().parent.parent / "gtis/data/fonts/NotoSerifCJKsc-Regular-subset.otf"
)
RANGES = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x017F),  # Latin-1 supplement, Latin Extended-A
    (0x01CD, 0x01DC),  # pinyin's third-tone letters (ǎ ǐ ǒ ǔ ǚ …)
    (0x2000, 0x206F),  # general punctuation: “ ” ‘ ’ — … ‰
    (0x2100, 0x214F),  # letterlike symbols: ℃ №
    (0x2160, 0x217F),  # Roman numerals
    (0x2190, 0x21FF),  # arrows
    (0x2460, 0x24FF),  # circled numbers
    (0x2500, 0x257F),  # box drawing
    (0x25A0, 0x25FF),  # geometric shapes: □ ■ ○ ●
    (0x3000, 0x303F),  # CJK symbols and punctuation: 、。《》【】〔〕
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xFF00, 0xFFEF),  # halfwidth and fullwidth forms: ，：；（）
]


def subset_font(source: str, index: int, target: Path) -> None:
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    # Keep the source's timestamp, so that the same source gives the same file.
    font = TTFont(source, fontNumber=index, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes={c for low, high in RANGES for c in range(low, high + 1)})
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    font.save(target, reorderTables=True)
    font.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", default=SOURCE)
    parser.add_argument("--index", type=int, default=SIMPLIFIED_CHINESE)
    parser.add_argument("--target", type=Path, default=TARGET)
    arguments = parser.parse_args()
    subset_font(arguments.source, arguments.index, arguments.target)
    print(f"{arguments.target}: {arguments.target.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
