"""What one article says of its entities, and the entity graph's quads and updates."""

from __future__ import annotations

import pyoxigraph as ox

from graph.rdf.entities import Description, changes_update, description_quads, descriptions, merged, shrunk, without
from graph.rdf.vocab import Vocabulary
from tests.factories import aid_article, war_article

VOCAB = Vocabulary()
US = str(VOCAB.entity("United States"))


def test_an_article_describes_each_entity_it_names():
    said = descriptions(war_article(), VOCAB)
    assert said[str(VOCAB.entity("Russia"))] == Description({"Russia"}, {"GPE"}, {"Russian"})
    assert said[US] == Description({"United States"}, {"GPE"}, {"U.S."})


def test_descriptions_of_several_articles_merge_into_their_union():
    union = merged([descriptions(war_article(), VOCAB), descriptions(aid_article(), VOCAB)])
    assert union[US] == Description({"United States"}, {"GPE"}, {"U.S.", "the United States"})
    assert len({q for q in description_quads(VOCAB, union) if q.subject.value == US and q.predicate.value.endswith("#label")}) == 1


def test_shrunk_gives_what_a_new_version_no_longer_says():
    war, aid = descriptions(war_article(), VOCAB), descriptions(aid_article(), VOCAB)
    assert shrunk(war, war) == {}
    assert shrunk({}, war) == {}
    lost = shrunk(war, aid)
    assert lost[US] == Description(set(), set(), {"U.S."})  # the label and type are still said
    kharkiv = str(VOCAB.entity("Kharkiv"))
    assert lost[kharkiv] == war[kharkiv]  # not named any more: all of it


def test_without_drops_values_and_entities_left_without_a_label():
    union = merged([descriptions(war_article(), VOCAB), descriptions(aid_article(), VOCAB)])
    kharkiv = str(VOCAB.entity("Kharkiv"))
    kept = without(union, {US: Description(set(), set(), {"U.S."}), kharkiv: Description({"Kharkiv"}, set(), set())})
    assert kept[US].aliases == {"the United States"} and kharkiv not in kept


def test_changes_update_touches_only_what_differs():
    before = description_quads(VOCAB, descriptions(war_article(), VOCAB))
    assert changes_update(VOCAB, before, before) is None
    after = description_quads(VOCAB, descriptions(aid_article(), VOCAB))
    store = ox.Store()
    store.extend(before)
    update = changes_update(VOCAB, before, after)
    assert update is not None
    store.update(update)
    assert set(store) == set(after)
