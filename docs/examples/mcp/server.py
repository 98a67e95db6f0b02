"""A tiny MCP server: one tool, one resource and one prompt, served over stdio.

Run it by hand with ``python server.py``: it prints nothing and waits, because a
stdio server only answers JSON-RPC messages that a client writes to its stdin.
The companion ``client.py`` starts it as a subprocess and talks to it.

Written against the official Python SDK, package ``mcp`` 2.x, where the
high-level server class is ``MCPServer`` (it was called ``FastMCP`` in 1.x).
"""

import json
import logging

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError

# On stdio, stdout *is* the protocol channel: a stray print() would corrupt the
# JSON-RPC stream. Diagnostics therefore go through `logging`, which writes to
# stderr; the client passes stderr through (or ignores it).
log = logging.getLogger("unit-converter")

# Metres per unit. Keeping the data in one table lets the tool and the resource
# share a single source of truth, so what the model reads is what the tool does.
METRES_PER_UNIT = {
    "mm": 0.001,
    "cm": 0.01,
    "m": 1.0,
    "km": 1000.0,
    "in": 0.0254,
    "ft": 0.3048,
    "mi": 1609.344,
}

# The name and the instructions travel to the client; hosts may show them to the
# user or hand the instructions to the model as a hint on when to use the server.
mcp = MCPServer(
    name="unit-converter",
    version="0.1.0",
    instructions="Converts lengths between metric and imperial units.",
)


# A tool is a function the *model* may decide to call. The SDK builds the JSON
# Schema for the arguments from the type hints and uses the docstring as the
# description, and that description is exactly what the model reads when it
# picks a tool. Keep it short, factual and free of instructions to the model.
@mcp.tool()
def convert_length(value: float, from_unit: str, to_unit: str) -> float:
    """Convert a length between units (mm, cm, m, km, in, ft, mi)."""
    for unit in (from_unit, to_unit):
        if unit not in METRES_PER_UNIT:
            # ToolError marks a failure we anticipated: the SDK returns it as a
            # tool result with isError=true and our message, so the model can read
            # it and retry. Any other exception counts as a crash and the client
            # only sees a generic "Error executing tool", keeping internals private.
            raise ToolError(f"unknown unit {unit!r}; use one of {sorted(METRES_PER_UNIT)}")
    result = value * METRES_PER_UNIT[from_unit] / METRES_PER_UNIT[to_unit]
    log.info("convert_length %s %s -> %s %s", value, from_unit, result, to_unit)
    # Rounding keeps float noise (0.30479999...) out of what the model sees.
    return round(result, 6)


# A resource is read-only context addressed by a URI. The *application* decides
# when to read it (for example to attach it to the conversation); the model
# does not call it the way it calls a tool.
@mcp.resource("units://length", name="length-units", mime_type="application/json")
def length_units() -> str:
    """The supported length units and their size in metres."""
    return json.dumps(METRES_PER_UNIT)


# A prompt is a reusable message template that the *user* picks, typically from
# a slash-command menu in the host.
@mcp.prompt()
def explain_conversion(value: float, from_unit: str, to_unit: str) -> str:
    """Ask the model to convert a length and show the arithmetic."""
    return (
        f"Convert {value} {from_unit} to {to_unit} with the convert_length tool, "
        "then explain the conversion factor in one sentence."
    )


if __name__ == "__main__":
    # The guard matters: tools such as `mcp run` import this module to find the
    # `mcp` object, and an unguarded run() would start serving on import.
    mcp.run()  # the default transport is stdio
