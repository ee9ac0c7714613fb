"""Every model of the project has a factory in its app's ``tests/factories.py``, and each makes a valid row."""

import importlib

import factory
import pytest
from django.apps import apps


def _project_apps():  # type: ignore[no-untyped-def]
    return [app for app in apps.get_app_configs() if app.name.startswith("werkroute.")]


def _factories() -> list[type[factory.django.DjangoModelFactory]]:
    found = []
    for app in _project_apps():
        try:
            module = importlib.import_module(f"{app.name}.tests.factories")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, factory.django.DjangoModelFactory)
                and value._meta.model is not None
                and value.__module__ == module.__name__
            ):
                found.append(value)
    return found


FACTORIES = _factories()


def test_every_model_has_a_factory():
    covered = {each._meta.model for each in FACTORIES}
    models = {model for app in _project_apps() for model in app.get_models()}
    assert sorted(model._meta.label for model in models - covered) == []


@pytest.mark.django_db
@pytest.mark.parametrize("make", FACTORIES, ids=lambda each: each.__name__)
def test_each_factory_makes_a_valid_row(make):
    row = make()
    assert row.pk is not None
    # Fields the database allows empty (an author whose account was removed) are left to the database.
    nullable = [field.name for field in row._meta.concrete_fields if field.null]
    row.full_clean(exclude=nullable, validate_unique=False, validate_constraints=False)
