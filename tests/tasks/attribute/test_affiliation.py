"""tasks/attribute/affiliation.py: a speaker's side from the article's own description."""

from __future__ import annotations

import pytest

from tasks.attribute.affiliation import (
    AffiliationIndex,
    AffiliationSeedError,
    affiliation,
    affiliation_index,
)


@pytest.mark.parametrize(
    "before, after, name, side, evidence",
    [
        # party tags with a US state
        ("Rep. ", ", R-Ga.", "", "west", "party:R-Ga.->US->west"),
        ("Sen. ", " (D-Wash.)", "", "west", "party:D-Wash.->US->west"),
        # institutions in an appositive or as the name itself
        ("", ", a senior fellow at the Atlantic Council", "", "west", "institution:Atlantic Council"),
        ("", ", the IAEA's director general", "", "international", "institution:IAEA"),
        ("", "", "Justice Department", "west", "institution:Justice Department"),
        ("", "", "Albanian Defense Ministry", "west", "institution:"),
        # titles that fix a country, unless a country word stands right before them
        ("Kremlin spokesman ", "", "", "russia", "title:Kremlin spokesman"),
        ("Labour MP ", "", "", "west", "title:"),
        ("Ukrainian MP ", "", "", "ukraine", "demonym:Ukrainian"),
        # a news outlet's contributor who served an institution: the institution's side
        ("", ", an ABC News contributor and former undersecretary at DHS", "", "west", "DHS"),
        ("", ", a senior fellow at RUSI, told the BBC", "", "west", "RUSI"),
        # a country's envoy to an international body is the country's
        ("Britain's U.N. Ambassador ", "", "", "west", "Britain"),
        ("Russia’s UN envoy ", "", "", "russia", "Russia"),
        # demonyms and countries
        ("Ukrainian soldier ", "", "", "ukraine", "demonym:Ukrainian->UA->ukraine"),
        ("", ", a Russian lawmaker", "", "russia", "demonym:Russian->RU->russia"),
        ("Latvia's foreign minister ", "", "", "west", "Latvia"),
        ("", ", a Chinese foreign ministry spokesperson", "", "other", "Chinese"),
        # places of residence
        ("", ", a resident of Kharkiv", "", "ukraine", "place:Kharkiv->UA->ukraine"),
        ("", ", who lives in Belgorod", "", "russia", "place:Belgorod->RU->russia"),
    ],
)
def test_description_gives_side_and_evidence(before, after, name, side, evidence) -> None:
    found = affiliation(before, after, name)
    assert found is not None
    assert found.side == side
    assert evidence in found.evidence


@pytest.mark.parametrize(
    "before, after, side",
    [
        ("", ", a Ukrainian refugee", "ukraine"),  # citizens of Ukraine or Russia: their side
        ("", ", a Russian mother of two", "russia"),
        ("a British tourist ", "", "other"),  # citizens of other countries speak for themselves
        ("", ", an American volunteer", "other"),
        ("British Defence Secretary ", "", "west"),  # an office speaks for the state
    ],
)
def test_citizens_speak_for_themselves(before, after, side) -> None:
    assert affiliation(before, after).side == side


@pytest.mark.parametrize(
    "before, after",
    [
        ("", ""),
        ("critics ", ""),
        ("", ", an expert"),
        ("", ", who spoke to reporters"),
        ("Chad ", ""),  # a given name as often as a country: no evidence
        ("Georgia ", ""),  # a US state as often as a country
    ],
)
def test_no_evidence_no_side(before, after) -> None:
    assert affiliation(before, after) is None


def test_stronger_evidence_wins_over_a_country_word() -> None:
    """"a former head of the British Army, said Russia ..." — an institution beats a country."""
    found = affiliation("", ", a former chief of the British Army who has studied Russia")
    assert found.side == "west"
    assert found.evidence.startswith("institution:")


def test_index_covers_the_seeds() -> None:
    ix = affiliation_index()
    assert len(ix.countries) >= 195
    assert {"Wash", "Tenn", "Ga", "Calif", "Texas"} <= ix.us_states
    assert len(ix.phrases) > 5000


def test_bad_seed_side_is_a_clear_error(tmp_path, monkeypatch) -> None:
    import tasks.attribute.affiliation as aff

    bad = tmp_path / "countries.csv"
    bad.write_text("country,iso2,side,demonyms,aliases,capital,note\nNarnia,NA,friendly,,,,\n")
    monkeypatch.setattr(aff, "COUNTRIES_CSV", bad)
    with pytest.raises(AffiliationSeedError, match="unknown side 'friendly'"):
        AffiliationIndex()


def test_missing_column_is_a_clear_error(tmp_path, monkeypatch) -> None:
    import tasks.attribute.affiliation as aff

    bad = tmp_path / "places.csv"
    bad.write_text("place,kind\nKharkiv,city\n")
    monkeypatch.setattr(aff, "PLACES_CSV", bad)
    with pytest.raises(AffiliationSeedError, match="missing column"):
        AffiliationIndex()


# --- through extraction and attribution: the sentence, the speaker, the side -----------------


def _speakers(text: str):
    import polars as pl

    from tasks.attribute import attribute_speakers
    from tasks.contract import ARTICLES, conform
    from tasks.extract import extract_quotes

    art = conform(pl.DataFrame({"article_id": ["s"], "text": [text]}), ARTICLES)
    out, _ = attribute_speakers(extract_quotes(art), art)
    return out.select("speaker", "speaker_side", "speaker_side_evidence").rows()


@pytest.mark.parametrize(
    "text, speaker, side, evidence",
    [
        ('"We must act now," said Rep. Jody Hice, R-Ga., on Monday.',
         "Jody Hice", "west", "party:R-Ga."),
        ('"This is a disgrace," Sen. Laura Whitfield (R-Tenn.) told reporters.',
         "Laura Whitfield", "west", "party:"),
        ('Emily Carter, a senior fellow at the Atlantic Council, said the sanctions were working.',
         "Emily Carter", "west", "institution:Atlantic Council"),
        ('Mark Hughes, a spokesman for the IAEA, said the inspectors were safe.',
         "Mark Hughes", "international", "institution:IAEA"),
        ('"We are tired of the shelling," said Olena Petrenko, a resident of Kharkiv.',
         "Olena Petrenko", "ukraine", "kharkiv"),
        ('"We are tired of the drones," said Irina Volkova, a resident of Belgorod.',
         "Irina Volkova", "russia", "belgorod"),
        ('"The market is calm," said North Dakota\'s Dale Hoeven.',
         "Dale Hoeven", "west", "place:North Dakota->US->west"),
        ('The Justice Department said the two men had been arrested in Latvia.',
         "Justice Department", "west", "institution:U.S. Department of Justice"),
        ('"The operation goes on," Kremlin spokesman Dmitry Peskov said.',
         "Dmitry Peskov", "russia", "registry"),
    ],
)
def test_speaker_side_from_the_sentence(text, speaker, side, evidence) -> None:
    rows = _speakers(text)
    assert rows, text
    got_speaker, got_side, got_evidence = rows[0]
    assert got_speaker == speaker
    assert got_side == side
    assert evidence.lower() in got_evidence.lower()


@pytest.mark.parametrize("text, side", [
    # "western" before a place or a geographic noun is a compass point, not the West
    ('"A bullet went into my eye," said Ivan, 24, a car mechanic from western Ukraine.',
     "ukraine"),
    ('"The sirens sounded twice," said Petro Koval, a teacher in a western city.', "ukraine"),
    ('"It is over," said Ivan Petrov, a western diplomat.', "west"),
])
def test_western_as_a_compass_point(text, side) -> None:
    assert _speakers(text)[0][1] == side


@pytest.mark.parametrize("text, speaker", [
    # a date before the comma is no name the description belongs to
    ("In May, former head of Roscosmos Dmitry Rogozin said the weapon was ready.",
     "former head of Roscosmos Dmitry Rogozin"),
    ("On Saturday, senior U.K. officials said talks had stalled.", "senior U.K. officials"),
])
def test_a_date_before_the_comma_is_nobody(text, speaker) -> None:
    assert _speakers(text)[0][0] == speaker


def test_unknown_side_has_no_evidence() -> None:
    rows = _speakers('"It will get worse," critics said on Tuesday.')
    assert rows and rows[0][1] == "unknown" and rows[0][2] == ""


# --- the article's setting: undescribed local sources --------------------------------------

UA_STORY = ("Shelling hit Kharkiv again on Monday. In Izium and Kupiansk the power was out, and "
            "trains to Kyiv were cancelled. ")
RU_STORY = ("Drones hit Belgorod on Monday. In Kursk and Bryansk the power was out, and trains "
            "to Moscow were cancelled. ")
US_STORY = ("The trial opened in New York on Monday. Lawyers flew in from Chicago and Boston, "
            "and protesters gathered in Manhattan. ")


@pytest.mark.parametrize(
    "text, side",
    [
        (UA_STORY + "Authorities said 12 people were wounded.", "ukraine"),
        (RU_STORY + "Authorities said 12 people were wounded.", "russia"),
        (UA_STORY + "Residents said they had no water for a week.", "ukraine"),
        (RU_STORY + "Residents said they had no water for a week.", "russia"),
        (US_STORY + "Prosecutors said the men had hidden the money.", "west"),
        (US_STORY + "Residents said the trial should be moved.", "other"),  # citizens: other
        ('"We have no water," said Marina. ' + RU_STORY, "russia"),  # named, not described
        ('"We have no water," said Olga. ' + UA_STORY, "ukraine"),
        # ... also a relative, named after the kin word: a private person of the place
        ('"We have no water," said his mother, Olena Shaban. ' + UA_STORY, "ukraine"),
        # ... and one named by a Slavic diminutive alone ("Sasha", "Dima"): a person, not a body
        ('"You get used to the shelling," said Sasha, a young medic. ' + UA_STORY, "ukraine"),
        ('"We have no water," said Dima. ' + RU_STORY, "russia"),
        ('"We have no water," said her husband, Ivan Petrov. ' + RU_STORY, "russia"),
    ],
)
def test_local_sources_belong_to_where_the_story_happens(text, side) -> None:
    rows = _speakers(text)
    assert rows, text
    assert rows[0][1] == side
    assert rows[0][2].startswith("setting:")


def test_no_clear_setting_no_side() -> None:
    """Places of two countries in even numbers: no setting, the side stays unknown."""
    text = ("Talks were held in Kyiv, Lviv, Moscow and Kursk. "
            "Residents said they hoped for peace.")
    rows = _speakers(text)
    assert rows and rows[0][1] == "unknown"


def test_an_acronym_is_the_fullest_name_the_article_writes() -> None:
    """"DOJ" in an article that also writes "Justice Department": one organisation, one name."""
    rows = _speakers("The Justice Department said two men had been charged on Monday. "
                     "The DOJ said the men had hidden the money.")
    assert [r[0] for r in rows] == ["Justice Department", "Justice Department"]


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("President Kassym-Jomart Tokayev spoke on television on Wednesday. "
         "Kazakhstan's president said foreign fighters had seized the airport.",
         "Kassym-Jomart Tokayev"),
        ("Spokesman Dmitry Peskov spoke to reporters in Moscow. "
         "The Kremlin's spokesman said the talks had stalled.", "Dmitry Peskov"),
    ],
)
def test_an_owned_title_is_the_person_so_titled(text, speaker) -> None:
    rows = _speakers(text)
    assert rows and rows[-1][0] == speaker


@pytest.mark.parametrize(
    "outlet, side",
    [("Mirror", "west"), ("Fox", "west"), ("RT", "russia"), ("Kyiv Independent", "ukraine"),
     ("Unheard Of Weekly", "unknown"), (None, "unknown")],
)
def test_an_unqualified_national_body_is_the_outlets_country(outlet, side) -> None:
    """"The Ministry of Defence said": a British paper's MoD, RT's Russia's (seeds/outlets.csv)."""
    import polars as pl

    from tasks.attribute import attribute_speakers
    from tasks.contract import ARTICLES, conform
    from tasks.extract import extract_quotes

    text = "The Ministry of Defence said the convoy had reached the border on Monday."
    art = conform(pl.DataFrame({"article_id": ["o"], "text": [text], "outlet": [outlet]}),
                  ARTICLES)
    out, _ = attribute_speakers(extract_quotes(art), art)
    assert out["speaker_side"].to_list() == [side]
    if side != "unknown":
        assert out["speaker_side_evidence"][0].startswith(f"outlet:{outlet}->")


def test_who_the_pronoun_is_not_the_who() -> None:
    """The acronym "WHO" lower-cased is the pronoun: "a conservative who took office" gives no
    side, while the World Health Organization written out still does."""
    from tasks.attribute.actors import load_role_words
    from tasks.attribute.coref import side_word

    assert side_word(["a", "conservative", "who", "took", "office"], load_role_words())[1] == ""
    found = affiliation("", ", a WHO spokesperson", "")
    assert found is not None and found.side == "international"
