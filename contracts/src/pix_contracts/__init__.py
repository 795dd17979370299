"""Event contracts of the Pix platform, in Python.

The marshmallow schemas here are the source of every contract; the JSON Schemas in
contracts/, for other languages, are generated from them (python -m pix_contracts.generate,
contracts/README.md). Wire names are explicit strings, never derived from class names.

The package itself imports nothing, so that a pure domain importing pix_contracts.framework
or pix_contracts.topics loads no marshmallow: the schemas by (wire name, version) and the
validating functions are in pix_contracts.registry.
"""
