"""What one article says of its entities, and the entity graph's quads and updates."""

from __future__ import annotations

import pyoxigraph as ox

from graph.rdf.entities import Description, changes_update, description_quads, descriptions, merged, shrunk
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


def test_shrunk_names_the_entities_a_new_version_says_less_of():
    war, aid = descriptions(war_article(), VOCAB), descriptions(aid_article(), VOCAB)
    assert shrunk(war, war) == set()
    assert shrunk({}, war) == set()
    assert US in shrunk(war, aid)  # "U.S." is no longer said
    assert str(VOCAB.entity("Kharkiv")) in shrunk(war, aid)  # not named any more


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
