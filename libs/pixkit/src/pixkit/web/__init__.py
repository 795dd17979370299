"""HTTP plumbing shared by the services and the gateway (docs/architecture.md §6).

Import what you need from the submodules (`pixkit.web.app`, `pixkit.web.errors`, …): this
package file stays empty so that domain code importing `pixkit.web.errors` pulls no Flask.
"""
