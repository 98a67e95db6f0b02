"""A minimal MCP client that drives server.py over stdio and checks the answers.

It plays the part a host application normally plays: start the server as a
subprocess, connect, discover what the server offers, call the tool, read the
resource and fetch the prompt. Every step is checked with ``assert``, so the
script doubles as a smoke test: it exits with status 0 only if all checks pass.

No network and no model are involved; run it with ``python client.py``
(Python 3.10+ and the ``mcp`` 2.x package).
"""

import asyncio
import json
import sys
from pathlib import Path

from mcp import Client, StdioServerParameters

# Resolve server.py next to this file, so the script works from any working
# directory. sys.executable starts the server with the same interpreter (and
# therefore the same installed `mcp` package) as the client.
SERVER = Path(__file__).resolve().parent / "server.py"
PARAMS = StdioServerParameters(command=sys.executable, args=[str(SERVER)])


async def main() -> None:
    # Entering the block spawns the subprocess and agrees on a protocol
    # version; leaving it closes stdin and stops the server.
    # read_timeout_seconds keeps a hung server from hanging the client forever.
    async with Client(PARAMS, read_timeout_seconds=10) as client:
        print("server:", client.server_info.name, "| protocol:", client.protocol_version)
        assert client.server_info.name == "unit-converter"

        # Discovery: a host does this once and shows the list to the model.
        tools = (await client.list_tools()).tools
        print("tools:", [t.name for t in tools])
        tool = next(t for t in tools if t.name == "convert_length")
        # The schema was generated from the Python type hints in server.py.
        assert tool.input_schema["required"] == ["value", "from_unit", "to_unit"]
        print("input schema:", json.dumps(tool.input_schema["properties"]))

        # tools/call: in a real host the *model* chooses the name and arguments.
        result = await client.call_tool("convert_length", {"value": 5, "from_unit": "km", "to_unit": "mi"})
        print("5 km in miles:", result.structured_content, "| text:", result.content[0].text)
        assert not result.is_error
        assert result.structured_content == {"result": 3.106856}

        # A bad argument comes back as a tool result flagged is_error, not as a
        # crash: the model can read the message and try again.
        bad = await client.call_tool("convert_length", {"value": 1, "from_unit": "parsec", "to_unit": "m"})
        print("bad unit:", bad.is_error, "|", bad.content[0].text)
        assert bad.is_error and "unknown unit" in bad.content[0].text

        # resources/list and resources/read: context the application pulls in.
        resources = (await client.list_resources()).resources
        print("resources:", [str(r.uri) for r in resources])
        assert [str(r.uri) for r in resources] == ["units://length"]
        contents = (await client.read_resource("units://length")).contents
        table = json.loads(contents[0].text)
        print("units table:", table)
        assert table["ft"] == 0.3048

        # prompts/get: a template the user would pick from a menu.
        prompt = await client.get_prompt("explain_conversion", {"value": "3", "from_unit": "ft", "to_unit": "cm"})
        text = prompt.messages[0].content.text
        print("prompt:", text)
        assert "Convert 3" in text and "convert_length" in text

    # mode="legacy" forces the older initialize / initialized handshake (protocol
    # revisions up to 2025-11-25). Many deployed hosts and servers still speak
    # only that era, and MCPServer answers both, so the same server works here too.
    async with Client(PARAMS, mode="legacy", read_timeout_seconds=10) as legacy:
        print("legacy handshake, protocol:", legacy.protocol_version)
        assert legacy.protocol_version == "2025-11-25"
        again = await legacy.call_tool("convert_length", {"value": 1, "from_unit": "ft", "to_unit": "in"})
        assert again.structured_content == {"result": 12.0}

    print("all checks passed")


if __name__ == "__main__":
    asyncio.run(main())
