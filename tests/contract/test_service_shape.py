"""Every service has the one shape (docs/service-shape.md): the same top-level parts, its
refusals mapped to HTTP in one table with French and English texts, a domain that knows
nothing of HTTP, a worker that is the shared serve() and nothing else.

Each check is parametrized by service, so a failure names the service that drifted.
"""
from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path
from types import ModuleType

import pytest
from pix_contracts.topics import SERVICES
from pixkit import worker as pixkit_worker
from pixkit.errors import DomainError
from pixkit.settings import Settings
from pixkit.web.messages import BASE_MESSAGES, LANGUAGES

pytestmark = pytest.mark.contract

PACKAGES = ("domain", "handlers", "projections", "reactors", "adapters", "entrypoints")
TOP_LEVEL = {"__init__.py", "config.py", "bootstrap.py", *PACKAGES}
ENTRYPOINTS = ("http.py", "worker.py", "errors.py", "messages.py")


def package_dir(service: str) -> Path:
    return Path(importlib.import_module(f"pix_{service}").__file__).parent


def entries(directory: Path) -> set[str]:
    # Bytecode caches and editor/tool droppings are not part of the shape.
    return {p.name for p in directory.iterdir() if p.name != "__pycache__" and not p.name.startswith(".")}


def domain_modules(service: str) -> list[ModuleType]:
    domain = importlib.import_module(f"pix_{service}.domain")
    return [domain, *(importlib.import_module(info.name)
                      for info in pkgutil.walk_packages(domain.__path__, prefix=f"{domain.__name__}."))]


def domain_classes(service: str) -> list[type]:
    """The classes defined (not merely imported) under the service's domain/."""
    found = {}
    for module in domain_modules(service):
        for value in vars(module).values():
            if inspect.isclass(value) and value.__module__ == module.__name__:
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return list(found.values())


def domain_errors(service: str) -> list[type]:
    return [cls for cls in domain_classes(service) if issubclass(cls, DomainError)]


def error_table(service: str) -> dict:
    return importlib.import_module(f"pix_{service}.entrypoints.errors").ERRORS


def service_messages(service: str) -> dict:
    return importlib.import_module(f"pix_{service}.entrypoints.messages").MESSAGES


def wire_code(cls: type, row) -> str:
    return cls.code if isinstance(row, int) else row[1]


@pytest.mark.parametrize("service", SERVICES)
def test_the_top_level_is_exactly_the_shape(service):
    assert entries(package_dir(service)) == TOP_LEVEL


@pytest.mark.parametrize("service", SERVICES)
def test_each_part_is_a_package_that_says_what_it_holds(service):
    """A part a service does not need yet is still there, its docstring saying so."""
    root = package_dir(service)
    for part in PACKAGES:
        init = root / part / "__init__.py"
        assert init.is_file(), f"{part}/ is not a package"
        assert ast.get_docstring(ast.parse(init.read_text())), f"{part}/__init__.py has no docstring"
    assert ast.get_docstring(ast.parse((root / "__init__.py").read_text())), "the package has no docstring"


@pytest.mark.parametrize("service", SERVICES)
def test_the_entrypoints_are_http_worker_errors_and_messages(service):
    present = entries(package_dir(service) / "entrypoints")
    assert set(ENTRYPOINTS) <= present, sorted(set(ENTRYPOINTS) - present)


@pytest.mark.parametrize("service", SERVICES)
def test_every_domain_error_has_a_row_in_the_errors_table(service):
    table = error_table(service)
    missing = [cls.__qualname__ for cls in domain_errors(service) if cls not in table]
    assert missing == []


@pytest.mark.parametrize("service", SERVICES)
def test_every_code_of_the_table_has_a_french_and_an_english_text(service):
    catalog = {**BASE_MESSAGES, **service_messages(service)}
    for cls, row in error_table(service).items():
        code = wire_code(cls, row)
        texts = catalog.get(code, {})
        assert all(isinstance(texts.get(lang), str) and texts[lang].strip() for lang in LANGUAGES), code


@pytest.mark.parametrize("service", SERVICES)
def test_the_table_and_the_texts_are_the_ones_the_app_uses(service):
    http = importlib.import_module(f"pix_{service}.entrypoints.http")
    settings = Settings(service=service, kafka_bootstrap="127.0.0.1:1", mongo_uri="mongodb://127.0.0.1:1",
                        testing=True)
    state = http.create_app(settings, service_container=object(), ready_checks={}).extensions["pix"]
    assert {cls: state.errors.get(cls) for cls in error_table(service)} == error_table(service)
    assert {code: state.messages.get(code) for code in service_messages(service)} == service_messages(service)


@pytest.mark.parametrize("service", SERVICES)
def test_the_domain_knows_no_http_status(service):
    assert [cls.__qualname__ for cls in domain_classes(service) if hasattr(cls, "http_status")] == []


@pytest.mark.parametrize("service", SERVICES)
def test_the_worker_is_the_shared_serve_and_nothing_else(service, monkeypatch):
    module = importlib.import_module(f"pix_{service}.entrypoints.worker")
    (main,) = [node for node in ast.parse(inspect.getsource(module)).body
               if isinstance(node, ast.FunctionDef) and node.name == "main"]
    body = main.body[1:] if ast.get_docstring(main) else main.body
    assert len(body) == 1 and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Call), \
        "main() does more than one call"

    calls = []

    def serve(*args, **kwargs):
        calls.append((args, kwargs))

    original = pixkit_worker.serve
    monkeypatch.setattr(pixkit_worker, "serve", serve)
    for name, value in list(vars(module).items()):
        if value is original:
            monkeypatch.setattr(module, name, serve)
    module.main()
    config = importlib.import_module(f"pix_{service}.config")
    bootstrap = importlib.import_module(f"pix_{service}.bootstrap")
    assert calls == [((config.SERVICE, bootstrap.bootstrap), {})]
