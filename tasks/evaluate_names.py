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
STOP_WORDS = frozenset({"of", "the", "for", "and", "on", "in", "to", "a", "an", "at", "s"})

# Titles and roles that may precede a person's name; stripped from the start of a name.
TITLE_WORDS = frozenset(
    {
        "president", "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "madam", "prof",
        "secretary", "minister", "prime", "foreign", "deputy", "vice", "chief", "head",
        "general", "gen", "lt", "col", "colonel", "maj", "major", "commander", "adm", "admiral",
        "spokesman", "spokeswoman", "spokesperson", "press", "senator", "sen", "rep",
        "representative", "governor", "gov", "mayor", "chancellor", "ambassador", "envoy",
        "pope", "king", "queen", "prince", "former", "acting", "self", "proclaimed",
        "ukraine", "russia", "us", "uk", "eu", "kremlin", "defense", "intelligence",
    }
)

# Title phrases removed wherever they appear before the name.
TITLE_PHRASES = ("secretary of state", "secretary-general", "secretary general")

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
    "programme": "program",
}
PHRASE_EQUIVALENTS = (
    ("united states", "us"),
    ("united kingdom", "uk"),
    ("great britain", "uk"),
    ("united nations", "un"),
    ("european union", "eu"),
)

# Generic organisation words that never identify a speaker on their own ("Ministry").
GENERIC_WORDS = frozenset(
    {
        "ministry", "department", "office", "service", "services", "forces", "military",
        "army", "government", "agency", "council", "committee", "media", "officials",
        "official", "authorities", "administration", "spokesman", "source", "sources",
    }
)

SURNAME_THRESHOLD = 90.0  # rapidfuzz ratio of transliteration skeletons, last names
FIRST_NAME_THRESHOLD = 75.0  # first names, once the surnames agree (Vladimir / Volodymyr)
TOKEN_SET_THRESHOLD = 90.0  # token_sort_ratio of the normalised token sets (organisations)


def _ascii(text: str) -> str:
    """Lower-case, accents removed, curly apostrophes straightened."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return text.replace("\u2019", "'").lower()


@lru_cache(maxsize=65536)
def name_tokens(name: str | None) -> tuple[str, ...]:
    """Normalised content tokens of a name: lower ASCII, no punctuation, equivalents applied,
    stop words dropped ("Russia's Ministry of Defence" -> ("russia", "ministry", "defense"))."""
    if not name:
        return ()
    text = _ascii(name)
    text = re.sub(r"'s\b", "", text)
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
    """Name tokens with leading titles removed ("Kremlin spokesman Dmitry Peskov" ->
    ("dmitry", "peskov")); keeps at least one token."""
    if not name:
        return ()
    text = _ascii(name)
    for phrase in TITLE_PHRASES:
        text = text.replace(phrase, " ")
    tokens = list(name_tokens(text))
    while len(tokens) > 1 and tokens[0] in TITLE_WORDS:
        tokens.pop(0)
    return tuple(tokens)


@lru_cache(maxsize=65536)
def skeleton(token: str) -> str:
    """A transliteration skeleton of one token: Oleh/Oleg, Zelenskyy/Zelenskiy/Zelensky,
    Syniehubov/Sinegubov and Kharkiv/Kharkov collapse to the same string."""
    s = token.lower()
    for a, b in (("shch", "s"), ("kh", "h"), ("zh", "z"), ("ch", "c"), ("sh", "s"), ("ts", "c"),
                 ("tz", "c"), ("ph", "f"), ("w", "v"), ("ck", "k"), ("q", "k"), ("x", "ks")):
        s = s.replace(a, b)
    s = s.replace("g", "h")
    s = re.sub(r"[yj]", "i", s)
    s = s.replace("ie", "e").replace("ia", "a").replace("iu", "u").replace("io", "o")
    s = re.sub(r"(.)\1+", r"\1", s)  # double letters
    return s


def tokens_match(a: str, b: str, threshold: float) -> bool:
    """Two name tokens are the same word up to transliteration; an initial ("j") matches any
    token starting with that letter."""
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    sa, sb = skeleton(a), skeleton(b)
    if sa == sb:
        return True
    if min(len(sa), len(sb)) < 4:
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
    words = re.sub(r"[^a-z0-9 ]+", " ", _ascii(name)).split()
    return "".join(w[0] for w in words if w not in STOP_WORDS)


def _acronym_match(a: str, b: str) -> bool:
    acr_a, acr_b = _acronym_of(a), _acronym_of(b)
    if acr_a and not acr_b:
        return acr_a == _initials(b)
    if acr_b and not acr_a:
        return acr_b == _initials(a)
    return False


def _person_match(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Same surname (last token) and compatible first names, or a surname alone."""
    if not a or not b:
        return False
    if not tokens_match(a[-1], b[-1], SURNAME_THRESHOLD) or a[-1] in GENERIC_WORDS:
        return False
    if len(a) == 1 or len(b) == 1:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    # the shorter name's given name must appear among the longer name's non-final tokens
    return any(tokens_match(short[0], t, FIRST_NAME_THRESHOLD) for t in long_[:-1])


def _set_match(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Organisation names: same token set in any order (fuzzy per token), or one name's tokens
    (at least two of them) all contained in the other's."""
    sa, sb = sorted(set(a)), sorted(set(b))
    if not sa or not sb:
        return False
    short, long_ = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
    contained = all(any(tokens_match(t, u, SURNAME_THRESHOLD) for u in long_) for t in short)
    if contained and (len(short) == len(long_) or len(short) >= 2):
        return True
    return fuzz.token_sort_ratio(" ".join(sa), " ".join(sb)) >= TOKEN_SET_THRESHOLD


def same_speaker(gold: str | None, pred: str | None) -> bool:
    """True when ``pred`` names the same person or organisation as ``gold`` (see module doc)."""
    if not gold or not pred or not gold.strip() or not pred.strip():
        return False
    ga, pa = name_tokens(gold), name_tokens(pred)
    if ga and ga == pa:
        return True
    if _acronym_match(gold, pred):
        return True
    if _person_match(person_tokens(gold), person_tokens(pred)):
        return True
    return _set_match(ga, pa)
