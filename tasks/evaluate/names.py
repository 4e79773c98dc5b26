"""Speaker-name comparison for the evaluator: does a predicted speaker name the gold speaker?

The gold ``speaker`` is the most complete name in the article, spelled as the article spells it;
the predicted ``speaker`` is usually the registry's canonical name. ``same_speaker`` tolerates

- a surname alone ("Peskov" vs "Dmitry Peskov") and titles ("President", "Mr.",
  "Secretary of State", "Kremlin spokesman");
- transliteration variants (Zelenskyy / Zelensky / Zelenskiy, Oleh / Oleg, Volodymyr / Vladimir):
  tokens are reduced to a transliteration skeleton and compared with rapidfuzz similarity;
- acronyms ("ISW" vs "Institute for the Study of War": initials of the content words);
- word order of organisation names ("Russian Defense Ministry" vs "Ministry of Defence of
  Russia": token sets after normalising defence/defense, Russia/Russian, dropping "of the").

It is deliberately strict about different people: "Dmitry Peskov" vs "Dmitry Medvedev" and
"Peskov" vs "Putin" do not match. The small word lists below are part of the metric's
definition (not pipeline vocabulary), so they live here rather than in seeds/.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz

# Function words ignored when comparing names and building acronyms.
STOP_WORDS = frozenset(
    {"of", "the", "for", "and", "on", "in", "to", "a", "an", "at", "s", "affairs"}
)

# Words skipped when building an acronym ("Organization for Security and Co-operation in
# Europe" -> "osce").
ACRONYM_SKIP = frozenset({"of", "the", "for", "and", "on", "in", "to", "a", "an", "at"})

# Titles, roles and affiliations that may precede a person's name: a name is compared from
# the word after its last title word ("Kremlin spokesman Dmitry Peskov" -> "Dmitry Peskov").
TITLE_WORDS = frozenset(
    {
        "president", "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "madam", "prof",
        "secretary", "minister", "prime", "foreign", "deputy", "vice", "chief", "head",
        "general", "gen", "lt", "col", "colonel", "maj", "major", "commander", "adm", "admiral",
        "spokesman", "spokeswoman", "spokesperson", "press", "senator", "sen", "rep",
        "representative", "governor", "gov", "mayor", "chancellor", "ambassador", "envoy",
        "pope", "king", "queen", "prince", "former", "acting", "self", "proclaimed",
        "ukraine", "russia", "us", "uk", "eu", "kremlin", "defense", "intelligence",
        "national", "security", "adviser", "advisor", "aide", "leader", "member",
    }
)

# Title phrases removed wherever they appear before the name.
TITLE_PHRASES = ("secretary of state", "secretary-general", "secretary general", "white house")

# Spelling/adjective variants mapped to one token (country adjectives, defence/defense, ...).
TOKEN_EQUIVALENTS = {
    "defence": "defense",
    "russian": "russia",
    "russias": "russia",
    "ukrainian": "ukraine",
    "ukraines": "ukraine",
    "british": "uk",
    "britain": "uk",
    "britains": "uk",
    "american": "us",
    "usa": "us",
    "kiev": "kyiv",
    "organisation": "organization",
    "german": "germany",
    "french": "france",
    "polish": "poland",
    "belarusian": "belarus",
    "chinese": "china",
    "programme": "program",
    "internal": "interior",
    "army": "military",
}
PHRASE_EQUIVALENTS = (
    ("united states", "us"),
    ("united kingdom", "uk"),
    ("great britain", "uk"),
    ("united nations", "un"),
    ("european union", "eu"),
    ("russia federation", "russia"),
    ("russian federation", "russia"),
    ("armed forces", "military"),
)

# Words that mark an organisation (or a group): such names are never compared as persons,
# and a word of this list never identifies a speaker on its own ("Ministry").
ORG_WORDS = frozenset(
    {
        "ministry", "department", "office", "service", "services", "forces", "force", "military",
        "army", "navy", "government", "agency", "council", "committee", "commission", "media",
        "officials", "official", "authorities", "administration", "source", "sources",
        "institute", "intelligence", "staff", "command", "guard", "police", "parliament",
        "organization", "union", "nations", "bank", "court", "party", "group", "center",
        "centre", "university", "foundation", "watchdog", "company", "news",
        "prosecutor", "emergency", "kremlin", "pentagon",
    }
)

# Countries and nations (after TOKEN_EQUIVALENTS): an organisation name may add or omit its
# country ("Defense Ministry" vs "Russian Defense Ministry"), and a country is no surname.
NATION_WORDS = frozenset(
    {
        "russia", "ukraine", "us", "uk", "eu", "un", "nato", "germany", "france", "poland",
        "belarus", "china", "kyiv", "moscow", "washington", "london", "berlin", "paris",
    }
)

# Words that may follow an organisation's own name ("Wagner" = "Wagner Group").
ORG_SUFFIXES = frozenset(
    {"group", "regiment", "battalion", "brigade", "corporation", "corp", "company", "inc",
     "ltd", "international", "movement", "organization", "foundation"}
)

# rapidfuzz ratios of transliteration skeletons (see ``skeleton``)
SURNAME_THRESHOLD = 85.0  # surnames of two full names (Pasichnyk / Pasechnik)
SURNAME_ALONE_THRESHOLD = 88.0  # a surname alone (Lukashenka / Lukashenko, not Navalnaya)
FIRST_NAME_THRESHOLD = 75.0  # given names, once the surnames agree (Vladimir / Volodymyr)
TOKEN_THRESHOLD = 88.0  # words of organisation names


def _ascii(text: str) -> str:
    """Lower-case, accents removed, curly apostrophes straightened."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()


@lru_cache(maxsize=65536)
def name_tokens(name: str | None) -> tuple[str, ...]:
    """Normalised content tokens of a name: lower ASCII, no punctuation, equivalents applied,
    stop words dropped ("Russia's Ministry of Defence" -> ("russia", "ministry", "defense"))."""
    if not name:
        return ()
    text = _ascii(name)
    text = re.sub(r"\([^)]*\)", " ", text)  # "(ISW)": compared separately, see _parts
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"(?<=[a-z])-(?=[a-z])", "", text)  # Jong-un, Co-operation, Jean-Pierre
    text = re.sub(r"\b([a-z])\.(?=[a-z]\.)", r"\1", text)  # U.S. -> US., U.N. -> UN.
    text = re.sub(r"\b([a-z])\.(?=\s|$)", r"\1", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    text = f" {text} "
    for phrase, token in PHRASE_EQUIVALENTS:
        text = text.replace(f" {phrase} ", f" {token} ")
    tokens = [TOKEN_EQUIVALENTS.get(t, t) for t in text.split()]
    return tuple(t for t in tokens if t not in STOP_WORDS)


@lru_cache(maxsize=65536)
def person_tokens(name: str | None) -> tuple[str, ...]:
    """Name tokens after the last title word ("White House press secretary Karine Jean-Pierre"
    -> ("karine", "jean", "pierre")); keeps at least one token."""
    if not name:
        return ()
    text = _ascii(name)
    for phrase in TITLE_PHRASES:
        text = text.replace(phrase, " ")
    tokens = name_tokens(text)
    last_title = max((i for i, t in enumerate(tokens[:-1]) if t in TITLE_WORDS), default=-1)
    return tokens[last_title + 1:]


@lru_cache(maxsize=65536)
def skeleton(token: str) -> str:
    """A transliteration skeleton of one token: Oleh/Oleg, Zelenskyy/Zelenskiy/Zelensky,
    Syniehubov/Sinegubov and Kharkiv/Kharkov collapse to the same string."""
    s = token.lower()
    for a, b in (("shch", "s"), ("kh", "h"), ("zh", "z"), ("ch", "c"), ("sh", "s"), ("ts", "c"),
                 ("tz", "c"), ("ph", "f"), ("w", "v"), ("ck", "k"), ("q", "k"), ("x", "ks")):
        s = s.replace(a, b)
    s = s.replace("g", "h").replace("z", "s")
    s = re.sub(r"[yj]", "i", s)
    s = re.sub(r"(.)\1+", r"\1", s)  # double letters (Zelenskyy, Oleksii, Yuliia)
    s = s.replace("ie", "e").replace("io", "e").replace("ia", "a").replace("iu", "u")
    s = re.sub(r"(.)\1+", r"\1", s)
    return s


def tokens_match(
    a: str, b: str, threshold: float, min_len: int = 4, given_name: bool = False
) -> bool:
    """Two name tokens are the same word up to transliteration: equal skeletons, or a rapidfuzz
    ratio >= ``threshold`` when both skeletons have ``min_len`` letters and (except for given
    names: Oleksii / Alexei) start alike. For given names an initial ("j") matches any token
    starting with that letter."""
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return given_name and a[0] == b[0]
    sa, sb = skeleton(a), skeleton(b)
    if sa == sb:
        return True
    if min(len(sa), len(sb)) < min_len or (not given_name and sa[0] != sb[0]):
        return False
    return fuzz.ratio(sa, sb) >= threshold


def _acronym_of(name: str) -> str | None:
    """The acronym a name IS ("ISW", "U.N.", "IAEA"), lower-cased; None when not an acronym."""
    raw = name.strip().replace(".", "")
    raw = re.sub(r"^the\s+", "", raw, flags=re.IGNORECASE)
    if 2 <= len(raw) <= 8 and raw.isalpha() and raw.isupper():
        return raw.lower()
    return None


def _initials(name: str) -> str:
    """Initials of the content words of a name ("Institute for the Study of War" -> "isw")."""
    text = re.sub(r"\([^)]*\)", " ", _ascii(name)).replace("-", "")
    words = re.sub(r"[^a-z0-9 ]+", " ", text).split()
    return "".join(w[0] for w in words if w not in ACRONYM_SKIP)


def _acronym_match(a: str, b: str) -> bool:
    acr_a, acr_b = _acronym_of(a), _acronym_of(b)
    if acr_a and not acr_b:
        return acr_a == _initials(b)
    if acr_b and not acr_a:
        return acr_b == _initials(a)
    return False


def _looks_like_org(tokens: tuple[str, ...]) -> bool:
    return any(t in ORG_WORDS for t in tokens)


def _person_match(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Same surname (last token) and compatible given names, or one name alone: a surname
    ("Peskov"), or the first of a short name ("Xi" for "Xi Jinping", "Jayme" for "Jayme
    Closs"). Names with organisation words are not persons; countries are no surnames;
    names of one or two letters must be equal."""
    if not a or not b or _looks_like_org(a) or _looks_like_org(b):
        return False
    if a[-1] in NATION_WORDS or b[-1] in NATION_WORDS:
        return False
    if len(a) == 1 or len(b) == 1:
        single, other = (a[0], b) if len(a) == 1 else (b[0], a)
        if len(single) <= 2 or len(other[-1]) <= 2:
            return single in (other[-1], other[0])
        if tokens_match(single, other[-1], SURNAME_ALONE_THRESHOLD, min_len=5):
            return True
        return len(other) <= 3 and skeleton(single) == skeleton(other[0])
    if min(len(a[-1]), len(b[-1])) <= 2:
        if a[-1] != b[-1]:
            return False
    elif not tokens_match(a[-1], b[-1], SURNAME_THRESHOLD):
        return False
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    # the shorter name's given name must appear among the longer name's non-final tokens
    return any(
        tokens_match(short[0], t, FIRST_NAME_THRESHOLD, min_len=3, given_name=True)
        for t in long_[:-1]
    )


def _singular(token: str) -> str:
    """Crude plural stripping for organisation words ("services" -> "service")."""
    if len(token) > 4 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def _set_match(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Organisation names: the same words in any order (fuzzy per word), possibly with a
    country added or omitted ("Defense Ministry" vs "Ministry of Defence of Russia"), or all
    words (at least two besides the country) of one name inside the other ("Ukrainian
    emergency services" vs "State Emergency Service of Ukraine")."""
    sa, sb = {_singular(t) for t in a}, {_singular(t) for t in b}
    if not sa or not sb:
        return False
    core_a, core_b = sa - NATION_WORDS, sb - NATION_WORDS
    if sa != sb and (not core_a or not core_b):
        return False  # "Russia" vs "Ukraine", "Russia" vs "Russian Defense Ministry" stay apart
    if (sa & NATION_WORDS) and (sb & NATION_WORDS) and (sa & NATION_WORDS) != (sb & NATION_WORDS):
        return False  # "British Defense Ministry" vs "Russian Defense Ministry"

    def covered(xs: set[str], ys: set[str]) -> bool:
        return all(any(tokens_match(x, y, TOKEN_THRESHOLD) for y in ys) for x in xs)

    a_in_b, b_in_a = covered(core_a, core_b), covered(core_b, core_a)
    if a_in_b and b_in_a:
        return True
    nat_a, nat_b = sa & NATION_WORDS, sb & NATION_WORDS
    # the shorter name may omit the country, not name one the longer name lacks
    if a_in_b and nat_a <= nat_b and (len(core_a) >= 2 or core_b - core_a <= ORG_SUFFIXES):
        return True
    return b_in_a and nat_b <= nat_a and (len(core_b) >= 2 or core_a - core_b <= ORG_SUFFIXES)


def _parts(name: str) -> list[str]:
    """A compound source split into its parts ("Antony Blinken and the head of NATO")."""
    parts = re.split(r",?\s+(?:and|as well as)\s+|,\s+|\s*&\s*|\s*[()]\s*", name)
    return [p for p in parts if p.strip()]


def _same(gold: str, pred: str) -> bool:
    ga, pa = name_tokens(gold), name_tokens(pred)
    if ga and "".join(ga) == "".join(pa):  # also "Kim Jong-un" vs "Kim Jong Un"
        return True
    if _acronym_match(gold, pred):
        return True
    if _person_match(person_tokens(gold), person_tokens(pred)):
        return True
    return _set_match(ga, pa)


def same_speaker(gold: str | None, pred: str | None) -> bool:
    """True when ``pred`` names the same person or organisation as ``gold`` (see module doc);
    for a compound gold source ("X and Y") naming either part is enough."""
    if not gold or not pred or not gold.strip() or not pred.strip():
        return False
    if _same(gold, pred):
        return True
    parts = _parts(gold)
    return len(parts) > 1 and any(_same(part, pred) for part in parts)
