"""Serving usermind: the HTTP API (``usermind serve``), API keys, tenants and the MCP server."""
