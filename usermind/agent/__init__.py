"""The LangGraph agent: state, reusable nodes, the turn graph and the ``Agent`` API."""
