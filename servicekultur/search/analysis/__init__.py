"""German analysis: folding, stemming, stop words, compounds, hyphen variants, synonyms, and
the arrays of analysed words the index writer works on (``tokens``, ``inverted``)."""

from servicekultur.search.analysis.analyzer import STOPWORDS, GermanAnalyzer
from servicekultur.search.analysis.compounds import CompoundSplitter
from servicekultur.search.analysis.folding import fold, words_in
from servicekultur.search.analysis.lexicon import Lexicon
from servicekultur.search.analysis.synonyms import Synonyms

__all__ = [
    "STOPWORDS",
    "CompoundSplitter",
    "GermanAnalyzer",
    "Lexicon",
    "Synonyms",
    "fold",
    "load_analyzer",
    "words_in",
]


def load_analyzer(
    words,
    lexicon: Lexicon | None = None,
    folded: bool = False,
    parts: bool = False,
    build: bool = False,
) -> GermanAnalyzer:
    """The analyzer of an index: its compound dictionary comes from the indexed words (folded
    already if ``folded``; ``parts``: only those that may be parts, ``QueryWords.known``) and
    the lexicon stored with the index. ``build``: for one index build, which closes it when
    every word is analysed (its caches are unbounded dicts, see ``GermanAnalyzer``)."""
    known = words if folded or parts else {fold(w) for w in words}
    splitter = CompoundSplitter(
        known,
        stopwords=STOPWORDS,
        lexicon=lexicon,
        filtered=parts,
        cache=None if build else 200_000,
    )
    return GermanAnalyzer(splitter, cache=None if build else 500_000)
