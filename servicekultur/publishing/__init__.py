"""Publishing: the build worker that re-renders pages whose feedback changed (uses Pelican, so it
sits above the service; ``python -m servicekultur.publishing`` / ``invoke worker``)."""
