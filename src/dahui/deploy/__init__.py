"""A production install on one Debian 12 server, as files and commands.

`dahui install` (cli/install.py) turns the options into an `InstallConfig`, asks `plan()`
for its steps and runs them. Everything the install writes is rendered here by pure
functions, so the test suite uses the very same Caddyfile, settings and units: the TLS test
runs Caddy on a Caddyfile from `caddyfile.render`, and tests/deploy install into a
throwaway root.
"""
