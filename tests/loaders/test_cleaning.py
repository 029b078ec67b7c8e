"""loaders.cleaning: line-shape rules, digest splitting and boilerplate removal."""

from __future__ import annotations

import re

import pytest

from loaders.cleaning import (
    clean_document,
    clean_story,
    ends_like_sentence,
    has_glued_words,
    is_call_to_action,
    is_caption,
    is_embedded_post,
    looks_like_headline,
    normalize_text,
    strip_credit,
)

DIGEST = "003_fe6cc361229522df.txt"

# --- line shapes --------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Officials met in Geneva.", True),
        ("“We will rebuild,” she said.", True),
        ('He called it "a turning point."', True),
        ("Is this the end?", True),
        ("Council approves budget", False),
        ("Note from the editor:", False),
        ("Sources say the vote was delayed (Reuters)", False),
    ],
)
def test_ends_like_sentence(line, expected):
    assert ends_like_sentence(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Floods cut off villages in northern Italy", True),
        ("Minister: talks with Serbia will resume in March", True),
        ("Floods cut off villages in northern Italy.", False),  # a sentence
        ("Weather", False),  # too short to be a title
        ("rescuers reached the villages late on Monday", False),  # starts lower-case
        ("Sign up for our daily briefing", False),  # an appeal
        ("Read the report at https://example.org/report", False),
    ],
)
def test_looks_like_headline(line, expected):
    assert looks_like_headline(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Rescuers search the rubble in Antakya on Feb. 7, 2023. (Jane Roe / AFP)", True),
        ("The prime minister arrives in Tokyo. (Kim Lee/Bloomberg via Getty Images)", True),
        ("Protesters gather outside parliament, March 2, 2024 (AP Photo/John Smith)", True),
        ("Monthly arrivals across the Channel in 2024. (Harbour Gazette)", True),
        ("Photo: Maria Silva for The Daily Courier", True),
        ("The agency said the toll had risen to 40 (up from 35 on Monday).", False),
        ("The alliance (NATO) met on Tuesday.", False),
        ("The minister spoke to reporters in Brussels (Belgium) on Monday", False),
    ],
)
def test_is_caption(line, expected):
    assert is_caption(line) is expected


def test_strip_credit_leaves_a_sentence():
    line = "Rescuers search the rubble in Antakya on Feb. 7, 2023 (Jane Roe / AFP)"
    assert strip_credit(line) == "Rescuers search the rubble in Antakya on Feb. 7, 2023."


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Sign up to our newsletter for the latest headlines", True),
        ("Turn on notifications to never miss a story.", True),
        ("Your donation keeps our reporters in the field.", True),
        ("Support us with a monthly contribution.", True),
        ("Comments (12)", True),
        ("Please refresh your browser to continue.", True),
        ("Thank you for subscribing!", True),
        ("Follow our live coverage at the link below.", True),
        ("“Thank you for your support,” the president told parliament.", False),  # quoted speech
        ("The company began donating satellite terminals in 2022.", False),
        ("The alliance pledged to support Kyiv for as long as it takes.", False),
        ("Putin attended the signing in Moscow on Saturday.", False),
        ("The streaming service added five million subscribers in the quarter.", False),
        ("Many analysts share this view.", False),
    ],
)
def test_is_call_to_action_ignores_quoted_speech_and_news_vocabulary(line, expected):
    assert is_call_to_action(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Huge crowds in #Tbilisi tonight, says @GeoReporter", True),
        ("We stand with them. pic.twitter.com/AbC123xyz", True),
        ("— Jane Roe (@janeroe) March 3, 2024", True),
        ("Write to the desk at news@example.com about corrections.", False),
        ("The #1 priority, the minister said, is safety.", False),
    ],
)
def test_is_embedded_post(line, expected):
    assert is_embedded_post(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Five takeaways from the summitFirst, the leaders agreed", True),
        ("the vote was close.Critics said", True),
        ("Storm hits coast“We lost everything,” she said", True),
        ("McDonald's reopened 400 restaurants in Kyiv.", True),  # glued shape, but a sentence: kept by cleaning
        ("Officials met in Geneva on Monday.", False),
        ("The U.S. and the E.U. agreed.", False),
    ],
)
def test_has_glued_words(line, expected):
    assert has_glued_words(line) is expected


def test_normalize_text_folds_spaces_and_zero_width_characters():
    assert normalize_text("The\u00a0Times \u200breported\r\n  this  \tweek ") == "The Times reported\nthis week"


# --- synthetic pages from other sites ----------------------------------------------

NEWS_PAGE = """\
Sign up for our morning briefing newsletter

Floods cut off villages in northern Italy

Rescuers used boats to reach stranded residents

By Maria Rossi
Tuesday 14 May 2024 08:15 CET

Heavy rain caused rivers to burst their banks across the Po valley on Monday, cutting off dozens of villages.
The regional government said 3,000 people had been evacuated.

Residents wade through a flooded street in Cremona, Italy on May 13, 2024. (Luca Bianchi/Reuters)

Emergency crews worked through the night.

Share this article on Facebook

Dams under pressure

Engineers warned that two dams were close to capacity, the civil protection agency said.

"We have never seen water this high," said mayor Paolo Verdi.

"We have never seen water this high."

Five takeaways from the election resultsFirst, turnout rose in every region…Floods cut off villag

Your support keeps our journalism free for everyone
We are independent and answer only to our readers.
Every contribution, big or small, makes a difference.
Support us from just 1 euro
Comments (3)
"""


def test_news_page_keeps_title_and_story_sentences_only():
    (story,) = clean_document(NEWS_PAGE, keep_captions=False)
    assert story.title == "Floods cut off villages in northern Italy"
    assert story.paragraphs == (
        "Heavy rain caused rivers to burst their banks across the Po valley on Monday, cutting off dozens of villages.",
        "The regional government said 3,000 people had been evacuated.",
        "Emergency crews worked through the night.",
        "Engineers warned that two dams were close to capacity, the civil protection agency said.",
        '"We have never seen water this high," said mayor Paolo Verdi.',
    )
    assert story.text.startswith("Floods cut off villages in northern Italy\n\nHeavy rain caused rivers")


def test_news_page_reports_why_each_line_was_dropped():
    (story,) = clean_document(NEWS_PAGE, keep_captions=False)
    reasons = dict(story.dropped)
    assert reasons["Residents wade through a flooded street in Cremona, Italy on May 13, 2024. (Luca Bianchi/Reuters)"] == "caption"
    assert reasons["We are independent and answer only to our readers."].startswith("call to action")
    assert reasons["Dams under pressure"].startswith("not a sentence")
    assert reasons['"We have never seen water this high."'].startswith("pull quote")
    assert reasons["By Maria Rossi"].startswith("not a sentence")


def test_captions_are_kept_by_default_without_credit():
    (story,) = clean_document(NEWS_PAGE)
    assert "Residents wade through a flooded street in Cremona, Italy on May 13, 2024." in story.paragraphs
    assert not any("Reuters)" in p for p in story.paragraphs)


BULLET_DIGEST = """\
Morning digest for subscribers: editor@example.com

● Port workers strike over pay in Rotterdam

Port workers strike over pay in Rotterdam

Dock workers walked out on Friday after talks with employers broke down.

The union said the strike would last two days.

Read our latest investigationThe port authority has long

Newsletter settings can be changed at any time.

● Dutch parliament backs new housing law

Dutch parliament backs new housing law

Lawmakers approved the bill by 88 votes to 62 on Thursday.

More from the desk: Port workers strike over pay in RotterdamDock workers walked out.

Read our latest investigationThe port authority has long

Newsletter settings can be changed at any time.
"""


def test_bullet_digest_is_split_into_stories_without_shared_footer():
    stories = clean_document(BULLET_DIGEST)
    assert [s.title for s in stories] == [
        "Port workers strike over pay in Rotterdam",
        "Dutch parliament backs new housing law",
    ]
    assert stories[0].paragraphs == (
        "Dock workers walked out on Friday after talks with employers broke down.",
        "The union said the strike would last two days.",
    )
    assert stories[1].paragraphs == ("Lawmakers approved the bill by 88 votes to 62 on Thursday.",)
    assert ("More from the desk: Port workers strike over pay in RotterdamDock workers walked out.", "glued teaser") in (stories[1].dropped)


PLAIN_DIGEST = """\
Wildfire forces evacuations near Athens
Wildfire forces evacuations near Athens
Firefighters battled a wildfire north of Athens on Sunday.
Hundreds of residents left their homes.
Chile elects new president
Chile elects new president
Voters in Chile chose a new president in a run-off vote.
"""


def test_digest_without_bullets_splits_on_headlines_repeated_straight_away():
    stories = clean_document(PLAIN_DIGEST)
    assert [(s.title, len(s.paragraphs)) for s in stories] == [
        ("Wildfire forces evacuations near Athens", 2),
        ("Chile elects new president", 1),
    ]


def test_split_false_keeps_a_digest_as_one_story():
    assert len(clean_document(PLAIN_DIGEST, split=False)) == 1


EMBED = """\
The minister posted a message after the vote.

Proud of our team in #Brussels today with @EUcouncil.
A historic day.

— Anna Berg (@annaberg) June 3, 2024

The law takes effect next year.
"""


def test_embedded_post_block_and_signature_are_dropped():
    story = clean_story(EMBED)
    assert story.paragraphs == ("The minister posted a message after the vote.", "The law takes effect next year.")


def test_hard_wrapped_lines_are_joined_into_paragraphs():
    text = "Officials in the capital said the\nnew bridge would open in\nJune, ahead of schedule.\n\nTraffic will be diverted."
    assert clean_story(text).paragraphs == (
        "Officials in the capital said the new bridge would open in June, ahead of schedule.",
        "Traffic will be diverted.",
    )


def test_story_without_a_headline_has_an_empty_title_and_keeps_its_first_sentence():
    story = clean_story("The council met on Monday. It approved the budget.\nMembers then left.")
    assert story.title == ""
    assert story.text == "The council met on Monday. It approved the budget.\n\nMembers then left."


def test_given_title_is_not_repeated_in_the_body():
    story = clean_story("Bridge opens\nThe bridge opened on Monday.", title="Bridge opens")
    assert story.paragraphs == ("The bridge opened on Monday.",)
    assert story.text == "Bridge opens\n\nThe bridge opened on Monday."


# --- the seed files ------------------------------------------------------------------


@pytest.fixture(scope="module")
def digest_stories(seeds_dir):
    return clean_document((seeds_dir / DIGEST).read_text(encoding="utf-8"))


def _paragraphs(stories):
    return [p for s in stories for p in s.paragraphs]


def test_seed_digest_splits_into_ten_stories_with_their_headlines(digest_stories, seeds_dir):
    lines = (seeds_dir / DIGEST).read_text(encoding="utf-8").splitlines()
    bulleted = [line.strip()[1:].strip() for line in lines if line.strip().startswith("•")]
    assert len(digest_stories) == 10
    assert [s.title for s in digest_stories] == bulleted


def test_seed_digest_titles_appear_once_in_their_text(digest_stories):
    for story in digest_stories:
        key = re.sub(r"[’']", "'", story.title)
        assert re.sub(r"[’']", "'", story.text).count(key) == 1, story.title
        assert story.text.startswith(story.title + "\n\n")


def test_seed_digest_texts_hold_no_captions_posts_teasers_or_appeals(digest_stories):
    for paragraph in _paragraphs(digest_stories):
        assert ends_like_sentence(paragraph), paragraph
        assert not is_caption(paragraph), paragraph
        assert not is_embedded_post(paragraph), paragraph
        assert not is_call_to_action(paragraph), paragraph
        assert "pic.twitter.com" not in paragraph and "Getty Images" not in paragraph
    body = "\n".join(_paragraphs(digest_stories))
    for fragment in ("your cause", "Support Us", "merch", "Note from the author", "16117 views", "@Tsahkna", "#Kyiv"):
        assert fragment not in body, fragment


@pytest.mark.parametrize(
    ("story", "sentence"),
    [
        (0, "Kyiv received 563 bodies, while Russia received 37."),
        (1, "The Presidential Office did not comment on these reports."),
        (2, "Tehran has provided Moscow with thousands of Shahed kamikaze drones."),
        (4, '"That\'s my honest assessment."'),
        (5, "Sometimes, drones are shot down right over residential areas."),
        (6, "In total, Russian forces fired 57 times and caused 129 explosions."),
        (8, "This number includes 1,660 casualties Russian forces suffered just over the past day."),
        (9, "“The target was members of the infantry school,” he said."),
    ],
)
def test_seed_digest_stories_keep_their_sentences(digest_stories, story, sentence):
    assert sentence in digest_stories[story].text


def test_seed_digest_story_paragraph_counts(digest_stories):
    # Every story keeps most of its body: at least 3 paragraphs, the long features dozens.
    counts = [len(s.paragraphs) for s in digest_stories]
    assert min(counts) >= 3
    assert counts[4] >= 40 and counts[5] >= 35


def test_seed_000_keeps_title_and_drops_subheadings_and_captions(seeds_dir):
    (story,) = clean_document((seeds_dir / "000_0c95aa836001924e.txt").read_text(encoding="utf-8"))
    assert story.title == "Russia launches airstrikes on Ukraine"
    assert story.text.startswith("Russia launches airstrikes on Ukraine\n\nKyiv Mayor Vitali Klitschko said")
    assert all(ends_like_sentence(p) for p in story.paragraphs)
    for line in ("German Foreign Minister Annalena Baerbock", "Aid flows into Ukraine", "Comment (0)"):
        assert line not in story.paragraphs
    assert "Comment (0)" not in story.text
    assert len(story.paragraphs) == 17


def test_seed_004_drops_appeal_byline_dateline_and_footer(seeds_dir):
    (story,) = clean_document((seeds_dir / "004_2797c17a782a17bc.txt").read_text(encoding="utf-8"))
    assert story.title == "Russia and Ukraine exchange drone strikes as North Korea's top diplomat visits Moscow"
    assert story.paragraphs[0].startswith("Russia and Ukraine exchanged scores of drone strikes Wednesday")
    assert story.paragraphs[-1].startswith("Maj. Gen. Pat Ryder, the Pentagon press secretary")
    assert len(story.paragraphs) == 9
    for fragment in ("notifications", "Your support", "paywalls", "Illia Novikov", "06:46", "___", "apnews.com", "refresh"):
        assert fragment not in story.text, fragment
