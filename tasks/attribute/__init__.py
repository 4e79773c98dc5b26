"""Attribute: EXTRACTED quotes -> ATTRIBUTED quotes (speaker, actor, side) + ACTORS.

    from tasks.attribute import attribute_speakers, registry, normalise_name

The Prefect task ``attribute_speakers`` lives in ``tasks.attribute.task``.
"""

from tasks.attribute.actors import Actor, Registry, normalise_name, registry, slugify
from tasks.attribute.speakers import attribute_speakers, resolve_mention

__all__ = [
    "Actor", "Registry", "attribute_speakers", "normalise_name", "registry", "resolve_mention",
    "slugify",
]
