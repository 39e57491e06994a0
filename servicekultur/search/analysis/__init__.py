"""German analysis: folding, stemming, stop words, compounds, hyphen variants, synonyms."""

from servicekultur.search.analysis.analyzer import GermanAnalyzer
from servicekultur.search.analysis.compounds import CompoundSplitter
from servicekultur.search.analysis.folding import fold, words_in
from servicekultur.search.analysis.synonyms import Synonyms

__all__ = ["CompoundSplitter", "GermanAnalyzer", "Synonyms", "fold", "words_in"]
