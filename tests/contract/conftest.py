import pytest

from .contract_support import load_yaml


@pytest.fixture(scope="session")
def catalog():
    return load_yaml("catalog.yaml")


@pytest.fixture(scope="session")
def asyncapi():
    return load_yaml("asyncapi.yaml")
