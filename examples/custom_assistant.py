"""A custom assistant built with usermind: its own system prompt and one custom tool.

Runs offline on the embedded model:  python examples/custom_assistant.py --home /tmp/um-example
The tool converts cooking units; usermind's LLM-free ``select_tools`` node calls it when a message
matches its description and every argument can be read from the message.
"""

from __future__ import annotations

import argparse
from typing import Literal

from usermind import Agent
from usermind.tools import ToolRegistry

Unit = Literal["cup", "tbsp", "tsp", "ml", "oz", "lb", "g"]
FACTORS = {
    ("cup", "ml"): 240.0,
    ("tbsp", "ml"): 15.0,
    ("tsp", "ml"): 5.0,
    ("oz", "g"): 28.35,
    ("lb", "g"): 453.6,
}

tools = ToolRegistry()


@tools.tool(
    description="Convert a cooking quantity between units such as cups, tbsp, tsp, ml, oz, lb and grams"
)
def convert_units(amount: float, from_unit: Unit, to_unit: Unit) -> str:
    key = (from_unit, to_unit)
    if key in FACTORS:
        return f"{amount:g} {from_unit} = {amount * FACTORS[key]:.1f} {to_unit}"
    if key[::-1] in FACTORS:
        return f"{amount:g} {from_unit} = {amount / FACTORS[key[::-1]]:.2f} {to_unit}"
    raise ValueError(f"no conversion from {from_unit} to {to_unit}")


SYSTEM_PROMPT = "You are Basil, a friendly kitchen assistant. Answer in one or two sentences."


def main(argv: list[str] | None = None) -> list[str]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--home", default=None)
    parser.add_argument("--model", default=None, help="litellm model string (default: the embedded model)")
    args = parser.parse_args(argv)
    lines = []
    with Agent(
        user="chef", home=args.home, model=args.model, tools=tools, system_prompt=SYSTEM_PROMPT
    ) as agent:
        for message in [
            "I am allergic to peanuts.",
            "Convert 2 cups to ml please.",
            "What am I allergic to?",
        ]:
            reply = agent.chat(message)
            used = [r["output"] for r in reply.tool_results if r["ok"]]
            lines.append(f"you: {message}\nbasil: {reply.text}" + (f"\n  (tool: {used[0]})" if used else ""))
            print(lines[-1], flush=True)
    return lines


if __name__ == "__main__":
    main()
