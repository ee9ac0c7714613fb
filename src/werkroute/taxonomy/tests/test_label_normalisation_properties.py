"""Properties of label normalisation and of the search built on it."""

import unicodedata

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from werkroute.taxonomy.search import normalise_label, search_occupations
from werkroute.taxonomy.tests.factories import OccupationFactory

# Labels as ESCO has them and as people type them: any letters and digits with accents, spaces,
# hyphens, slashes and brackets. Control characters do not occur in labels.
label_text = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn")),
    min_size=1,
    max_size=60,
)
word_labels = st.lists(
    st.text(
        st.sampled_from("abcdefghijklmnopqrstuvwxyzéèëïöüçñåøßABCDEFGHIJKLMNOPQRSTUVWXYZÉÖ0123456789"),
        min_size=1,
        max_size=12,
    ),
    min_size=1,
    max_size=4,
).flatmap(lambda words: st.sampled_from([" ", "-", "/", "  "]).map(lambda separator: separator.join(words)))


@given(label_text)
def test_normalising_twice_is_normalising_once(text):
    assert normalise_label(normalise_label(text)) == normalise_label(text)


@given(label_text)
def test_normalised_text_is_case_folded_without_accents_or_double_spaces(text):
    normalised = normalise_label(text)

    # Case folding, not lower(): Cherokee folds to its capitals, so that is the stable form there.
    assert normalised == normalised.casefold()
    assert not any(unicodedata.combining(char) for char in normalised)
    assert "  " not in normalised
    assert normalised == normalised.strip()


@given(word_labels)
def test_case_and_accents_and_spacing_do_not_change_the_normal_form(label):
    assert normalise_label(label.upper()) == normalise_label(label.lower())
    assert normalise_label(f"  {label}\t") == normalise_label(label)


class SearchFindsEveryLabelVerbatim(TestCase):
    @settings(max_examples=50, deadline=None)
    @given(preferred=word_labels, alternative=word_labels, others=st.lists(word_labels, max_size=3))
    def test_any_label_of_an_occupation_searched_verbatim_finds_that_occupation(
        self, preferred, alternative, others
    ):
        assume(len(normalise_label(preferred)) >= 2 and len(normalise_label(alternative)) >= 2)
        occupation = OccupationFactory(preferred_label=preferred, alt_labels=[alternative])
        for label in others:
            OccupationFactory(preferred_label=label)

        for label in (preferred, alternative):
            matches = search_occupations(label)
            found = {match.occupation_id: match for match in matches}
            assert occupation.pk in found, (label, [match.matched_label for match in matches])
            # A verbatim query is an exact match, so it ranks first among any other occupations.
            assert normalise_label(matches[0].matched_label) == normalise_label(label)
