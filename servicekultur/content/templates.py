"""Each template compiled once per process: Pelican gives every generator its own Jinja
environment, and each of them compiled the same templates again (56 compilations of the same
few files in one build, about 0.3 s). The environments share this cache through Pelican's
``JINJA_ENVIRONMENT`` (``bytecode_cache``); Jinja checks every entry against the template's
source, so an edited template is compiled anew.
"""

from __future__ import annotations

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket


class SharedBytecode(BytecodeCache):
    """Compiled templates in memory, for every environment of this process that uses it."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # dropped by Jinja if the source changed

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._code.clear()


TEMPLATE_CODE = SharedBytecode()
