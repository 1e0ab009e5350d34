"""Reading reference data kept as YAML (model contracts, assessment schemes): every mapping
remembers its line, so a check can refuse a file naming the file, the line and the key."""

from typing import Any, NoReturn

import yaml

LANGUAGES = ("zh", "en")


class DataFileError(ValueError):
    """A data file that cannot be used, naming the file, the line and the key."""


class LineMapping(dict[str, Any]):
    """A YAML mapping that remembers the line it starts on and the line of each key."""

    line = 0
    key_lines: dict[str, int] = {}


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineMapping:
    pairs = loader.construct_mapping(node, deep=True)
    mapping = LineMapping((str(key), value) for key, value in pairs.items())
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {str(key.value): key.start_mark.line + 1 for key, _value in node.value}
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class Checker:
    """Checks of one file's data; every refusal raises `error` naming the file, line and key."""

    error: type[DataFileError] = DataFileError

    def __init__(self, name: str) -> None:
        self.name = name

    def load(self, text: str) -> LineMapping:
        """The file's top-level mapping."""
        try:
            data = yaml.load(text, Loader=_LineLoader)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = f", line {mark.line + 1}" if mark is not None else ""
            raise self.error(f"{self.name}{line}: not valid YAML ({error})") from error
        return self.mapping(data, "(top)", 1)

    def fail(self, where: Any, key: str, problem: str) -> NoReturn:
        """Refuse, at the line of `key`'s last part in `where` (or where `where` starts)."""
        last = key.rsplit(".", 1)[-1].split("[", 1)[0]
        line = getattr(where, "key_lines", {}).get(last) or getattr(where, "line", 0)
        at = f", line {line}" if line else ""
        raise self.error(f"{self.name}{at}, {key}: {problem}")

    def mapping(self, value: Any, key: str, line: int) -> LineMapping:
        if not isinstance(value, LineMapping):
            where = LineMapping()
            where.line = line
            self.fail(where, key, "must be a mapping")
        return value

    def sequence(
        self, parent: LineMapping, key: str, path: str = "", empty: bool = False
    ) -> list[Any]:
        value = parent.get(key, [] if empty else None)
        if not isinstance(value, list) or (not value and not empty):
            self.fail(
                parent,
                self.path(path, key),
                "must be a non-empty list" if not empty else "must be a list",
            )
        return value

    def words(self, parent: LineMapping, key: str, path: str = "") -> dict[str, str]:
        """A text in every language: `{zh: …, en: …}`, each stripped."""
        full = self.path(path, key)
        value = self.mapping(parent.get(key), full, parent.line)
        for language in LANGUAGES:
            words = value.get(language)
            if not isinstance(words, str) or not words.strip():
                self.fail(value, f"{full}.{language}", "is missing")
        return {language: value[language].strip() for language in LANGUAGES}

    @staticmethod
    def path(path: str, key: str) -> str:
        return f"{path}.{key}" if path else key
