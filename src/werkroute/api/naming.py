"""Field names: snake_case in Python, lowerCamelCase in the API (NL API Design Rules)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel


def camel(name: str) -> str:
    return to_camel(name)


class CamelSchema(BaseModel):
    """Base of every API schema: attributes in snake_case, JSON in lowerCamelCase."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, from_attributes=True)
