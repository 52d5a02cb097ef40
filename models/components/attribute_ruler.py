"""A faster drop-in for spaCy's attribute ruler: the same patterns, the same token attributes.

en_core_web_sm's attribute ruler maps tags to POS and morphology with 179 patterns, 171 of
them on a single token with plain values (TAG, LOWER, DEP, IS_SPACE). spaCy runs every pattern
through the Matcher and sets each match on its own, which made it cost more than half the
parser. Here a single-token plain pattern is a dictionary lookup: the attributes a token gets
depend only on its (tag, lower, dep, is_space), so they are merged once per distinct key and
cached. The few other patterns (two tokens, operators) still go through a Matcher. Matching is
done on the tokens as they were before any change, and later patterns win, as in spaCy's.

`use_fast_attribute_ruler(nlp)` swaps the ruler of a loaded pipeline for this one.
"""

from __future__ import annotations

import itertools
import re
from typing import Any, Callable, Iterable

import numpy
from spacy.attrs import LEMMA, MORPH, POS

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs


def getattr_id(token: Any, attr_id: int) -> int:
    """A token attribute by its spaCy attribute id (POS, MORPH, LEMMA), as `Doc.to_array` gives it."""
    return {POS: token.pos, MORPH: token.morph.key, LEMMA: token.lemma}[attr_id]

# Token attributes a plain single-token pattern may test (read off each token in this order).
_KEY_ORDER = ("TAG", "LOWER", "DEP", "IS_SPACE")
# Attributes written for all tokens at once (set one by one only when a rule also sets others).
_BULK = ("POS", "MORPH", "LEMMA")
_BULK_IDS_ORDER = (POS, MORPH, LEMMA)
_BULK_IDS = frozenset(_BULK_IDS_ORDER)
_MISSING = object()
_CACHE_SIZE = 200_000  # distinct (tag, lower, dep, is_space) keys kept


@Language.factory("claimscope_attribute_ruler", default_config={"validate": False})
def make_fast_attribute_ruler(nlp: Language, name: str, validate: bool) -> "FastAttributeRuler":
    return FastAttributeRuler(nlp.vocab, name, validate=validate)


class FastAttributeRuler(AttributeRuler):
    """spaCy's AttributeRuler with plain single-token patterns looked up instead of matched."""

    def __init__(self, vocab: Any, name: str = "attribute_ruler", *, validate: bool = False) -> None:
        super().__init__(vocab, name, validate=validate)
        self._compiled: tuple[dict, list, Matcher, list[int]] | None = None
        self._cache: dict[tuple, dict | None] = {}

    def add(self, patterns: Iterable[Any], attrs: dict, index: int = 0) -> None:
        super().add(patterns, attrs, index)
        self._compiled = None

    def clear(self) -> None:
        super().clear()
        self._compiled = None

    def _compile(self) -> tuple[dict, list, Matcher, list[int]]:
        """Plain single-token patterns by the values they test; the rest in a Matcher of their own.

        A plain pattern tests TAG, LOWER, DEP or IS_SPACE for equality, membership (`IN`) or a
        regular expression (`REGEX`); table keys hold the values as `Doc.to_array` gives them
        (string hashes, 0/1).
        """
        if self._compiled is not None:
            return self._compiled
        plain: dict[tuple[int, ...], dict[tuple, list[int]]] = {}
        tests: list[tuple[int, list[tuple[int, Callable[[Any], bool]]]]] = []
        complex_matcher = Matcher(self.vocab, validate=False)
        complex_ids: list[int] = []
        for k, rule_patterns in enumerate(self.matcher_patterns_by_id()):
            for pattern in rule_patterns:
                plain_form = self._plain_form(pattern) if self.indices[k] in (0, -1) else None
                if plain_form is None or "_" in self.attrs[k]:
                    complex_matcher.add(str(k), [pattern])
                    complex_ids.append(k)
                elif plain_form[0] is not None:  # equality and membership: table rows
                    columns, rows = plain_form
                    for row in rows:
                        plain.setdefault(columns, {}).setdefault(row, []).append(k)
                else:  # a regular expression among the tests: checked once per distinct key
                    tests.append((k, plain_form[1]))
        self._compiled = (plain, tests, complex_matcher, complex_ids)
        self._cache = {}
        return self._compiled

    def _plain_form(self, pattern: list[dict]) -> tuple[tuple[int, ...], Any] | None:
        """How a single-token pattern is checked without the Matcher, or None when it cannot be.

        (columns, rows): every value row of the tested columns that matches; or (None, checks):
        (column, predicate on the value) pairs, when a test is a regular expression.
        """
        if len(pattern) != 1 or not pattern[0]:
            return None
        tested = {a.upper(): v for a, v in pattern[0].items()}
        if any(a not in _KEY_ORDER for a in tested):
            return None
        columns = tuple(i for i, a in enumerate(_KEY_ORDER) if a in tested)
        choices: list[list[int]] = []
        checks: list[tuple[int, Callable[[Any], bool]]] = []
        for i in columns:
            check = self._value_check(_KEY_ORDER[i], tested[_KEY_ORDER[i]])
            if check is None:
                return None
            options, predicate = check
            choices.append(options)
            checks.append((i, predicate))
        if all(options for options in choices):
            return columns, list(itertools.product(*choices))
        return None, checks

    def _value_check(self, attr: str, value: Any) -> tuple[list[int], Callable[[Any], bool]] | None:
        """(the values that match, as hashes or 0/1; empty for a regex) and a predicate on a key value."""
        if isinstance(value, dict):
            if set(value) == {"IN"} and isinstance(value["IN"], list):
                options = value["IN"]
            elif set(value) == {"REGEX"} and isinstance(value["REGEX"], str) and attr != "IS_SPACE":
                regex = re.compile(value["REGEX"])
                return [], lambda v: regex.search(self.vocab.strings[v]) is not None
            else:
                return None
        else:
            options = [value]
        if attr == "IS_SPACE":
            if not all(isinstance(o, bool) for o in options):
                return None
            hashed = [int(o) for o in options]
        elif all(isinstance(o, str) for o in options):
            hashed = [self.vocab.strings.add(o) for o in options]
        else:
            return None
        allowed = set(hashed)
        return hashed, lambda v: v in allowed

    def matcher_patterns_by_id(self) -> list[list[list[dict]]]:
        """The Matcher patterns of each added rule, in the order they were added."""
        return [self.matcher.get(self.vocab.strings[str(k)])[1] for k in range(len(self.attrs))]

    @staticmethod
    def _plain_ids(plain: dict, tests: list, key: tuple) -> list[int]:
        """The rules whose plain patterns match a token with these key values."""
        ids: list[int] = []
        for columns, table in plain.items():
            ids += table.get(tuple(key[i] for i in columns), ())
        ids += [k for k, checks in tests if all(predicate(key[i]) for i, predicate in checks)]
        return sorted(set(ids))

    def _merged(self, ids: list[int]) -> dict | None:
        merged: dict = {}
        for k in ids:
            merged.update(self.attrs[k])
        return merged or None

    def __call__(self, doc: Doc) -> Doc:
        try:
            plain, tests, complex_matcher, _ = self._compile()
            extra: dict[int, list[int]] = {}
            if len(complex_matcher):
                for m_id, start, end in complex_matcher(doc, allow_missing=True):
                    k = int(self.vocab.strings[m_id])
                    index = self.indices[k]
                    extra.setdefault(start + index if index >= 0 else end + index, []).append(k)
            keys = doc.to_array(_KEY_ORDER).tolist() if len(doc) else []
            values = doc.to_array(_BULK).tolist() if len(doc) else []
            for i, key in enumerate(map(tuple, keys)):
                if i in extra:
                    attrs = self._merged(sorted(set(self._plain_ids(plain, tests, key) + extra[i])))
                else:
                    attrs = self._cache.get(key, _MISSING)
                    if attrs is _MISSING:
                        if len(self._cache) >= _CACHE_SIZE:  # a long-running service meets ever new words
                            self._cache.clear()
                        attrs = self._cache[key] = self._merged(self._plain_ids(plain, tests, key))
                if not attrs:
                    continue
                if attrs.keys() <= _BULK_IDS:  # the usual case: POS, MORPH, LEMMA, written in one go below
                    row = values[i]
                    for col, attr_id in enumerate(_BULK_IDS_ORDER):
                        if attr_id in attrs:
                            row[col] = attrs[attr_id]
                else:
                    set_token_attrs(doc[i], attrs)
                    values[i] = [getattr_id(doc[i], a) for a in _BULK_IDS_ORDER]
            if values:
                doc.from_array(_BULK, numpy.asarray(values, dtype="uint64"))
            return doc
        except Exception as e:  # pragma: no cover - spaCy's error handler decides
            return self.get_error_handler()(self.name, self, [doc], e)


def use_fast_attribute_ruler(nlp: Language, name: str = "attribute_ruler") -> None:
    """Replace spaCy's attribute ruler `name` in `nlp` by FastAttributeRuler with the same patterns."""
    if name not in nlp.pipe_names:
        return
    old = nlp.get_pipe(name)
    if isinstance(old, FastAttributeRuler) or not isinstance(old, AttributeRuler):
        return
    patterns = old.patterns
    new = nlp.replace_pipe(name, "claimscope_attribute_ruler", config={"validate": False})
    new.add_patterns(patterns)
